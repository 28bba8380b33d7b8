using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using WorkSpacesEmulator.Protocol;

namespace WorkSpacesEmulator.Fuzzing;

/// <summary>One generated request: everything needed to send it over HTTP.</summary>
public sealed record FuzzRequest(string Label, string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string? ContentType)
{
    public HttpRequestMessage ToHttpRequest()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        foreach (var (k, v) in Headers) message.Headers.TryAddWithoutValidation(k, v);
        if (Body.Length > 0 || ContentType is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(ContentType);
        }
        return message;
    }
}

/// <summary>A model-driven request generator over every operation of the three JSON services plus the EC2 actions:
/// mostly plausible inputs (enums, in-range numbers, strings generated from the model patterns) with deliberate
/// damage mixed in (wrong types, nulls, huge, control and unpaired-surrogate strings, invalid UTF-8, duplicate keys,
/// unknown members, truncated bodies, odd methods and content types). Deterministic for a seed.</summary>
public sealed class RequestFuzzer
{
    private static readonly string[] Services = ["workspaces", "ds", "ds-data", "kms"];
    private static readonly Dictionary<string, string> TargetPrefixes = new() { ["workspaces"] = "WorkspacesService", ["ds"] = "DirectoryService_20150416", ["kms"] = "TrentService" };

    /// <summary>The EC2 actions the emulator answers, plus one it does not (RunInstances: 501 NotImplemented).</summary>
    public static readonly string[] Ec2Actions =
    [
        "DescribeAvailabilityZones", "DescribeRegions", "DescribeAccountAttributes", "CreateVpc", "CreateDefaultVpc", "DescribeVpcs", "DeleteVpc",
        "CreateSubnet", "DescribeSubnets", "DeleteSubnet", "CreateSecurityGroup", "DescribeSecurityGroups", "DeleteSecurityGroup",
        "DescribeNetworkInterfaces", "CreateTags", "DeleteTags", "DescribeTags",
        "DescribeVpcAttribute", "ModifyVpcAttribute", "ModifySubnetAttribute",
        "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "DescribeSecurityGroupRules",
        "CreateInternetGateway", "AttachInternetGateway", "DetachInternetGateway", "DeleteInternetGateway", "DescribeInternetGateways",
        "AllocateAddress", "AssociateAddress", "DisassociateAddress", "ReleaseAddress", "DescribeAddresses",
        "CreateNatGateway", "DeleteNatGateway", "DescribeNatGateways",
        "CreateRouteTable", "DeleteRouteTable", "DescribeRouteTables", "CreateRoute", "DeleteRoute", "AssociateRouteTable", "DisassociateRouteTable",
        "RunInstances",
    ];

    private static readonly string[] Ec2Parameters =
    [
        "VpcId", "SubnetId", "CidrBlock", "AvailabilityZone", "GroupName", "GroupDescription", "Description", "GroupId", "MaxResults", "NextToken",
        "ResourceId.1", "ResourceId.2", "Tag.1.Key", "Tag.1.Value", "Tag.2.Key", "Filter.1.Name", "Filter.1.Value.1", "VpcId.1", "SubnetId.1",
        "GroupId.1", "RegionName.1", "ZoneName.1", "TagSpecification.1.ResourceType", "TagSpecification.1.Tag.1.Key", "TagSpecification.1.Tag.1.Value",
        "AttributeName.1", "NetworkInterfaceId.1", "DryRun",
    ];

    private static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2", "mars-north-1", "", "us-east-1\u0001"];

    private readonly Random _random;
    private readonly Dictionary<string, ServiceModel> _models;
    private readonly Dictionary<string, Fare.Xeger?> _xegers = new(StringComparer.Ordinal);
    private readonly string _account;

    public RequestFuzzer(int seed, string account)
    {
        _random = new Random(seed);
        _account = account;
        _models = Services.ToDictionary(s => s, ServiceModel.Load);
    }

    /// <summary>Every operation this fuzzer can target ("service.Operation"), for coverage reports.</summary>
    public IEnumerable<string> Targets =>
        _models.SelectMany(m => m.Value.Operations.Keys.Select(o => m.Key + "." + o)).Concat(Ec2Actions.Select(a => "ec2." + a));

    public FuzzRequest Next()
    {
        var roll = _random.NextDouble();
        if (roll < 0.12) return Ec2();
        if (roll < 0.15) return OddHttp();
        var service = Services[_random.Next(Services.Length)];
        var model = _models[service];
        var operation = model.Operations.Values.ElementAt(_random.Next(model.Operations.Count));
        var json = new StringBuilder();
        var queryMembers = new List<KeyValuePair<string, string>>();
        WriteStructure(model, model.Shapes[operation.InputShape], json, 0, service == "ds-data" ? queryMembers : null);
        var body = Damage(Encoding.UTF8.GetBytes(json.ToString()));
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", Authorization(service)) };
        if (service == "ds-data")
        {
            var path = operation.RequestUri.Split('?')[0];
            var query = string.Join("&", queryMembers.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
            // Sometimes the wrong content type: a ds-data request must still not reach the EC2 form reader.
            var contentType = _random.NextDouble() < 0.1 ? "application/x-www-form-urlencoded" : "application/json";
            return new FuzzRequest($"{service}.{operation.Name}", operation.HttpMethod, path + (query.Length > 0 ? "?" + query : ""), headers, body, contentType);
        }
        headers.Add(new("X-Amz-Target", $"{TargetPrefixes[service]}.{operation.Name}"));
        return new FuzzRequest($"{service}.{operation.Name}", "POST", "/", headers, body, "application/x-amz-json-1.1");
    }

    private string Authorization(string service)
    {
        var region = _random.NextDouble() < 0.9 ? "us-east-1" : Regions[_random.Next(Regions.Length)];
        return $"AWS4-HMAC-SHA256 Credential={_account}/20261201/{region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
    }

    private FuzzRequest Ec2()
    {
        var action = Ec2Actions[_random.Next(Ec2Actions.Length)];
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2016-11-15") };
        var count = _random.Next(0, 6);
        for (var i = 0; i < count; i++)
            form.Add(new(Ec2Parameters[_random.Next(Ec2Parameters.Length)], Ec2Value()));
        var body = Encoding.UTF8.GetBytes(string.Join("&", form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        return new FuzzRequest("ec2." + action, "POST", "/", [new("Authorization", Authorization("ec2"))], Damage(body), "application/x-www-form-urlencoded");
    }

    private string Ec2Value() => _random.Next(12) switch
    {
        0 => "vpc-" + Hex(8),
        1 => "subnet-" + Hex(17),
        2 => "sg-" + Hex(8),
        3 => $"10.{_random.Next(256)}.0.0/{_random.Next(8, 33)}",
        4 => "x\u0001y",
        5 => "",
        6 => new string('a', _random.Next(200, 5000)),
        7 => _random.Next(-5, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        8 => "us-east-1" + (char)('a' + _random.Next(8)),
        9 => "tag:Name",
        10 => "\uD800<&>\"'",
        _ => Word(),
    };

    private FuzzRequest OddHttp()
    {
        var auth = new KeyValuePair<string, string>("Authorization", Authorization("workspaces"));
        return _random.Next(7) switch
        {
            0 => new("http.HEAD", "HEAD", "/", [auth, new("X-Amz-Target", "WorkspacesService.CreateTags")], [], null),
            1 => new("http.GET", "GET", "/?Action=DescribeVpcs&Version=2016-11-15", [new("Authorization", Authorization("ec2"))], [], null),
            2 => new("http.UnknownTarget", "POST", "/", [auth, new("X-Amz-Target", "WorkspacesService.NoSuchThing")], "{}"u8.ToArray(), "application/x-amz-json-1.1"),
            3 => new("http.NoTarget", "POST", "/", [auth], "{}"u8.ToArray(), "application/json"),
            4 => new("http.PUT", "PUT", "/Users/CreateUser?DirectoryId=d-1234567890", [auth], "{}"u8.ToArray(), "application/json"),
            5 => new("http.LongUri", "GET", "/?" + new string('a', 20_000), [auth], [], null),
            _ => new("http.Admin", "DELETE", "/_emulator/health", [auth], [], null),
        };
    }

    /// <summary>Occasional byte-level damage: invalid UTF-8, a truncated body, a duplicated first member.</summary>
    private byte[] Damage(byte[] body)
    {
        var roll = _random.NextDouble();
        if (roll < 0.03 && body.Length > 2)
        {
            var at = _random.Next(1, body.Length - 1);
            return [.. body[..at], 0xC3, 0x28, 0xFF, .. body[at..]];
        }
        if (roll < 0.05 && body.Length > 2) return body[..(_random.Next(1, body.Length))];
        if (roll < 0.08 && body.Length > 2 && body[0] == (byte)'{' && body[1] == (byte)'"')
        {
            var text = Encoding.UTF8.GetString(body);
            var end = text.IndexOf(',');
            if (end > 1) return Encoding.UTF8.GetBytes("{" + text[1..end] + "," + text[1..]);
        }
        return body;
    }

    private void WriteStructure(ServiceModel model, ShapeDefinition shape, StringBuilder json, int depth, List<KeyValuePair<string, string>>? query)
    {
        json.Append('{');
        var first = true;
        foreach (var member in shape.Members.Values)
        {
            var include = shape.Required.Contains(member.Name) ? _random.NextDouble() < 0.95 : _random.NextDouble() < 0.4;
            if (!include || depth > 6) continue;
            var memberShape = model.Shapes[member.Shape];
            if (query is not null && member.Location is "querystring" or "header")
            {
                if (member.Location == "querystring") query.Add(new(member.LocationName ?? member.Name, PlainString(memberShape)));
                continue;
            }
            if (!first) json.Append(',');
            first = false;
            WriteString(json, member.Name);
            json.Append(':');
            WriteValue(model, memberShape, json, depth + 1);
        }
        if (_random.NextDouble() < 0.02)
        {
            if (!first) json.Append(',');
            json.Append("\"NoSuchMember\":1");
        }
        json.Append('}');
    }

    private void WriteValue(ServiceModel model, ShapeDefinition shape, StringBuilder json, int depth)
    {
        var roll = _random.NextDouble();
        if (roll < 0.03) { json.Append("null"); return; }
        if (roll < 0.06) { json.Append(_random.Next(3) switch { 0 => "123", 1 => "true", _ => "[]" }); return; }
        switch (shape.Type)
        {
            case "structure":
                WriteStructure(model, shape, json, depth, null);
                break;
            case "list":
                json.Append('[');
                var count = _random.NextDouble() < 0.05 ? _random.Next(20, 60) : _random.Next(0, 4);
                for (var i = 0; i < count; i++)
                {
                    if (i > 0) json.Append(',');
                    WriteValue(model, model.Shapes[shape.ListMember!], json, depth + 1);
                }
                json.Append(']');
                break;
            case "map":
                json.Append('{');
                var entries = _random.Next(0, 3);
                for (var i = 0; i < entries; i++)
                {
                    if (i > 0) json.Append(',');
                    WriteString(json, PlainString(model.Shapes[shape.MapKey!]) + (i > 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""));
                    json.Append(':');
                    WriteValue(model, model.Shapes[shape.MapValue!], json, depth + 1);
                }
                json.Append('}');
                break;
            case "string":
                WriteString(json, StringValue(shape));
                break;
            case "integer" or "long":
                var lo = (long)(shape.Min ?? 0);
                var hi = (long)Math.Min(shape.Max ?? 1000, lo + 100_000);
                json.Append(_random.NextDouble() < 0.1 ? _random.Next(-1000, int.MaxValue) : _random.NextInt64(lo, hi + 1));
                break;
            case "double" or "float":
                json.Append((_random.NextDouble() * 100).ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "boolean":
                json.Append(_random.Next(2) == 0 ? "true" : "false");
                break;
            case "timestamp":
                json.Append(_random.Next(2) == 0 ? "1764547200" : "\"2026-12-01T00:00:00Z\"");
                break;
            case "blob":
                WriteString(json, Convert.ToBase64String(Encoding.UTF8.GetBytes(Word())));
                break;
            default:
                json.Append("null");
                break;
        }
    }

    private string StringValue(ShapeDefinition shape)
    {
        var roll = _random.NextDouble();
        if (roll < 0.04) return "\uD800" + Word();                       // unpaired surrogate (escaped by WriteString)
        if (roll < 0.07) return "ctl\u0001\u0007\u001f" + Word();
        if (roll < 0.09) return new string('x', _random.Next(1_000, 200_000));
        if (roll < 0.11) return "";
        if (roll < 0.13) return "日本語-" + Word() + "-\U0001F600";
        return PlainString(shape);
    }

    /// <summary>A value that satisfies the shape where the generator can tell how: an enum member, a value generated
    /// from the pattern, or a word of an allowed length.</summary>
    private string PlainString(ShapeDefinition shape)
    {
        if (shape.Enum is { Length: > 0 } values) return values[_random.Next(values.Length)];
        if (shape.PatternText is { } pattern && Sample(pattern) is { } sample) return sample;
        var min = (int)(shape.Min ?? 1);
        var max = (int)Math.Min(shape.Max ?? 24, 64);
        var word = Word();
        while (word.Length < min) word += Word();
        return word.Length > max ? word[..Math.Max(max, min)] : word;
    }

    private string? Sample(string java)
    {
        if (!_xegers.TryGetValue(java, out var xeger)) _xegers[java] = xeger = XegerFor(java, _random);
        if (xeger is null) return null;
        try { return xeger.Generate(); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { return null; }
    }

    /// <summary>A Fare generator for a model pattern (from its .NET translation, anchors removed since Fare reads ^ and $
    /// as literals, repetition bounded since Fare's generator recurses once per repeated character); null when Fare
    /// cannot read the pattern (look-arounds, some classes).</summary>
    public static Fare.Xeger? XegerFor(string java, Random random)
    {
        if (java.Contains("(?=") || java.Contains("(?!")) return null;
        var dotnet = BoundRepetition(JavaRegex.ToDotNet(java).Replace("(?:", "("));
        dotnet = Regex.Replace(dotnet, @"(?<!\\)[\^$](?![^\[]*\])", "");
        try { return new Fare.Xeger(dotnet, random); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or FormatException) { return null; }
    }

    /// <summary>'*', '+' and open '{n,}' outside character classes become at most 8 repetitions.</summary>
    private static string BoundRepetition(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) { sb.Append(c).Append(pattern[++i]); continue; }
            if (inClass) { if (c == ']') inClass = false; sb.Append(c); continue; }
            if (c == '[') { inClass = true; sb.Append(c); continue; }
            if (c == '*') { sb.Append("{0,8}"); continue; }
            if (c == '+') { sb.Append("{1,8}"); continue; }
            if (c == '{' && Regex.Match(pattern[i..], @"^\{(\d+),\}") is { Success: true } open)
            {
                var min = int.Parse(open.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                sb.Append('{').Append(min).Append(',').Append(min + 8).Append('}');
                i += open.Length - 1;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private string Word() => "w" + Hex(_random.Next(3, 10));

    private string Hex(int length)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = digits[_random.Next(16)];
        return new string(chars);
    }

    /// <summary>A JSON string literal; lone surrogates are written as \uXXXX escapes (valid JSON syntax, invalid text).</summary>
    private static void WriteString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < ' ' || char.IsSurrogate(c)) json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else json.Append(c);
        }
        json.Append('"');
    }
}

/// <summary>What a fuzzed answer must be: never 5xx, and a body that parses as what its content type says.</summary>
public static class FuzzVerdict
{
    public static string? Problem(int status, string? contentType, byte[] body, string method)
    {
        // 501 is the one 5xx the emulator gives on purpose: a modelled operation it has no handler for (an
        // AWS-shaped NotImplemented error, counted by /_emulator/coverage) — not an answer to bad input.
        if (status == 501 && IsNotImplementedError(contentType, body)) return null;
        if (status >= 500) return $"HTTP {status}";
        if (method == "HEAD") return null;
        if (body.Length == 0) return status is 200 or 204 ? null : $"HTTP {status} without a body";
        try
        {
            if (contentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true)
                System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(body));
            else if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
                JsonDocument.Parse(body).Dispose();
            else return $"HTTP {status} with content type '{contentType}'";
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            return $"HTTP {status}, malformed {contentType} body: {e.Message}";
        }
        return null;
    }

    private static bool IsNotImplementedError(string? contentType, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        try
        {
            if (contentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true)
                return System.Xml.Linq.XDocument.Parse(text).Descendants().Any(e => e.Name.LocalName == "Code" && e.Value == "NotImplemented");
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("__type", out var type) && type.GetString() is "NotImplementedException" or "NotImplemented";
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            return false;
        }
    }
}
