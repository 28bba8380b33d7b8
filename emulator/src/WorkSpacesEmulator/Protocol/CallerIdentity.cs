namespace WorkSpacesEmulator.Protocol;

/// <summary>Reads account and region from the SigV4 credential scope (design decision 2).</summary>
public static class CallerIdentity
{
    public const string DefaultRegion = "us-east-1";

    /// <summary>Parses <c>Credential=AKID/date/region/service/aws4_request</c> from the Authorization header,
    /// or the <c>X-Amz-Credential</c> query parameter of a presigned request. Read on every request, so it parses
    /// spans and reuses the strings of names it has seen (Regions, services, accounts) instead of allocating them.</summary>
    public static (string Account, string Region, string? SigningService) Resolve(string? authorization, string? queryCredential, string defaultAccount)
    {
        var credential = Credential(authorization);
        if (credential.IsEmpty) credential = queryCredential.AsSpan();
        if (credential.IsEmpty) return (defaultAccount, DefaultRegion, null);
        var accessKey = Next(ref credential, out var more);
        if (more) Next(ref credential, out more); // the date
        var region = more ? Next(ref credential, out more) : default;
        var hasService = more;
        var service = hasService ? Next(ref credential, out _) : default;
        var account = accessKey.Length == 12 && !accessKey.ContainsAnyExceptInRange('0', '9') ? Name(accessKey) : defaultAccount;
        return (account, region.IsEmpty ? DefaultRegion : Name(region), hasService ? Name(service) : null);
    }

    /// <summary>The value up to the next '/', and the rest after it (<paramref name="more"/>: there was a '/').</summary>
    private static ReadOnlySpan<char> Next(ref ReadOnlySpan<char> rest, out bool more)
    {
        var slash = rest.IndexOf('/');
        more = slash >= 0;
        var part = more ? rest[..slash] : rest;
        rest = more ? rest[(slash + 1)..] : default;
        return part;
    }

    private static ReadOnlySpan<char> Credential(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization)) return default;
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0) return default;
        var value = authorization.AsSpan(start + "Credential=".Length);
        var end = value.IndexOfAny(',', ' ');
        return end < 0 ? value : value[..end];
    }

    // The names seen so far (at most MaxNames, each at most 64 characters; others are allocated per request).
    private const int MaxNames = 1024;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NamesBySpan =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    private static string Name(ReadOnlySpan<char> value)
    {
        if (NamesBySpan.TryGetValue(value, out var known)) return known;
        var name = value.ToString();
        return Names.Count < MaxNames && value.Length <= 64 ? Names.GetOrAdd(name, name) : name;
    }
}
