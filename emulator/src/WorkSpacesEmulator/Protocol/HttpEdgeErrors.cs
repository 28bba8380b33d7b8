using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol;

/// <summary>Answers the HTTP-level refusals (bad request, wrong method, URI or headers too large) with an AWS-shaped
/// JSON error body instead of the server's bare status line. Kestrel's own limits on the request line and headers are
/// raised (Program.cs) so such requests reach <see cref="EnforceLimits"/>; only requests beyond those raised limits,
/// or with a request line Kestrel cannot parse at all, still get Kestrel's bare answer.</summary>
public static class HttpEdgeErrors
{
    /// <summary>Kestrel's defaults, kept as the emulator's limits.</summary>
    public const int MaxRequestLine = 8 * 1024;
    public const int MaxHeadersTotal = 32 * 1024;

    public static Task EnforceLimits(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        var line = request.Method.Length + (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        if (line > MaxRequestLine) return WriteAsync(http, 414, "RequestURITooLong", "The request URI is longer than the 8 KB limit.");
        var headers = 0;
        foreach (var (name, values) in request.Headers)
        {
            headers += name.Length + 4;
            foreach (var value in values) headers += value?.Length ?? 0;
        }
        if (headers > MaxHeadersTotal) return WriteAsync(http, 431, "RequestHeaderFieldsTooLarge", "The request headers are larger than the 32 KB limit.");
        return next(http);
    }

    /// <summary>Status-code pages: a response that ends with an error status and no body gets an AWS-shaped one.</summary>
    public static Task StatusCodePage(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (code, message) = http.Response.StatusCode switch
        {
            400 => ("BadRequestException", "The request could not be read."),
            404 => ("UnknownOperationException", $"No AWS operation or emulator endpoint matches {http.Request.Method} {http.Request.Path}."),
            405 => ("MethodNotAllowedException", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
            413 => ("RequestEntityTooLarge", "The request body is too large."),
            414 => ("RequestURITooLong", "The request URI is too long."),
            431 => ("RequestHeaderFieldsTooLarge", "The request headers are too large."),
            var s => (s >= 500 ? "InternalFailure" : "BadRequestException", $"The request failed with HTTP {s}."),
        };
        return WriteAsync(http, http.Response.StatusCode, code, message);
    }

    private static Task WriteAsync(HttpContext http, int status, string code, string message) =>
        ResponseWriter.WriteJsonErrorAsync(http, null, new AwsException(code, message, status),
            http.Response.Headers["x-amzn-RequestId"] is { Count: > 0 } id ? id.ToString() : RequestIds.New());
}
