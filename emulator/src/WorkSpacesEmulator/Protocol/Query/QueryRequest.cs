using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>An EC2 query-protocol request: <c>Action</c>, <c>Version</c> and the flattened parameters
/// (<c>Filter.1.Name</c>, <c>SubnetId.2</c>, …) from the form body or the query string.</summary>
public sealed class QueryRequest(string action, Dictionary<string, string> parameters)
{
    public string Action { get; } = action;
    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    public string? Get(string name) => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>Values of a flattened list: <c>prefix.1</c>, <c>prefix.2</c>, … in order.</summary>
    public List<string> GetList(string prefix)
    {
        var values = new List<string>();
        for (var i = 1; Parameters.TryGetValue($"{prefix}.{i}", out var v); i++) values.Add(v);
        return values;
    }

    /// <summary>Entries of a flattened list of structures: for <c>Filter</c> yields the maps after <c>Filter.N.</c>.</summary>
    public List<Dictionary<string, string>> GetStructList(string prefix)
    {
        var items = new SortedDictionary<int, Dictionary<string, string>>();
        var head = prefix + ".";
        foreach (var (key, value) in Parameters)
        {
            if (!key.StartsWith(head, StringComparison.Ordinal)) continue;
            var rest = key.AsSpan(head.Length);
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], out var index)) continue;
            if (!items.TryGetValue(index, out var item)) items[index] = item = new Dictionary<string, string>(StringComparer.Ordinal);
            item[rest[(dot + 1)..].ToString()] = value;
        }
        return items.Values.ToList();
    }

    public static async Task<QueryRequest?> TryReadAsync(HttpContext http)
    {
        var request = http.Request;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(http.RequestAborted); }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                throw new AwsException("MalformedQueryString", "The form body could not be read: " + e.Message);
            }
            foreach (var (k, v) in form) parameters[k] = v.ToString();
        }
        foreach (var (k, v) in request.Query)
            if (k != "X-Amz-Credential") parameters.TryAdd(k, v.ToString());
        return parameters.TryGetValue("Action", out var action) && action.Length > 0 ? new QueryRequest(action, parameters) : null;
    }
}
