using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Ec2;

// CreateTags, DeleteTags, DescribeTags over VPCs, subnets, security groups and network interfaces.
public sealed partial class Ec2QueryService
{
    private const int MaxTagsPerResource = 50;

    private sealed record TagDescription(string ResourceId, string ResourceType, string Key, string Value);

    private static readonly FilterSet<TagDescription> TagFilters = new FilterSet<TagDescription>()
        .Field("resource-id", t => t.ResourceId)
        .Field("resource-type", t => t.ResourceType)
        .Field("key", t => t.Key)
        .Field("value", t => t.Value);

    private Action<XmlWriter> CreateTags(RequestContext context, QueryRequest request)
    {
        var resourceIds = ResourceIds(request);
        var tags = ReadTags(request);
        if (tags.Count == 0) throw new AwsException("MissingParameter", "The request must contain the parameter Tag");
        ValidateTags(tags);
        // One atomic change over every resource: the limit is checked inside it, and a bad id or a resource over the
        // limit leaves nothing half-tagged.
        _network.UpdateTags(context, resourceIds, current =>
        {
            var merged = TagList.Merge(current, tags);
            return merged.Count > MaxTagsPerResource
                ? throw new AwsException("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
                : merged;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DeleteTags(RequestContext context, QueryRequest request)
    {
        var resourceIds = ResourceIds(request);
        // Tag.N.Key with an optional Tag.N.Value: a given value (even empty) deletes the tag only if it matches.
        var selectors = request.GetStructList("Tag")
            .Select(e => (Key: e.GetValueOrDefault("Key") ?? "", Value: e.TryGetValue("Value", out var v) ? v : null))
            .ToList();
        foreach (var id in resourceIds) _network.GetTags(context, id);
        foreach (var id in resourceIds)
            _network.UpdateTags(context, id, current => selectors.Count == 0
                ? []
                : current.Where(t => !selectors.Any(s => s.Key == t.Key && (s.Value is null || s.Value == t.Value))).ToList());
        return ReturnTrue;
    }

    private Action<XmlWriter> DescribeTags(RequestContext context, QueryRequest request)
    {
        _network.EnsureDefaults(context);
        var scope = context.Scope;
        var all = _network.Vpcs.List(scope).SelectMany(r => r.Tags.Select(t => new TagDescription(r.Id, "vpc", t.Key, t.Value)))
            .Concat(_network.Subnets.List(scope).SelectMany(r => r.Tags.Select(t => new TagDescription(r.Id, "subnet", t.Key, t.Value))))
            .Concat(_network.SecurityGroups.List(scope).SelectMany(r => r.Tags.Select(t => new TagDescription(r.Id, "security-group", t.Key, t.Value))))
            .Concat(_network.NetworkInterfaces.List(scope).SelectMany(r => r.Tags.Select(t => new TagDescription(r.Id, "network-interface", t.Key, t.Value))));
        var page = Page(TagFilters.Apply(all, request), request, context);
        return w => WritePage(w, "tagSet", page, (x, t) =>
        {
            x.Element("resourceId", t.ResourceId);
            x.Element("resourceType", t.ResourceType);
            x.Element("key", t.Key);
            x.Element("value", t.Value);
        });
    }

    private static List<string> ResourceIds(QueryRequest request)
    {
        var ids = request.GetList("ResourceId");
        if (ids.Count == 0) throw new AwsException("MissingParameter", "The request must contain the parameter ResourceId");
        return ids;
    }
}
