namespace WorkSpacesEmulator.Protocol;

/// <summary>The Regions of the aws partition (botocore's partitions.json, 2026-12). A request scoped to any other
/// Region is refused, so a typo never creates a scope of its own.</summary>
public static class AwsRegions
{
    /// <summary>Regions enabled by default (launched before March 2019).</summary>
    public static readonly string[] Default =
    [
        "ap-south-1", "eu-north-1", "eu-west-3", "eu-west-2", "eu-west-1", "ap-northeast-3", "ap-northeast-2",
        "ap-northeast-1", "ca-central-1", "sa-east-1", "ap-southeast-1", "ap-southeast-2", "eu-central-1",
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ];

    /// <summary>Opt-in Regions (launched since March 2019).</summary>
    public static readonly string[] OptIn =
    [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
        "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
    ];

    private static readonly HashSet<string> All = [.. Default, .. OptIn];

    public static bool IsKnown(string region) => All.Contains(region);

    /// <summary>What AWS answers a request whose credential scope names no Region it has.</summary>
    public const string InvalidRegionMessage = "Credential should be scoped to a valid region.";
}
