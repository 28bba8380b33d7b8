using System.Xml;
using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>Base of the awsQuery services (IAM, STS): dispatches <c>Action=</c> to a handler that validates and
/// mutates first and then returns the writer of its <c>{Action}Result</c> (null for an empty result), and writes
/// the awsQuery envelopes. An action without a handler answers 501 <c>NotImplemented</c>, never InvalidAction.</summary>
public abstract class AwsQueryService : IQueryService
{
    protected delegate Action<XmlWriter>? Handler(RequestContext context, QueryRequest request);

    public abstract string SigningName { get; }
    public abstract string ApiVersion { get; }
    protected abstract string XmlNamespace { get; }
    protected abstract IReadOnlyDictionary<string, Handler> Actions { get; }

    /// <summary>Every action of the service's API (so an unknown name is InvalidAction and a known, unimplemented one 501).</summary>
    public abstract IReadOnlyCollection<string> ModelledActions { get; }

    public IReadOnlyCollection<string> ImplementedActions => Actions.Keys.ToList();

    public async Task HandleAsync(HttpContext http, RequestContext context, QueryRequest request)
    {
        string xml;
        try
        {
            if (!Actions.TryGetValue(request.Action, out var handler))
                throw ModelledActions.Contains(request.Action)
                    ? new AwsException("NotImplemented", $"The action {request.Action} of service {SigningName} is not implemented by the WorkSpaces emulator.", 501)
                    : new AwsException("InvalidAction", $"Could not find operation {request.Action} for version {ApiVersion}", 400);
            xml = AwsQueryXml.Response(request.Action, XmlNamespace, context.RequestId, handler(context, request));
        }
        catch (AwsException e)
        {
            await WriteErrorAsync(http, e, context.RequestId);
            return;
        }
        await ResponseWriter.WriteXmlAsync(http, 200, context.RequestId, xml);
    }

    public Task WriteErrorAsync(HttpContext http, AwsException error, string requestId) =>
        AwsQueryXml.WriteErrorAsync(http, XmlNamespace, error, requestId);

    protected static string Required(QueryRequest request, string name) =>
        request.Get(name) is { Length: > 0 } value ? value
            : throw new AwsException("ValidationError", $"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");
}
