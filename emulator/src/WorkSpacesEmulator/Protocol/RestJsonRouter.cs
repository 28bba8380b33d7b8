using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol;

/// <summary>rest-json routing from the model's HTTP bindings (method + request URI), and input assembly:
/// the JSON body plus members bound to the query string or headers.</summary>
public sealed class RestJsonRouter
{
    private readonly Dictionary<(string Method, string Path), Route> _routes = new();

    public RestJsonRouter(IEnumerable<IJsonServiceEndpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
            foreach (var op in endpoint.Model.Operations.Values)
            {
                var path = op.RequestUri.Split('?')[0];
                _routes[(op.HttpMethod, path)] = new Route(endpoint, op.Name);
            }
    }

    public Route? Match(string method, PathString path) =>
        _routes.TryGetValue((method, path.Value ?? "/"), out var route) ? route : null;

    public static async Task<JsonDocument> ReadInputAsync(HttpContext http, Route route)
    {
        using var body = await EdgeRouter.ReadJsonBodyAsync(http);
        var model = route.Endpoint.Model;
        var input = model.Shapes[model.Operations[route.Operation].InputShape];
        if (body.RootElement.ValueKind != JsonValueKind.Object)
            throw AwsException.Serialization("The request body must be a JSON object.");
        try
        {
            var node = JsonNode.Parse(body.RootElement.GetRawText())!.AsObject();
            foreach (var member in input.Members.Values)
            {
                string? value = member.Location switch
                {
                    "querystring" => http.Request.Query.TryGetValue(member.LocationName ?? member.Name, out var q) ? q.ToString() : null,
                    "header" => http.Request.Headers.TryGetValue(member.LocationName ?? member.Name, out var h) ? h.ToString() : null,
                    _ => null,
                };
                if (member.Location is not null) node.Remove(member.Name);
                if (value is not null) node[member.Name] = value;
            }
            return JsonDocument.Parse(node.ToJsonString());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // JsonObject refuses a member given twice; a string with an unpaired surrogate cannot be re-written.
            throw AwsException.Serialization("The request body is not a valid JSON object: " + e.Message);
        }
    }

    public sealed record Route(IJsonServiceEndpoint Endpoint, string Operation);
}
