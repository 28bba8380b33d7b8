using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Directory tags (at most 50 per directory; <c>aws:</c> keys are reserved).</summary>
public sealed partial class DirectoryServiceHandlers
{
    public const int MaxTagsPerDirectory = 50;

    public override Task<AddTagsToResourceResult> AddTagsToResource(RequestContext context, AddTagsToResourceRequest request, CancellationToken cancellationToken)
    {
        UpdateDirectory(context, request.ResourceId!, d => d with { Tags = ValidateTags(d, request.Tags) });
        return Task.FromResult(new AddTagsToResourceResult());
    }

    public override Task<RemoveTagsFromResourceResult> RemoveTagsFromResource(RequestContext context, RemoveTagsFromResourceRequest request, CancellationToken cancellationToken)
    {
        UpdateDirectory(context, request.ResourceId!, d => d with { Tags = TagList.Remove(d.Tags, request.TagKeys ?? []) });
        return Task.FromResult(new RemoveTagsFromResourceResult());
    }

    public override Task<ListTagsForResourceResult> ListTagsForResource(RequestContext context, ListTagsForResourceRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.ResourceId!);
        var limit = request.Limit is > 0 ? request.Limit.Value : MaxTagsPerDirectory;
        var page = Paging.Take(directory.Tags, limit, request.NextToken, "ds.ListTagsForResource:" + directory.Id, DsErrors.InvalidNextToken);
        return Task.FromResult(new ListTagsForResourceResult
        {
            Tags = page.Items.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
            NextToken = page.NextToken,
        });
    }

    /// <summary>The directory's tags after adding <paramref name="added"/> (new directory: <paramref name="directory"/> null).</summary>
    private static IReadOnlyList<TagPair> ValidateTags(DirectoryRecord? directory, List<Tag>? added)
    {
        var pairs = (added ?? []).Select(t => new TagPair(t.Key!, t.Value ?? "")).ToList();
        if (pairs.FirstOrDefault(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
            throw DsErrors.InvalidParameter($"Invalid tag key {reserved.Key}: the aws: prefix is reserved for AWS use.");
        var merged = TagList.Merge(directory?.Tags, pairs);
        if (merged.Count > MaxTagsPerDirectory)
            throw new AwsException(DirectoryServiceErrors.TagLimitExceededException,
                $"Tag limit exceeded: a directory can have at most {MaxTagsPerDirectory} tags.");
        return merged;
    }
}
