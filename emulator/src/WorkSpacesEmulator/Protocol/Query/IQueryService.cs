using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>A service spoken over a query protocol (form body in, XML out): EC2's dialect, or awsQuery (IAM, STS).
/// The edge routes by the SigV4 signing name, else by the <c>Version</c> parameter.</summary>
public interface IQueryService
{
    /// <summary>The SigV4 signing name (<c>ec2</c>, <c>iam</c>, <c>sts</c>).</summary>
    string SigningName => "ec2";

    /// <summary>The API version this service speaks (the <c>Version</c> parameter).</summary>
    string ApiVersion => "2016-11-15";

    Task HandleAsync(HttpContext http, RequestContext context, QueryRequest request);

    /// <summary>Writes an error in this service's XML dialect.</summary>
    Task WriteErrorAsync(HttpContext http, AwsException error, string requestId) => QueryXml.WriteErrorAsync(http, error, requestId);

    /// <summary>The actions it answers (another action of its model answers 501 NotImplemented, an unknown name InvalidAction).</summary>
    IReadOnlyCollection<string> ImplementedActions { get; }

    /// <summary>Every action of the service's official model (names only, ServiceModels/&lt;service&gt;.actions.txt).</summary>
    IReadOnlyCollection<string> ModelledActions { get; }
}
