using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkSpacesEmulator.Tests.Infrastructure;

/// <summary>Sends raw wire requests (awsJson1_1, rest-json, EC2 query) the way SDKs do, with a SigV4-shaped
/// Authorization header carrying the account (access key) and region in its credential scope.</summary>
public sealed class AwsWireClient(HttpClient http, string account, string region)
{
    public HttpClient Http => http;

    public static readonly Dictionary<string, string> TargetPrefixes = new()
    {
        ["workspaces"] = "WorkspacesService",
        ["ds"] = "DirectoryService_20150416",
    };

    private string Authorization(string service) =>
        $"AWS4-HMAC-SHA256 Credential={account}/20261126/{region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";

    /// <summary>awsJson1_1: POST / with X-Amz-Target.</summary>
    public async Task<WireResponse> JsonAsync(string service, string operation, object? body = null)
    {
        var text = body is string s ? s : JsonSerializer.Serialize(body ?? new { });
        return await JsonRawAsync(service, $"{TargetPrefixes[service]}.{operation}", text);
    }

    public async Task<WireResponse> JsonRawAsync(string service, string target, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", Authorization(service));
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        return await SendAsync(request);
    }

    /// <summary>rest-json (ds-data): POST {path}?DirectoryId=… with a JSON body.</summary>
    public async Task<WireResponse> RestJsonAsync(string path, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.TryAddWithoutValidation("Authorization", Authorization("ds-data"));
        request.Content = new StringContent(body is string s ? s : JsonSerializer.Serialize(body ?? new { }), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await SendAsync(request);
    }

    /// <summary>EC2 query protocol: form-encoded POST with Action and Version.</summary>
    public async Task<WireResponse> Ec2Async(string action, params (string Key, string Value)[] parameters)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2016-11-15") };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("Authorization", Authorization("ec2"));
        request.Content = new FormUrlEncodedContent(form);
        return await SendAsync(request);
    }

    /// <summary>The runtime view of a WorkSpace (GET /_emulator/workspaces/{id}), asked as this client's account
    /// (the admin view answers per account).</summary>
    public async Task<JsonNode> RuntimeViewAsync(string workspaceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/_emulator/workspaces/{workspaceId}");
        request.Headers.TryAddWithoutValidation("Authorization", Authorization("workspaces"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<WireResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new WireResponse((int)response.StatusCode, headers, body);
    }
}

public sealed record WireResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>Asserts HTTP 200 and returns the JSON body (with the body in the failure message).</summary>
    public JsonNode Ok()
    {
        if (Status != 200) throw new Xunit.Sdk.XunitException($"Expected 200 but got {Status}: {Body}");
        return Json;
    }

    public System.Xml.Linq.XDocument Xml => System.Xml.Linq.XDocument.Parse(Body);
}
