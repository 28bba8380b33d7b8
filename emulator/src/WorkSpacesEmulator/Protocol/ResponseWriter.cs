using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol;

/// <summary>Writes JSON results and AWS-shaped JSON errors with the headers every response carries.</summary>
public static class ResponseWriter
{
    public const string AmzJson11 = "application/x-amz-json-1.1";
    public const string RestJson = "application/json";

    public static Task WriteJsonAsync(HttpContext http, int status, string contentType, string requestId, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            write(writer);
        }
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
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
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = "text/xml;charset=UTF-8";
        response.Headers["x-amzn-RequestId"] = requestId;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes).AsTask();
    }
}
