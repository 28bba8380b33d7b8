using WorkSpacesEmulator.Fuzzing;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>The model-driven fuzzer over every operation of the three services and the EC2 actions, in-process, with
/// fixed seeds: no answer is a 5xx, and every body parses as its content type says. (emulator/tools/Fuzzer runs the
/// same generator against a real port for as many requests as asked.)</summary>
public sealed class FuzzTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private const int RequestsPerSeed = 1_500;

    [Fact]
    public Task Fuzzed_requests_seed_1() => Run(1);

    [Fact]
    public Task Fuzzed_requests_seed_2() => Run(2);

    [Fact]
    public Task Fuzzed_requests_seed_3() => Run(3);

    /// <summary>Never a 5xx, never a malformed body, for one seed.</summary>
    private async Task Run(int seed)
    {
        var fuzzer = new RequestFuzzer(seed, (200000000000L + seed).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var http = factory.CreateClient();
        var problems = new List<string>();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < RequestsPerSeed; i++)
        {
            var r = fuzzer.Next();
            labels.Add(r.Label);
            using var message = r.ToHttpRequest();
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (FuzzVerdict.Problem((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, r.Method) is { } problem)
                problems.Add($"#{i} {r.Label}: {problem}: {System.Text.Encoding.UTF8.GetString(body[..Math.Min(400, body.Length)])}\n  request: {System.Text.Encoding.UTF8.GetString(r.Body[..Math.Min(400, r.Body.Length)])}");
        }
        problems.Should().BeEmpty();
        // The generator reaches most operations in one seed (188 JSON operations + 18 EC2 actions).
        labels.Count.Should().BeGreaterThan(150);
    }
}
