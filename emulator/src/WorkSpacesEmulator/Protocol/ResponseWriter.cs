using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol;

/// <summary>Writes JSON results and AWS-shaped JSON errors with the headers every response carries.</summary>
public static class ResponseWriter
{
    public const string AmzJson11 = "application/x-amz-json-1.1";
    public const string RestJson = "application/json";

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    // Response buffers are reused (a 25-item page is ~12 KB; growing a fresh buffer to that size for every response
    // was a visible share of DescribeWorkspaces), and so is each thread's JSON writer (writing is synchronous).
    private static readonly ConcurrentBag<ArrayBufferWriter<byte>> Buffers = new();
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>Writes a JSON answer; <paramref name="written"/>, when given, sees its bytes before they are sent.</summary>
    public static async Task WriteJsonAsync(HttpContext http, int status, string contentType, string requestId, Action<Utf8JsonWriter> write,
        IAnswerSink? written = null)
    {
        var buffer = Buffers.TryTake(out var pooled) ? pooled : new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
            writer.Reset(buffer);
            write(writer);
            writer.Flush();
            writer.Reset();
            written?.Written(buffer.WrittenSpan);
            await Start(http, status, contentType, requestId, buffer.WrittenCount).Body.WriteAsync(buffer.WrittenMemory);
        }
        finally
        {
            // Oversized buffers (a rare huge answer) are dropped rather than kept for ever.
            if (buffer.Capacity <= 256 * 1024)
            {
                buffer.ResetWrittenCount();
                Buffers.Add(buffer);
            }
        }
    }

    /// <summary>An answer already serialized (<see cref="ReadCache"/>).</summary>
    public static Task WriteBytesAsync(HttpContext http, int status, string contentType, string requestId, byte[] body) =>
        Start(http, status, contentType, requestId, body.Length).Body.WriteAsync(body).AsTask();

    /// <summary>The status and the headers every answer carries.</summary>
    private static HttpResponse Start(HttpContext http, int status, string contentType, string requestId, int length)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.ContentLength = length;
        return response;
    }

    /// <summary>awsJson1_1 / rest-json error: <c>{"__type": code, "message"|"Message": …}</c> plus the error shape's
    /// other members, and <c>X-Amzn-ErrorType</c>.</summary>
    public static Task WriteJsonErrorAsync(HttpContext http, ServiceModel? model, AwsException error, string requestId)
    {
        var status = model?.StatusFor(error.Code, error.StatusCode) ?? error.StatusCode;
        var contentType = model?.Protocol == "rest-json" ? RestJson : AmzJson11;
        http.Response.Headers["X-Amzn-ErrorType"] = error.Code;
        return WriteJsonAsync(http, status, contentType, requestId, w =>
        {
            w.WriteStartObject();
            w.WriteString("__type", error.Code);
            w.WriteString(model?.MessageMemberFor(error.Code) ?? "message", error.Message);
            if (error.Members is not null)
                foreach (var (key, value) in error.Members) w.WriteString(key, value);
            if (model is not null && model.ErrorHasMember(error.Code, "RequestId")) w.WriteString("RequestId", requestId);
            w.WriteEndObject();
        });
    }

    public static Task WriteXmlAsync(HttpContext http, int status, string requestId, string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        return WriteBytesAsync(http, status, "text/xml;charset=UTF-8", requestId, bytes);
    }
}

/// <summary>Sees the bytes of an answer as it is written.</summary>
public interface IAnswerSink
{
    void Written(ReadOnlySpan<byte> answer);
}
