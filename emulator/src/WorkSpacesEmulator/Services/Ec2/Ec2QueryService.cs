using System.Globalization;
using System.Xml;
using Microsoft.AspNetCore.Http;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Ec2;

/// <summary>The EC2 query-protocol slice: dispatches <c>Action=</c> to one handler per operation (grouped by
/// capability in the partial files next to this one) and writes EC2's XML. A handler validates and mutates
/// first and only then returns the writer of its response body, so an error never leaves half a response.</summary>
public sealed partial class Ec2QueryService : IQueryService
{
    private delegate Action<XmlWriter> Handler(RequestContext context, QueryRequest request);

    private readonly Ec2Network _network;
    private readonly Ec2Routing _routing;
    private readonly IIdGenerator _ids;
    private readonly TimeSpan _transition;
    private readonly Dictionary<string, Handler> _actions;

    public Ec2QueryService(Ec2Network network, Ec2Routing routing, IIdGenerator ids, Microsoft.Extensions.Options.IOptions<EmulatorOptions> options)
    {
        _network = network;
        _routing = routing;
        _ids = ids;
        _transition = options.Value.Transition;
        _actions = new Dictionary<string, Handler>(StringComparer.Ordinal)
        {
            ["DescribeAvailabilityZones"] = DescribeAvailabilityZones,
            ["DescribeRegions"] = DescribeRegions,
            ["DescribeAccountAttributes"] = DescribeAccountAttributes,
            ["CreateVpc"] = CreateVpc,
            ["CreateDefaultVpc"] = CreateDefaultVpc,
            ["DescribeVpcs"] = DescribeVpcs,
            ["DeleteVpc"] = DeleteVpc,
            ["CreateSubnet"] = CreateSubnet,
            ["DescribeSubnets"] = DescribeSubnets,
            ["DeleteSubnet"] = DeleteSubnet,
            ["CreateSecurityGroup"] = CreateSecurityGroup,
            ["DescribeSecurityGroups"] = DescribeSecurityGroups,
            ["DeleteSecurityGroup"] = DeleteSecurityGroup,
            ["DescribeNetworkInterfaces"] = DescribeNetworkInterfaces,
            ["CreateTags"] = CreateTags,
            ["DeleteTags"] = DeleteTags,
            ["DescribeTags"] = DescribeTags,
            ["CreateInternetGateway"] = CreateInternetGateway,
            ["AttachInternetGateway"] = AttachInternetGateway,
            ["DetachInternetGateway"] = DetachInternetGateway,
            ["DeleteInternetGateway"] = DeleteInternetGateway,
            ["DescribeInternetGateways"] = DescribeInternetGateways,
            ["AllocateAddress"] = AllocateAddress,
            ["AssociateAddress"] = AssociateAddress,
            ["DisassociateAddress"] = DisassociateAddress,
            ["ReleaseAddress"] = ReleaseAddress,
            ["DescribeAddresses"] = DescribeAddresses,
            ["CreateNatGateway"] = CreateNatGateway,
            ["DeleteNatGateway"] = DeleteNatGateway,
            ["DescribeNatGateways"] = DescribeNatGateways,
            ["CreateRouteTable"] = CreateRouteTable,
            ["CreateRoute"] = CreateRoute,
            ["DeleteRoute"] = DeleteRoute,
            ["AssociateRouteTable"] = AssociateRouteTable,
            ["DisassociateRouteTable"] = DisassociateRouteTable,
            ["DeleteRouteTable"] = DeleteRouteTable,
            ["DescribeRouteTables"] = DescribeRouteTables,
            ["AuthorizeSecurityGroupIngress"] = AuthorizeSecurityGroupIngress,
            ["AuthorizeSecurityGroupEgress"] = AuthorizeSecurityGroupEgress,
            ["RevokeSecurityGroupIngress"] = RevokeSecurityGroupIngress,
            ["RevokeSecurityGroupEgress"] = RevokeSecurityGroupEgress,
            ["DescribeSecurityGroupRules"] = DescribeSecurityGroupRules,
            ["ModifyVpcAttribute"] = ModifyVpcAttribute,
            ["DescribeVpcAttribute"] = DescribeVpcAttribute,
            ["ModifySubnetAttribute"] = ModifySubnetAttribute,
        };
    }

    /// <summary>The actions this slice answers (other EC2 actions are 501 NotImplemented, unknown names InvalidAction).</summary>
    public IReadOnlyCollection<string> ImplementedActions => _actions.Keys;

    /// <summary>EC2's action names (ServiceModels/ec2.actions.txt, from botocore by import_models.py).</summary>
    public IReadOnlyCollection<string> ModelledActions => ServiceActions.Ec2;

    public async Task HandleAsync(HttpContext http, RequestContext context, QueryRequest request)
    {
        string xml;
        try
        {
            if (!_actions.TryGetValue(request.Action, out var handler))
                throw ServiceActions.Ec2.Contains(request.Action)
                    ? new AwsException("NotImplemented", $"The action {request.Action} of service ec2 is not implemented by the WorkSpaces emulator.", 501)
                    : new AwsException("InvalidAction", $"The action {request.Action} is not valid for this web service.");
            var body = handler(context, request);
            xml = QueryXml.Response(request.Action, context.RequestId, body);
        }
        catch (AwsException e)
        {
            await QueryXml.WriteErrorAsync(http, e, context.RequestId);
            return;
        }
        await ResponseWriter.WriteXmlAsync(http, 200, context.RequestId, xml);
    }

    // ---- shared request helpers ----

    private static string Required(QueryRequest request, string name) =>
        request.Get(name) is { Length: > 0 } value ? value
            : throw new AwsException("MissingParameter", $"The request must contain the parameter {name}");

    private static Action<XmlWriter> ReturnTrue => w => w.Element("return", true);

    /// <summary>Applies MaxResults/NextToken to a listing. Without MaxResults EC2 returns everything.</summary>
    private static Paging.Page<T> Page<T>(IReadOnlyList<T> items, QueryRequest request, RequestContext context, int min = 5, int max = 1000)
    {
        var nextToken = request.Get("NextToken");
        var limit = int.MaxValue;
        if (request.Get("MaxResults") is { } text)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < min || limit > max)
                throw new AwsException("InvalidParameterValue", $"Value ( {text} ) for parameter maxResults is invalid. Expecting a value between {min} and {max}.");
        }
        else if (string.IsNullOrEmpty(nextToken)) return new Paging.Page<T>(items, null);
        return Paging.Take(items, limit, nextToken, request.Action + "|" + context.Scope,
            () => new AwsException("InvalidPaginationToken", $"The pagination token '{nextToken}' is not valid or is expired."));
    }

    /// <summary>Resolves explicitly requested ids (<c>VpcId.N</c>, …): every one must exist, as in EC2.</summary>
    private static IReadOnlyList<T> ByIds<T>(IReadOnlyList<T> all, List<string> ids, Func<T, string> idOf, Func<string, AwsException> notFound)
    {
        if (ids.Count == 0) return all;
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var found = all.Where(r => wanted.Contains(idOf(r))).ToList();
        if (found.Count != wanted.Count)
        {
            var present = found.Select(idOf).ToHashSet(StringComparer.Ordinal);
            throw notFound(ids.First(id => !present.Contains(id)));
        }
        return found;
    }

    /// <summary><c>Tag.N.Key</c>/<c>Tag.N.Value</c> (a missing value is the empty string, as in EC2).</summary>
    private static List<TagPair> ReadTags(QueryRequest request, string prefix = "Tag")
    {
        var tags = new List<TagPair>();
        foreach (var entry in request.GetStructList(prefix))
            tags.Add(new TagPair(entry.GetValueOrDefault("Key") ?? "", entry.GetValueOrDefault("Value") ?? ""));
        return tags;
    }

    /// <summary>The tags of <c>TagSpecification.N</c> entries for <paramref name="resourceType"/>; a specification
    /// naming another resource type is rejected as EC2 does.</summary>
    private static IReadOnlyList<TagPair> TagSpecifications(QueryRequest request, string resourceType)
    {
        var tags = new List<TagPair>();
        foreach (var spec in request.GetStructList("TagSpecification"))
        {
            var type = spec.GetValueOrDefault("ResourceType");
            if (type != resourceType)
                throw new AwsException("InvalidParameterValue", $"'{type}' is not a valid taggable resource type for this operation.");
            var entries = new SortedDictionary<int, (string? Key, string? Value)>();
            foreach (var (key, value) in spec)
            {
                var parts = key.Split('.');
                if (parts.Length != 3 || parts[0] != "Tag" || !int.TryParse(parts[1], out var i)) continue;
                var current = entries.GetValueOrDefault(i);
                entries[i] = parts[2] == "Key" ? (value, current.Value) : parts[2] == "Value" ? (current.Key, value) : current;
            }
            tags.AddRange(entries.Values.Select(e => new TagPair(e.Key ?? "", e.Value ?? "")));
        }
        ValidateTags(tags);
        return TagList.Merge([], tags);
    }

    private static void ValidateTags(IEnumerable<TagPair> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key.Length == 0)
                throw new AwsException("InvalidParameterValue", "Tag key cannot be empty.");
            if (tag.Key.Length > 128 || tag.Value.Length > 256)
                throw new AwsException("InvalidParameterValue", $"Tag key must be at most 128 characters and value at most 256 characters: '{tag.Key}'.");
            // EC2 refuses control characters in tags (they cannot be written in its XML); tab, LF and CR are text.
            if (XmlSafeText.FirstInvalid(tag.Key) is not null || XmlSafeText.FirstInvalid(tag.Value) is not null)
                throw new AwsException("InvalidParameterValue", $"Tag keys and values may not contain control characters: '{XmlSafeText.Printable(tag.Key)}'.");
            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw new AwsException("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
        }
    }

    // ---- shared XML pieces ----

    /// <summary><c>tagSet</c>; EC2 omits it for untagged resources.</summary>
    private static void WriteTagSet(XmlWriter w, IReadOnlyList<TagPair> tags)
    {
        if (tags.Count == 0) return;
        w.Set("tagSet", tags, (x, t) =>
        {
            x.Element("key", t.Key);
            x.Element("value", t.Value);
        });
    }

    private static void WritePage<T>(XmlWriter w, string setName, Paging.Page<T> page, Action<XmlWriter, T> writeItem)
    {
        w.Set(setName, page.Items, writeItem);
        w.Element("nextToken", page.NextToken);
    }
}
