using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;
using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol.Auth;

/// <summary>Why a request was not authenticated; <see cref="AuthErrors"/> renders it per wire protocol.</summary>
public enum AuthFailureKind { Missing, Incomplete, UnknownKey, BadSignature, Expired, NotYetCurrent }

public sealed record AuthFailure(AuthFailureKind Kind, string Message);

/// <summary>The parsed SigV4 credential scope of a request (verified or not).</summary>
public sealed record SignedScope(string AccessKeyId, string Date, string Region, string Service);

/// <summary>Verifies AWS Signature Version 4 (Authorization header or presigned query) against the configured
/// credentials. The canonical request is rebuilt from the request as received, with AWSSDK.Core's own
/// canonicalization (<see cref="AWS4Signer"/>'s protected helpers) and its <c>ComputeSignature</c> (string to sign,
/// signing-key derivation, HMAC): the same code the .NET SDK signs with, not a second implementation.</summary>
public sealed class SigV4Verifier(EmulatorCredentials credentials, TimeProvider time)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string IsoFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Verifies the request; on success returns the credential that signed it. The body is buffered
    /// (and rewound) so the protocol readers still see it.</summary>
    public async Task<(EmulatorCredential? Credential, SignedScope? Scope, AuthFailure? Failure)> VerifyAsync(HttpContext http, TimeSpan allowedSkew)
    {
        var request = http.Request;
        var header = request.Headers.Authorization.ToString();
        var presigned = request.Query.ContainsKey("X-Amz-Signature") || request.Query.ContainsKey("X-Amz-Credential");
        if (header.Length == 0 && !presigned)
            return (null, null, new AuthFailure(AuthFailureKind.Missing, "Missing Authentication Token"));

        string? credential, signedHeaders, signature, dateText;
        if (header.Length > 0)
        {
            if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
                return Fail(AuthFailureKind.Incomplete, $"Unsupported Authorization Type (the emulator verifies {Algorithm} only). Authorization={header}");
            var parts = ParseAuthorization(header[(Algorithm.Length + 1)..]);
            credential = parts.GetValueOrDefault("Credential");
            signedHeaders = parts.GetValueOrDefault("SignedHeaders");
            signature = parts.GetValueOrDefault("Signature");
            var missing = new StringBuilder();
            if (credential is null) missing.Append("Authorization header requires 'Credential' parameter. ");
            if (signature is null) missing.Append("Authorization header requires 'Signature' parameter. ");
            if (signedHeaders is null) missing.Append("Authorization header requires 'SignedHeaders' parameter. ");
            dateText = request.Headers["X-Amz-Date"].ToString() is { Length: > 0 } d ? d : null;
            if (dateText is null && request.Headers.Date.ToString() is { Length: > 0 } httpDate
                && DateTime.TryParse(httpDate, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                dateText = parsed.ToString(IsoFormat, CultureInfo.InvariantCulture);
            if (dateText is null) missing.Append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            if (missing.Length > 0) return Fail(AuthFailureKind.Incomplete, missing + "Authorization=" + header);
        }
        else
        {
            credential = request.Query["X-Amz-Credential"].ToString();
            signedHeaders = request.Query["X-Amz-SignedHeaders"].ToString();
            signature = request.Query["X-Amz-Signature"].ToString();
            dateText = request.Query["X-Amz-Date"].ToString();
            foreach (var (name, value) in new[] { ("X-Amz-Algorithm", request.Query["X-Amz-Algorithm"].ToString()), ("X-Amz-Credential", credential),
                         ("X-Amz-Signature", signature), ("X-Amz-SignedHeaders", signedHeaders), ("X-Amz-Date", dateText) })
                if (value.Length == 0)
                    return Fail(AuthFailureKind.Incomplete, $"AWS query-string parameters must include '{name}'. Re-examine the query-string parameters.");
        }

        var scopeParts = credential!.Split('/');
        if (scopeParts.Length != 5 || scopeParts[4] != "aws4_request")
            return Fail(AuthFailureKind.Incomplete, $"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'");
        var scope = new SignedScope(scopeParts[0], scopeParts[1], scopeParts[2], scopeParts[3]);
        if (!DateTime.TryParseExact(dateText, IsoFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
            return Fail(AuthFailureKind.Incomplete, $"Date must be in ISO-8601 'basic format'. Got '{dateText}'. See http://en.wikipedia.org/wiki/ISO_8601", scope);
        if (scope.Date != dateText![..8])
            return Fail(AuthFailureKind.BadSignature, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope.Date}' != '{dateText[..8]}', from '{dateText}'.", scope);

        var key = credentials.Find(scope.AccessKeyId);
        if (key is null) return Fail(AuthFailureKind.UnknownKey, "The security token included in the request is invalid.", scope);

        var now = time.GetUtcNow().UtcDateTime;
        if (!presigned || header.Length > 0)
        {
            if (signedAt < now - allowedSkew)
                return Fail(AuthFailureKind.Expired, $"Signature expired: {dateText} is now earlier than {Iso(now - allowedSkew)} ({Iso(now)} - {allowedSkew.TotalMinutes:0} min.)", scope);
            if (signedAt > now + allowedSkew)
                return Fail(AuthFailureKind.NotYetCurrent, $"Signature not yet current: {dateText} is still later than {Iso(now + allowedSkew)} ({Iso(now)} + {allowedSkew.TotalMinutes:0} min.)", scope);
        }
        else
        {
            var expiresText = request.Query["X-Amz-Expires"].ToString();
            if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires > 604800)
                return Fail(AuthFailureKind.Incomplete, $"X-Amz-Expires must be a number of seconds between 0 and 604800, got '{expiresText}'.", scope);
            if (now > signedAt.AddSeconds(expires))
                return Fail(AuthFailureKind.Expired, $"Signature expired: {Iso(signedAt.AddSeconds(expires))} is now earlier than {Iso(now)}.", scope);
            if (signedAt > now + allowedSkew)
                return Fail(AuthFailureKind.NotYetCurrent, $"Signature not yet current: {dateText} is still later than {Iso(now + allowedSkew)} ({Iso(now)} + {allowedSkew.TotalMinutes:0} min.)", scope);
        }

        var canonical = await CanonicalRequestAsync(http, signedHeaders!, presigned && header.Length == 0);
        var expected = AWS4Signer.ComputeSignature(key.AccessKeyId, key.SecretAccessKey, scope.Region, signedAt, scope.Service, signedHeaders!, canonical).Signature;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature!.ToLowerInvariant())))
            return Fail(AuthFailureKind.BadSignature,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", scope);
        return (key, scope, null);
    }

    private static (EmulatorCredential?, SignedScope?, AuthFailure?) Fail(AuthFailureKind kind, string message, SignedScope? scope = null) =>
        (null, scope, new AuthFailure(kind, message));

    private static string Iso(DateTime t) => t.ToString(IsoFormat, CultureInfo.InvariantCulture);

    private static Dictionary<string, string> ParseAuthorization(string rest)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var piece in rest.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = piece.IndexOf('=');
            if (eq > 0) parts[piece[..eq].Trim()] = piece[(eq + 1)..].Trim();
        }
        return parts;
    }

    private static async Task<string> CanonicalRequestAsync(HttpContext http, string signedHeaders, bool presigned)
    {
        var request = http.Request;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries))
            headers[name] = name == "host" ? request.Host.Value ?? "" : string.Join(",", request.Headers[name].Select(v => v ?? ""));

        var query = request.Query
            .Where(q => !(presigned && q.Key == "X-Amz-Signature"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))
            .ToList();

        var bodyHash = request.Headers["X-Amz-Content-SHA256"].ToString();
        if (bodyHash.Length == 0) bodyHash = await HashBodyAsync(request);
        var endpoint = new Uri($"{request.Scheme}://{request.Host.Value}/");
        return Canonicalizer.Request(endpoint, request.Path.HasValue ? request.Path.Value! : "/", request.Method, headers, Canonicalizer.Query(query), bodyHash);
    }

    private static async Task<string> HashBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        request.Body.Position = 0;
        var hash = await SHA256.HashDataAsync(request.Body);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Opens AWS4Signer's protected-internal canonicalization helpers.</summary>
    private sealed class Canonicalizer : AWS4Signer
    {
        public static string Request(Uri endpoint, string path, string method, IDictionary<string, string> headers, string query, string bodyHash) =>
            CanonicalizeRequest(endpoint, path, method, headers, query, bodyHash);

        public static string Query(IEnumerable<KeyValuePair<string, string>> parameters) => CanonicalizeQueryParameters(parameters);
    }
}
