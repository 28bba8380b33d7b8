using System.Text.Json;
using System.Text.Json.Nodes;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>Model-driven random input (fixed seed, so it is repeatable): every operation of the three JSON services
/// gets structurally plausible but mostly invalid requests. The emulator must answer each with an AWS-shaped 4xx
/// (or 200, or 501 for operations without a handler) — never another 5xx — and keep serving.</summary>
public sealed class RandomInputTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static readonly string[] Strings =
        ["ws-abc123def", "d-0123456789", "wsb-abcdefghi", "", new string('a', 300), "subnet-0123456789abcdef0", "10.0.0.0/16", "Sup3rSecret!", "jdoe", "\u0000\uffff"];

    [Theory]
    [InlineData("workspaces", 11)]
    [InlineData("ds", 12)]
    [InlineData("ds-data", 13)]
    public async Task Random_requests_never_cause_a_server_error(string service, int seed)
    {
        var model = ServiceModel.Load(service);
        var random = new Random(seed);
        var wire = factory.Wire();
        var operations = model.Operations.Values.OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < 400; i++)
        {
            var op = operations[random.Next(operations.Count)];
            var body = Value(model, op.InputShape, random, 0)?.ToJsonString() ?? "null";
            if (random.NextDouble() < 0.05) body = body[..Math.Max(0, body.Length - 3)];
            var response = service == "ds-data"
                ? await wire.RestJsonAsync(op.RequestUri + (random.NextDouble() < 0.8 ? "?DirectoryId=d-0123456789" : ""), body)
                : await wire.JsonRawAsync(service, $"{model.TargetPrefix}.{op.Name}", body);
            response.Status.Should().NotBe(500, $"{op.Name} {body} → {response.Body}");
            response.Status.Should().BeOneOf([200, 400, 403, 404, 409, 429, 501], $"{op.Name} {body} → {response.Body}");
            if (response.Status != 200) response.Header("X-Amzn-ErrorType").Should().NotBeNullOrEmpty();
        }
        (await factory.CreateClient().GetAsync("/_emulator/health")).IsSuccessStatusCode.Should().BeTrue();
    }

    private static JsonNode? Value(ServiceModel model, string shapeName, Random random, int depth)
    {
        var shape = model.Shapes[shapeName];
        if (random.NextDouble() < 0.08)
            return JsonNode.Parse(new[] { "null", "1", "\"x\"", "[]", "{}", "true", "1.5", "-1", "100000000000000000000" }[random.Next(9)]);
        switch (shape.Type)
        {
            case "structure":
                var obj = new JsonObject();
                if (depth > 4) return obj;
                foreach (var member in shape.Members.Values)
                    if (random.NextDouble() < 0.6) obj[member.Name] = Value(model, member.Shape, random, depth + 1);
                return obj;
            case "list":
                var array = new JsonArray();
                var count = new[] { 0, 1, 2, 30 }[random.Next(4)];
                for (var i = 0; i < count; i++) array.Add(Value(model, shape.ListMember!, random, depth + 1));
                return array;
            case "map":
                var map = new JsonObject();
                for (var i = 0; i < random.Next(3); i++) map["k" + i] = Value(model, shape.MapValue!, random, depth + 1);
                return map;
            case "string":
                return shape.Enum is { } values && random.NextDouble() < 0.7 ? values[random.Next(values.Length)] : Strings[random.Next(Strings.Length)];
            case "integer" or "long":
                return new long[] { 0, 1, 25, 26, -5, 60, 1L << 31 }[random.Next(7)];
            case "boolean":
                return random.Next(2) == 0;
            case "timestamp":
                return random.Next(2) == 0 ? 1_700_000_000 : "2020-01-01T00:00:00Z";
            case "blob":
                return random.Next(2) == 0 ? "aGVsbG8=" : "!!notbase64";
            default:
                return JsonValue.Create(JsonSerializer.Serialize(shape.Type));
        }
    }
}
