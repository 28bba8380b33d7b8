using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace WorkSpacesEmulator.Protocol.Auth;

/// <summary>Who is calling. <see cref="Error"/> is set when strict mode refused the request.</summary>
public sealed record Caller(string Account, string Region, string? SigningService, WireProtocol Protocol, AwsException? Error);

/// <summary>Resolves the caller of an AWS request. Default mode reads account and Region from the (unverified)
/// SigV4 credential scope; strict mode (EMULATOR_STRICT) verifies the signature against EMULATOR_CREDENTIALS and
/// takes the account from the credential that signed, never from the request alone.</summary>
public sealed class RequestAuthenticator
{
    private readonly bool _strict;
    private readonly string _defaultAccount;
    private readonly SigV4Verifier _verifier;

    public RequestAuthenticator(IOptions<EmulatorOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _strict = o.Strict;
        _defaultAccount = o.DefaultAccount;
        _verifier = new SigV4Verifier(EmulatorCredentials.Parse(o.Credentials, o.DefaultAccount), time);
    }

    public bool Strict => _strict;

    /// <summary>The caller of a request whose <c>X-Amz-Target</c> is <paramref name="target"/> (empty when it has none;
    /// the router has read it already). A ValueTask: outside strict mode it completes at once (no task per request).</summary>
    public ValueTask<Caller> AuthenticateAsync(HttpContext http, string target)
    {
        var request = http.Request;
        // A POST to / has no query string: skip building the query collection for it.
        var credential = request.QueryString.HasValue ? request.Query["X-Amz-Credential"] : default;
        var (account, region, service) = CallerIdentity.Resolve(request.Headers.Authorization, credential, _defaultAccount);
        var protocol = Guess(request, service, target.Length > 0);
        return _strict ? VerifyAsync(http, account, region, service, protocol) : ValueTask.FromResult(new Caller(account, region, service, protocol, null));
    }

    private async ValueTask<Caller> VerifyAsync(HttpContext http, string account, string region, string? service, WireProtocol protocol)
    {
        var request = http.Request;
        // An unsigned IAM/STS request names its API only in the form body (Version=); the form is cached for the router.
        if (protocol == WireProtocol.Ec2Query && service is null && request.HasFormContentType && request.Headers.Authorization.Count == 0
            && (await request.ReadFormAsync(http.RequestAborted))["Version"].ToString() is "2010-05-08" or "2011-06-15")
            protocol = WireProtocol.AwsQuery;

        var (credential, scope, failure) = await _verifier.VerifyAsync(http, AuthErrors.AllowedSkew(protocol));
        if (failure is not null) return new Caller(_defaultAccount, scope?.Region ?? region, scope?.Service ?? service, protocol, AuthErrors.For(failure, protocol));
        return new Caller(credential!.Account, scope!.Region, scope.Service, protocol, null);
    }

    /// <summary>The protocol the request speaks, decided before its body is read (for the error shape).</summary>
    private static WireProtocol Guess(HttpRequest request, string? signingService, bool hasTarget)
    {
        if (hasTarget) return WireProtocol.AwsJson;
        switch (signingService)
        {
            case "iam" or "sts": return WireProtocol.AwsQuery;
            case "ec2": return WireProtocol.Ec2Query;
            case "ds-data": return WireProtocol.RestJson;
        }
        if (request.HasFormContentType || request.Query.ContainsKey("Action"))
            return request.Query["Version"].ToString() is "2010-05-08" or "2011-06-15" ? WireProtocol.AwsQuery : WireProtocol.Ec2Query;
        return WireProtocol.RestJson;
    }
}
