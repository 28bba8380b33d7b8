namespace WorkSpacesEmulator.Protocol.Auth;

/// <summary>Renders an authentication failure the way the service's own front end does: awsJson1_1 services
/// (WorkSpaces, Directory Service, KMS) answer 400 with *Exception codes, rest-json (ds-data) the same codes with 403,
/// EC2 its own codes (AuthFailure 401, SignatureDoesNotMatch 403, RequestExpired 400), and the query services
/// IAM/STS InvalidClientTokenId / SignatureDoesNotMatch / MissingAuthenticationToken (403).</summary>
public static class AuthErrors
{
    /// <summary>JSON services allow 5 minutes of skew; EC2's RequestExpired and IAM/STS's window is 15 minutes.</summary>
    public static TimeSpan AllowedSkew(WireProtocol protocol) =>
        protocol is WireProtocol.Ec2Query or WireProtocol.AwsQuery ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(5);

    public static AwsException For(AuthFailure failure, WireProtocol protocol) => protocol switch
    {
        WireProtocol.Ec2Query => failure.Kind switch
        {
            AuthFailureKind.Missing => new AwsException("MissingAuthenticationToken", "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.", 401),
            AuthFailureKind.Incomplete => new AwsException("IncompleteSignature", failure.Message, 400),
            AuthFailureKind.UnknownKey => new AwsException("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
            AuthFailureKind.Expired or AuthFailureKind.NotYetCurrent => new AwsException("RequestExpired", "Request has expired.", 400),
            _ => new AwsException("SignatureDoesNotMatch", failure.Message, 403),
        },
        WireProtocol.AwsQuery => failure.Kind switch
        {
            AuthFailureKind.Missing => new AwsException("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
            AuthFailureKind.Incomplete => new AwsException("IncompleteSignature", failure.Message, 400),
            AuthFailureKind.UnknownKey => new AwsException("InvalidClientTokenId", failure.Message, 403),
            _ => new AwsException("SignatureDoesNotMatch", failure.Message, 403),
        },
        _ => new AwsException(failure.Kind switch
        {
            AuthFailureKind.Missing => "MissingAuthenticationTokenException",
            AuthFailureKind.Incomplete => "IncompleteSignatureException",
            AuthFailureKind.UnknownKey => "UnrecognizedClientException",
            _ => "InvalidSignatureException",
        }, failure.Message, protocol == WireProtocol.RestJson ? 403 : 400),
    };
}
