namespace WorkSpacesEmulator.Storage;

/// <summary>A stored tag. Every service keeps tags as an ordered list of these.</summary>
public sealed record TagPair(string Key, string Value);

/// <summary>The one tagging mechanism: add-or-replace and remove by key, keeping first-seen order.</summary>
public static class TagList
{
    public static IReadOnlyList<TagPair> Merge(IReadOnlyList<TagPair>? existing, IEnumerable<TagPair> added)
    {
        var result = (existing ?? []).ToList();
        foreach (var tag in added)
        {
            var at = result.FindIndex(t => t.Key == tag.Key);
            if (at >= 0) result[at] = tag; else result.Add(tag);
        }
        return result;
    }

    public static IReadOnlyList<TagPair> Remove(IReadOnlyList<TagPair>? existing, IEnumerable<string> keys)
    {
        var drop = keys.ToHashSet(StringComparer.Ordinal);
        return (existing ?? []).Where(t => !drop.Contains(t.Key)).ToList();
    }
}
