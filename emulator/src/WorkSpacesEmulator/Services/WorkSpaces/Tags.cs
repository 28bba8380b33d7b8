using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// CreateTags, DeleteTags, DescribeTags on WorkSpaces (ws-), custom bundles (wsb-), custom images (wsi-), IP access control groups (wsipg-),
// connection aliases (wsca-), pools (wspool-) and registered directories (d-).
public sealed partial class WorkSpacesHandlers
{
    private const int MaxTags = 50;

    public override Task<CreateTagsResult> CreateTags(RequestContext context, CreateTagsRequest request, CancellationToken ct)
    {
        var added = FromWire(request.Tags);
        foreach (var tag in added)
            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw InvalidParameter("Tag keys starting with 'aws:' are reserved for AWS use.");
        ChangeTags(context, request.ResourceId!, existing =>
        {
            var merged = TagList.Merge(existing, added);
            if (merged.Count > MaxTags)
                throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"A resource can have at most {MaxTags} tags.");
            return merged;
        });
        return Task.FromResult(new CreateTagsResult());
    }

    public override Task<DeleteTagsResult> DeleteTags(RequestContext context, DeleteTagsRequest request, CancellationToken ct)
    {
        ChangeTags(context, request.ResourceId!, existing => TagList.Remove(existing, request.TagKeys!));
        return Task.FromResult(new DeleteTagsResult());
    }

    public override Task<DescribeTagsResult> DescribeTags(RequestContext context, DescribeTagsRequest request, CancellationToken ct)
    {
        var id = request.ResourceId!;
        IReadOnlyList<TagPair> tags = id switch
        {
            _ when id.StartsWith("ws-", StringComparison.Ordinal) && Workspaces.Get(context.Scope, id) is { } w => w.Tags,
            _ when id.StartsWith("wsb-", StringComparison.Ordinal) && Bundles.Get(context.Scope, id) is { } b => b.Tags,
            _ when PublicBundles.Find(id) is not null => [],
            _ when id.StartsWith("wsipg-", StringComparison.Ordinal) && IpGroups.Get(context.Scope, id) is { } g => g.Tags,
            _ when id.StartsWith("wsca-", StringComparison.Ordinal) && ConnectionAliases.Get(context.Scope, id) is { } a => a.Tags,
            _ when id.StartsWith("wspool-", StringComparison.Ordinal) && Pools.Get(context.Scope, id) is { } p => p.Tags,
            _ when id.StartsWith("wsi-", StringComparison.Ordinal) && WorkspaceImages.Get(context.Scope, id) is { } i => i.Tags,
            _ when PublicImageIds.Contains(id) => [],
            _ when WorkspaceDirectories.Get(context.Scope, id) is { } d => d.Tags,
            _ => throw ResourceNotFound(id),
        };
        return Task.FromResult(new DescribeTagsResult { TagList = ToWire(tags) ?? [] });
    }

    private static AwsException ResourceNotFound(string id) =>
        new(WorkSpacesErrors.ResourceNotFoundException, $"The resource {id} could not be found.", members: new Dictionary<string, string> { ["ResourceId"] = id });

    /// <summary>Replaces a resource's tags with optimistic concurrency (the reconciler may be moving it on).</summary>
    private void ChangeTags(RequestContext context, string id, Func<IReadOnlyList<TagPair>, IReadOnlyList<TagPair>> change)
    {
        if (id.StartsWith("wsb-", StringComparison.Ordinal) && PublicBundles.Find(id) is not null)
            throw InvalidParameter($"The bundle {id} is owned by Amazon and cannot be tagged.");
        if (id.StartsWith("wsi-", StringComparison.Ordinal) && PublicImageIds.Contains(id))
            throw InvalidParameter($"The image {id} is owned by Amazon and cannot be tagged.");
        var scope = context.Scope;
        var found = id switch
        {
            _ when id.StartsWith("ws-", StringComparison.Ordinal) => Workspaces.Update(scope, id, r => r with { Tags = change(r.Tags) }) is not null,
            _ when id.StartsWith("wsb-", StringComparison.Ordinal) => Bundles.Update(scope, id, r => r with { Tags = change(r.Tags) }) is not null,
            _ when id.StartsWith("wsi-", StringComparison.Ordinal) => WorkspaceImages.Update(scope, id, r => r with { Tags = change(r.Tags) }) is not null,
            _ when id.StartsWith("wsipg-", StringComparison.Ordinal) => IpGroups.Update(scope, id, r => r with { Tags = change(r.Tags) }) is not null,
            _ when id.StartsWith("wsca-", StringComparison.Ordinal) => ConnectionAliases.Update(scope, id, r => r with { Tags = change(r.Tags) }) is not null,
            _ when id.StartsWith("wspool-", StringComparison.Ordinal) => Pools.Update(scope, id, r => r with { Tags = change(r.Tags) }) is not null,
            _ => WorkspaceDirectories.Update(scope, id, r => r with { Tags = change(r.Tags) }) is not null,
        };
        if (!found) throw ResourceNotFound(id);
    }
}
