using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Protocol.Auth;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Protocol;

/// <summary>The one edge port: routes a request to awsJson1_1 (X-Amz-Target), the EC2 query protocol
/// (Action=) or rest-json (model HTTP bindings), resolves the caller, and writes one log line.</summary>
public sealed class EdgeRouter
{
    private readonly Dictionary<string, IJsonServiceEndpoint> _byTargetPrefix;
    private readonly RestJsonRouter _restJson;
    private readonly IReadOnlyList<IQueryService> _queryServices;
    private readonly ServiceModel? _restJsonModel;
    private readonly RequestAuthenticator _auth;
    private readonly ILogger _log;
    private readonly Lifecycle.Reconciler _reconciler;
    private readonly ReadCache _readCache;
    private readonly Logging.RequestLog _requests;
    // Resolved X-Amz-Target values (only valid ones, so the set is bounded by the modelled operations).
    private readonly ConcurrentDictionary<string, JsonTarget> _targets = new(StringComparer.Ordinal);

    private sealed record JsonTarget(IJsonServiceEndpoint Endpoint, string Operation, string Label);

    public EdgeRouter(IEnumerable<IJsonServiceEndpoint> endpoints, IEnumerable<IQueryService> queryServices, RequestAuthenticator auth, ILoggerFactory loggers,
        Lifecycle.Reconciler reconciler, ReadCache readCache, Logging.RequestLog requests)
    {
        _requests = requests;
        _reconciler = reconciler;
        _readCache = readCache;
        var list = endpoints.ToList();
        _byTargetPrefix = list.Where(e => e.Model.TargetPrefix is not null).ToDictionary(e => e.Model.TargetPrefix!, StringComparer.Ordinal);
        _restJson = new RestJsonRouter(list.Where(e => e.Model.Protocol == "rest-json"));
        _restJsonModel = list.FirstOrDefault(e => e.Model.Protocol == "rest-json")?.Model;
        _queryServices = queryServices.ToList();
        _auth = auth;
        _log = loggers.CreateLogger(Logging.RequestLog.Category);
    }

    /// <summary>The emulator's own paths (admin endpoints, the end-user client, moto's reset); every other path is AWS's.</summary>
    public static bool IsEmulatorPath(PathString path) =>
        path.StartsWithSegments("/_emulator") || path.StartsWithSegments("/client") || path.StartsWithSegments("/moto-api");

    /// <summary>The query service for a request: by SigV4 signing name, else by <c>Version</c>, else EC2.</summary>
    private IQueryService QueryServiceFor(string? signingService, string? version) =>
        _queryServices.FirstOrDefault(q => q.SigningName == signingService)
        ?? _queryServices.FirstOrDefault(q => q.ApiVersion == version)
        ?? _queryServices.First(q => q.SigningName == "ec2");

    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIds.New();
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        var caller = await _auth.AuthenticateAsync(http, target);
        var (account, region) = (caller.Account, caller.Region);
        var label = "unknown";
        try
        {
            if (caller.Error is { } refused)
            {
                label = "auth." + refused.Code;
                await WriteAuthErrorAsync(http, caller, refused, requestId);
                return;
            }
            if (!AwsRegions.IsKnown(region))
            {
                // Difference from AWS: AWS would not even resolve an endpoint for an unknown Region; a request signed for
                // one at a real endpoint gets this answer, in the protocol of the service asked.
                label = "unknown-region";
                if (target.Length > 0 || http.Request.Path != "/")
                    await ResponseWriter.WriteJsonErrorAsync(http, null, new AwsException("InvalidSignatureException", AwsRegions.InvalidRegionMessage, 400), requestId);
                else await QueryXml.WriteErrorAsync(http, new AwsException("AuthFailure", AwsRegions.InvalidRegionMessage, 401), requestId);
            }
            else if (HttpMethods.IsHead(http.Request.Method))
            {
                // A HEAD request never runs an operation (its answer could not carry the result).
                http.Response.Headers.Allow = "POST";
                await ResponseWriter.WriteJsonErrorAsync(http, null,
                    new AwsException("MethodNotAllowedException", "HEAD is not supported; AWS operations are sent with POST.", 405), requestId);
            }
            else if (target.Length > 0)
            {
                label = target;
                if (ResolveTarget(target) is not { } resolved)
                    await ResponseWriter.WriteJsonErrorAsync(http, null, new AwsException("UnknownOperationException", $"Unknown X-Amz-Target '{target}'."), requestId);
                else
                {
                    label = resolved.Label;
                    var ctx = new RequestContext(account, region, requestId, resolved.Endpoint.Model.Name, resolved.Operation);
                    await HandleJsonOperationAsync(http, resolved.Endpoint, ctx, ResponseWriter.AmzJson11, null, target);
                }
            }
            // A ds-data route is matched by method and path before the EC2 query protocol (which only ever posts to /),
            // so a ds-data request sent with a form content type is never read as EC2 form parameters.
            else if (_restJson.Match(http.Request.Method, http.Request.Path) is { } route)
            {
                label = route.Endpoint.Model.Name + "." + route.Operation;
                var ctx = new RequestContext(account, region, requestId, route.Endpoint.Model.Name, route.Operation);
                await HandleJsonOperationAsync(http, route.Endpoint, ctx, ResponseWriter.RestJson, route);
            }
            else if (await TryReadQueryAsync(http, requestId) is var (query, rejected) && (query is not null || rejected))
            {
                if (query is null) { label = "ec2.MalformedQueryString"; return; }
                var service = QueryServiceFor(caller.SigningService, query.Get("Version"));
                label = service.SigningName + "." + query.Action;
                var ctx = new RequestContext(account, region, requestId, service.SigningName, query.Action);
                // Instant mode: a query service writes its own answer, so settle due work (e.g. a NAT gateway's
                // pending → available) before it runs rather than after.
                if (_reconciler.Instant) await _reconciler.SettleAsync(http.RequestAborted);
                try { await service.HandleAsync(http, ctx, query); }
                catch (AwsException e) when (!http.Response.HasStarted)
                {
                    await service.WriteErrorAsync(http, e, requestId);
                }
            }
            else
            {
                await ResponseWriter.WriteJsonErrorAsync(http, null,
                    new AwsException("UnknownOperationException", $"No AWS operation matches {http.Request.Method} {http.Request.Path}: send X-Amz-Target (awsJson1_1), Action= (EC2 query) or a ds-data route.", 404),
                    requestId);
            }
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            // The last safety net: the emulator answers every request, even one that found a bug.
            _log.LogError(e, "Unhandled error in {Label}", label);
            await ResponseWriter.WriteJsonErrorAsync(http, null, new AwsException("InternalFailure", "The emulator failed to process the request: " + e.Message, 500), requestId);
        }
        finally
        {
            _requests.Write(label, http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, account, region);
        }
    }

    private Task WriteAuthErrorAsync(HttpContext http, Caller caller, AwsException error, string requestId) => caller.Protocol switch
    {
        WireProtocol.Ec2Query => QueryXml.WriteErrorAsync(http, error, requestId),
        WireProtocol.AwsQuery => QueryServiceFor(caller.SigningService,
            http.Request.HasFormContentType ? http.Request.Form["Version"].ToString() : http.Request.Query["Version"].ToString()).WriteErrorAsync(http, error, requestId),
        WireProtocol.RestJson => ResponseWriter.WriteJsonErrorAsync(http, _restJsonModel, error, requestId),
        _ => ResponseWriter.WriteJsonErrorAsync(http, null, error, requestId),
    };

    /// <summary>Reads an EC2 query request; an unreadable form body is answered here with EC2's XML error
    /// (Rejected = true) rather than falling through to the other protocols.</summary>
    private static async Task<(QueryRequest? Query, bool Rejected)> TryReadQueryAsync(HttpContext http, string requestId)
    {
        try
        {
            return (await QueryRequest.TryReadAsync(http), false);
        }
        catch (AwsException e)
        {
            await QueryXml.WriteErrorAsync(http, e, requestId);
            return (null, true);
        }
    }

    private JsonTarget? ResolveTarget(string target)
    {
        if (_targets.TryGetValue(target, out var known)) return known;
        var dot = target.IndexOf('.');
        if (dot <= 0 || !_byTargetPrefix.TryGetValue(target[..dot], out var endpoint) || !endpoint.HasOperation(target[(dot + 1)..])) return null;
        var operation = target[(dot + 1)..];
        return _targets.GetOrAdd(target, new JsonTarget(endpoint, operation, endpoint.Model.Name + "." + operation));
    }

    /// <summary>Runs one JSON operation; <paramref name="route"/> is the rest-json route, null for awsJson1_1.</summary>
    private async Task HandleJsonOperationAsync(HttpContext http, IJsonServiceEndpoint endpoint, RequestContext ctx, string contentType, RestJsonRouter.Route? route,
        string? target = null)
    {
        try
        {
            IAnswerSink? keep = null;
            JsonDocument input;
            if (route is null)
            {
                var body = await ReadBodyAsync(http);
                if (target is not null && _readCache.Caches(target))
                {
                    if (_readCache.Find(ctx.Scope, target, body) is { } answer)
                    {
                        await ResponseWriter.WriteBytesAsync(http, 200, contentType, ctx.RequestId, answer);
                        return;
                    }
                    keep = _readCache.KeeperFor(ctx.Scope, target, body);
                }
                input = ParseJsonBody(body);
            }
            else input = await RestJsonRouter.ReadInputAsync(http, route);
            using (input)
            {
                var write = await endpoint.InvokeAsync(ctx, ctx.Operation, input.RootElement, http.RequestAborted);
                // Instant mode: finish the work this mutation started before answering, so the next request sees it done.
                if (_reconciler.Instant && !IsRead(ctx.Operation)) await _reconciler.SettleAsync(http.RequestAborted);
                await ResponseWriter.WriteJsonAsync(http, 200, contentType, ctx.RequestId, write, keep);
            }
        }
        catch (AwsException e)
        {
            await ResponseWriter.WriteJsonErrorAsync(http, endpoint.Model, e, ctx.RequestId);
        }
    }

    private static bool IsRead(string operation) =>
        operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal)
        || operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("Search", StringComparison.Ordinal);

    internal static async Task<JsonDocument> ReadJsonBodyAsync(HttpContext http) => ParseJsonBody(await ReadBodyAsync(http));

    /// <summary>The whole body, straight from Kestrel's pipe into one array of its exact size (no stream copy). A small
    /// body usually arrived with the headers: then it is taken without an asynchronous read.</summary>
    private static ValueTask<byte[]> ReadBodyAsync(HttpContext http)
    {
        try
        {
            if (http.Request.ContentLength == 0) return ValueTask.FromResult<byte[]>([]);
            var reader = http.Request.BodyReader;
            if (reader.TryRead(out var read))
            {
                if (read.IsCompleted) return ValueTask.FromResult(Take(reader, read));
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
            return ReadRestAsync(reader, http.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            throw TooLarge(e);
        }
    }

    private static async ValueTask<byte[]> ReadRestAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        try
        {
            ReadResult read;
            while (!(read = await reader.ReadAsync(cancellationToken)).IsCompleted && !read.IsCanceled)
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            return Take(reader, read);
        }
        catch (BadHttpRequestException e)
        {
            throw TooLarge(e);
        }
    }

    private static byte[] Take(PipeReader reader, ReadResult read)
    {
        var body = read.Buffer.ToArray();
        reader.AdvanceTo(read.Buffer.End);
        return body;
    }

    private static AwsException TooLarge(BadHttpRequestException e) =>
        new("RequestEntityTooLarge", "The request body is too large: " + e.Message, e.StatusCode);

    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 64 };

    private static JsonDocument ParseJsonBody(byte[] body)
    {
        try
        {
            // System.Text.Json checks UTF-8 inside strings only when they are read; refuse invalid bytes up front.
            if (!System.Text.Unicode.Utf8.IsValid(body))
                throw AwsException.Serialization("The request body is not valid UTF-8.");
            if (body.Length == 0) return JsonDocument.Parse("{}");
            return JsonDocument.Parse(body, BodyOptions);
        }
        catch (JsonException e)
        {
            if (e.BytePositionInLine == 0 && e.LineNumber == 0 && e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase))
                return JsonDocument.Parse("{}");
            throw AwsException.Serialization("The request body is not valid JSON: " + e.Message);
        }
    }
}
