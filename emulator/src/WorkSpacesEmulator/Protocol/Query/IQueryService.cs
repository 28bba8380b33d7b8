using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>A service spoken over the EC2 query protocol (form body in, XML out).</summary>
public interface IQueryService
{
    Task HandleAsync(HttpContext http, RequestContext context, QueryRequest request);

    /// <summary>The service name (signing name), e.g. "ec2".</summary>
    string Name { get; }

    /// <summary>The actions it answers (everything else is InvalidAction).</summary>
    IReadOnlyCollection<string> Actions { get; }

    /// <summary>Every action of the service's official model (names only), for /_emulator/coverage.</summary>
    IReadOnlyCollection<string> ModelledActions { get; }
}
