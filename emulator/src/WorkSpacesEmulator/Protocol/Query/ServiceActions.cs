namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>Every action name of the query-protocol services, imported from the official models
/// (ServiceModels/&lt;service&gt;.actions.txt, written by emulator/tools/import_models.py).</summary>
public static class ServiceActions
{
    public static readonly IReadOnlySet<string> Ec2 = Load("ec2");
    public static readonly IReadOnlySet<string> Iam = Load("iam");
    public static readonly IReadOnlySet<string> Sts = Load("sts");

    private static HashSet<string> Load(string service)
    {
        using var stream = typeof(ServiceActions).Assembly.GetManifestResourceStream($"ServiceModels.{service}.actions.txt")
            ?? throw new InvalidOperationException($"ServiceModels/{service}.actions.txt is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }
}
