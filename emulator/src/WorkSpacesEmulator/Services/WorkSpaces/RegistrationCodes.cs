using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>Registration codes users type into the WorkSpaces client: two letters, the Region's airport code,
/// '+', six upper-case alphanumerics (documented examples: <c>WSpdx+9RJ8JT</c>, <c>SLiad+ABC123</c>).</summary>
public static class RegistrationCodes
{
    private static readonly Dictionary<string, string> Airports = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = "iad", ["us-east-2"] = "cmh", ["us-west-1"] = "sfo", ["us-west-2"] = "pdx",
        ["ca-central-1"] = "yul", ["sa-east-1"] = "gru", ["af-south-1"] = "cpt", ["il-central-1"] = "tlv",
        ["eu-west-1"] = "dub", ["eu-west-2"] = "lhr", ["eu-west-3"] = "cdg", ["eu-central-1"] = "fra",
        ["eu-central-2"] = "zrh", ["eu-north-1"] = "arn", ["eu-south-1"] = "mxp",
        ["ap-northeast-1"] = "nrt", ["ap-northeast-2"] = "icn", ["ap-northeast-3"] = "kix", ["ap-southeast-1"] = "sin",
        ["ap-southeast-2"] = "syd", ["ap-south-1"] = "bom", ["ap-east-1"] = "hkg", ["me-south-1"] = "bah",
        ["us-gov-west-1"] = "pdt", ["us-gov-east-1"] = "osu",
    };

    // Difference from AWS: the meaning of AWS's two-letter prefix is undocumented; the emulator always uses "SL".
    public static string New(IIdGenerator ids, string region) =>
        "SL" + (Airports.TryGetValue(region, out var code) ? code : "emu") + "+" + ids.Next("", 6, Ids.UpperAlnum);
}
