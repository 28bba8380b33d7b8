using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkSpacesSample.Tests;

/// <summary>WorkSpaces and Directory Service from .NET. There is no AWSSDK.WorkSpaces / AWSSDK.DirectoryService package
/// on the package mirror used here, so this sends their wire protocol (awsJson 1.1: POST / with X-Amz-Target) itself —
/// a few lines, no code generator. The Authorization header carries the SigV4 credential scope (access key → account,
/// Region); the emulator's default mode reads the scope and does not verify the signature (README, "Differences from
/// AWS"). With the real SDK packages available, use AmazonWorkSpacesClient with ServiceURL = emulator.Endpoint instead,
/// as the EC2 calls here do with AWSSDK.EC2.</summary>
public sealed class AwsJsonClient(string endpoint, string region = "us-east-1", string accessKey = "test")
{
    private static readonly HttpClient Http = new();

    public Task<JsonNode> WorkSpacesAsync(string operation, object request) => SendAsync("workspaces", "WorkspacesService", operation, request);

    public Task<JsonNode> DirectoryServiceAsync(string operation, object request) => SendAsync("ds", "DirectoryService_20150416", operation, request);

    private async Task<JsonNode> SendAsync(string signingName, string targetPrefix, string operation, object request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint + "/");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
        message.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{DateTime.UtcNow:yyyyMMdd}/{region}/{signingName}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
        message.Content = new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var response = await Http.SendAsync(message);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? new JsonObject();
        if (!response.IsSuccessStatusCode)
            throw new AwsErrorException(body["__type"]?.GetValue<string>() ?? response.StatusCode.ToString(), body["message"]?.GetValue<string>() ?? "");
        return body;
    }
}

public sealed class AwsErrorException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}
