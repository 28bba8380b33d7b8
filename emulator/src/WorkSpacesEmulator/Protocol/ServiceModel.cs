using System.Text.Json;
using System.Text.RegularExpressions;

namespace WorkSpacesEmulator.Protocol;

/// <summary>The structure of one imported service model (ServiceModels/*.json): operations, shapes and
/// constraints. Loaded once at start-up; the single source of truth for validation and routing.</summary>
public sealed class ServiceModel
{
    private ServiceModel(string name, JsonElement root)
    {
        Name = name;
        var metadata = root.GetProperty("metadata");
        Protocol = metadata.GetProperty("protocol").GetString()!;
        TargetPrefix = metadata.TryGetProperty("targetPrefix", out var tp) ? tp.GetString() : null;
        SigningName = metadata.TryGetProperty("signingName", out var sn) ? sn.GetString()! : metadata.GetProperty("endpointPrefix").GetString()!;
        ServiceFullName = metadata.GetProperty("serviceFullName").GetString()!;

        foreach (var shape in root.GetProperty("shapes").EnumerateObject())
            Shapes[shape.Name] = new ShapeDefinition(shape.Name, shape.Value);
        foreach (var op in root.GetProperty("operations").EnumerateObject())
        {
            var http = op.Value.GetProperty("http");
            Operations[op.Name] = new OperationDefinition(
                op.Name,
                ShapeOf(op.Name, op.Value, "input", "Request"),
                ShapeOf(op.Name, op.Value, "output", "Response"),
                http.GetProperty("method").GetString()!,
                http.GetProperty("requestUri").GetString()!);
        }
        if (root.TryGetProperty("paginators", out var paginators))
            foreach (var p in paginators.EnumerateObject()) PaginatedOperations.Add(p.Name);
    }

    // An operation without an input or output (KMS's EnableKey, DeleteAlias…) gets an empty structure, named as
    // emulator/tools/generate_code.py names the generated type.
    private static readonly JsonElement EmptyStructure = JsonDocument.Parse("{\"type\":\"structure\",\"members\":{}}").RootElement;

    private string ShapeOf(string operation, JsonElement op, string side, string suffix)
    {
        if (op.TryGetProperty(side, out var s)) return s.GetProperty("shape").GetString()!;
        var name = operation + suffix;
        Shapes.TryAdd(name, new ShapeDefinition(name, EmptyStructure));
        return name;
    }

    public string Name { get; }
    public string Protocol { get; }
    public string? TargetPrefix { get; }
    public string SigningName { get; }
    public string ServiceFullName { get; }
    public Dictionary<string, ShapeDefinition> Shapes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, OperationDefinition> Operations { get; } = new(StringComparer.Ordinal);
    public HashSet<string> PaginatedOperations { get; } = new(StringComparer.Ordinal);

    /// <summary>The member name an error shape uses for its message: workspaces says <c>message</c>,
    /// ds and ds-data say <c>Message</c>. Unmodelled codes use the service's prevailing casing.</summary>
    public string MessageMemberFor(string errorCode)
    {
        if (Shapes.TryGetValue(errorCode, out var shape) && shape.IsException)
            return shape.Members.ContainsKey("message") ? "message" : "Message";
        return Name == "workspaces" ? "message" : "Message";
    }

    public bool ErrorHasMember(string errorCode, string member) =>
        Shapes.TryGetValue(errorCode, out var shape) ? shape.Members.ContainsKey(member) : Name == "ds" && member == "RequestId";

    /// <summary>HTTP status of an error: the model's error trait (ds-data) or 400/500 by fault.</summary>
    public int StatusFor(string errorCode, int fallback)
    {
        if (Shapes.TryGetValue(errorCode, out var shape) && shape.IsException)
            return shape.HttpStatus ?? (shape.IsFault ? 500 : 400);
        return fallback;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<ServiceModel>> Early = new(StringComparer.Ordinal);

    /// <summary>Starts reading the embedded models on the thread pool (Program.cs, first thing), so parsing them
    /// (~0.5 MB of JSON, ~2,000 shapes) overlaps building the host on the other core; <see cref="Load"/> takes the result.</summary>
    public static void BeginLoading(params string[] names)
    {
        foreach (var name in names) Early.TryAdd(name, Task.Run(() => Read(name)));
    }

    public static ServiceModel Load(string name) =>
        Early.TryRemove(name, out var early) ? early.GetAwaiter().GetResult() : Read(name);

    private static ServiceModel Read(string name)
    {
        var asm = typeof(ServiceModel).Assembly;
        using var stream = asm.GetManifestResourceStream($"ServiceModels.{name}.json")
            ?? throw new InvalidOperationException($"Embedded model ServiceModels/{name}.json is missing.");
        using var doc = JsonDocument.Parse(stream);
        return new ServiceModel(name, doc.RootElement);
    }
}

public sealed record OperationDefinition(string Name, string InputShape, string OutputShape, string HttpMethod, string RequestUri);

public sealed record MemberDefinition(string Name, string Shape, string? Location, string? LocationName);

public sealed class ShapeDefinition
{
    public ShapeDefinition(string name, JsonElement e)
    {
        Name = name;
        Type = e.GetProperty("type").GetString()!;
        if (e.TryGetProperty("members", out var members))
            foreach (var m in members.EnumerateObject())
                Members[m.Name] = new MemberDefinition(m.Name, m.Value.GetProperty("shape").GetString()!,
                    m.Value.TryGetProperty("location", out var loc) ? loc.GetString() : null,
                    m.Value.TryGetProperty("locationName", out var ln) ? ln.GetString() : null);
        if (e.TryGetProperty("required", out var req))
            foreach (var r in req.EnumerateArray()) Required.Add(r.GetString()!);
        if (e.TryGetProperty("min", out var min)) Min = min.GetDouble();
        if (e.TryGetProperty("max", out var max)) Max = max.GetDouble();
        if (e.TryGetProperty("pattern", out var pattern)) PatternText = pattern.GetString();
        if (e.TryGetProperty("enum", out var en))
            Enum = en.EnumerateArray().Select(v => v.GetString()!).ToArray();
        if (e.TryGetProperty("member", out var member)) ListMember = member.GetProperty("shape").GetString();
        if (e.TryGetProperty("key", out var key)) MapKey = key.GetProperty("shape").GetString();
        if (e.TryGetProperty("value", out var value)) MapValue = value.GetProperty("shape").GetString();
        IsUnion = e.TryGetProperty("union", out var u) && u.GetBoolean();
        IsException = e.TryGetProperty("exception", out var ex) && ex.GetBoolean();
        IsFault = e.TryGetProperty("fault", out var f) && f.GetBoolean();
        IsSensitive = e.TryGetProperty("sensitive", out var s) && s.GetBoolean();
        if (e.TryGetProperty("error", out var error) && error.TryGetProperty("httpStatusCode", out var status))
            HttpStatus = status.GetInt32();
    }

    public string Name { get; }
    public string Type { get; }
    public Dictionary<string, MemberDefinition> Members { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Required { get; } = new(StringComparer.Ordinal);
    public double? Min { get; }
    public double? Max { get; }
    public string? PatternText { get; }
    private Regex? _pattern;

    /// <summary>Built when first needed: constructing the models' 117 regular expressions at start-up was a visible
    /// part of the cold start, and most are never used in a run (a racing second construction is harmless).</summary>
    public Regex? Pattern => PatternText is null ? null : _pattern ??= JavaRegex.WholeValue(PatternText);
    public string[]? Enum { get; }
    public string? ListMember { get; }
    public string? MapKey { get; }
    public string? MapValue { get; }
    public bool IsUnion { get; }
    public bool IsException { get; }
    public bool IsFault { get; }
    public bool IsSensitive { get; }
    public int? HttpStatus { get; }
}
