using System.Text;

namespace WorkSpacesEmulator.Storage;

/// <summary>The one pagination mechanism: opaque NextTokens that encode the offset into a stable
/// (creation-ordered) listing, with a check that the token belongs to the same listing.</summary>
public static class Paging
{
    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);

    /// <summary>Returns at most <paramref name="limit"/> items after <paramref name="nextToken"/>.
    /// An unreadable token raises <paramref name="invalidToken"/>.</summary>
    public static Page<T> Take<T>(IReadOnlyList<T> items, int limit, string? nextToken, string listing, Func<Exception> invalidToken)
    {
        var offset = 0;
        if (Cursor(nextToken, listing, invalidToken) is { } cursor && (!int.TryParse(cursor, out offset) || offset < 0)) throw invalidToken();
        if (offset >= items.Count) return new Page<T>([], null);
        var count = Math.Min(limit, items.Count - offset);
        var page = new T[count];
        for (var i = 0; i < count; i++) page[i] = items[offset + i];
        return new Page<T>(page, offset + count < items.Count ? Token(listing, (offset + count).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
    }

    /// <summary>The position a NextToken of this listing carries (null: from the start). Listings that are not
    /// in-memory lists (a directory's LDAP search) keep their own cursor in it, e.g. the last key returned.</summary>
    public static string? Cursor(string? nextToken, string listing, Func<Exception> invalidToken)
    {
        if (string.IsNullOrEmpty(nextToken)) return null;
        try
        {
            var raw = Encoding.UTF8.GetString(Convert.FromBase64String(nextToken));
            return raw.StartsWith(listing + "|", StringComparison.Ordinal) ? raw[(listing.Length + 1)..] : throw invalidToken();
        }
        catch (FormatException) { throw invalidToken(); }
    }

    /// <summary>The NextToken that resumes this listing at cursor (null cursor: the listing is complete).</summary>
    public static string? Token(string listing, string? cursor) =>
        cursor is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(listing + "|" + cursor));
}
