using Microsoft.AspNetCore.Http;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

/// <summary>The EC2 query-protocol slice: dispatches Action= to the handlers and writes EC2's XML.</summary>
public sealed class Ec2QueryService(Ec2Network network) : IQueryService
{
    public Task HandleAsync(HttpContext http, RequestContext context, QueryRequest request) =>
        ResponseWriter.WriteXmlAsync(http, 400, context.RequestId,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidAction</Code><Message>The action {request.Action} is not valid for this web service.</Message></Error></Errors><RequestID>{context.RequestId}</RequestID></Response>");
}
