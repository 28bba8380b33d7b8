namespace WorkSpacesEmulator.Protocol;

/// <summary>Reads account and region from the SigV4 credential scope (design decision 2).</summary>
public static class CallerIdentity
{
    public const string DefaultRegion = "us-east-1";

    /// <summary>Parses <c>Credential=AKID/date/region/service/aws4_request</c> from the Authorization header,
    /// or the <c>X-Amz-Credential</c> query parameter of a presigned request.</summary>
    public static (string Account, string Region, string? SigningService) Resolve(string? authorization, string? queryCredential, string defaultAccount)
    {
        var credential = ExtractCredential(authorization) ?? queryCredential;
        if (string.IsNullOrEmpty(credential)) return (defaultAccount, DefaultRegion, null);
        var parts = credential.Split('/');
        var accessKey = parts[0];
        var region = parts.Length >= 3 && parts[2].Length > 0 ? parts[2] : DefaultRegion;
        var service = parts.Length >= 4 ? parts[3] : null;
        var account = accessKey.Length == 12 && accessKey.All(char.IsAsciiDigit) ? accessKey : defaultAccount;
        return (account, region, service);
    }

    private static string? ExtractCredential(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization)) return null;
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0) return null;
        start += "Credential=".Length;
        var end = authorization.IndexOfAny([',', ' '], start);
        return end < 0 ? authorization[start..] : authorization[start..end];
    }
}
