using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>A service spoken over the EC2 query protocol (form body in, XML out).</summary>
public interface IQueryService
{
    Task HandleAsync(HttpContext http, RequestContext context, QueryRequest request);
}
