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
        if (!string.IsNullOrEmpty(nextToken))
        {
            try
            {
                var raw = Encoding.UTF8.GetString(Convert.FromBase64String(nextToken));
                var bar = raw.LastIndexOf('|');
                if (bar < 0 || raw[..bar] != listing || !int.TryParse(raw[(bar + 1)..], out offset) || offset < 0) throw invalidToken();
            }
            catch (FormatException) { throw invalidToken(); }
        }
        if (offset >= items.Count) return new Page<T>([], null);
        var count = Math.Min(limit, items.Count - offset);
        var page = new T[count];
        for (var i = 0; i < count; i++) page[i] = items[offset + i];
        var next = offset + count < items.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(listing + "|" + (offset + count)))
            : null;
        return new Page<T>(page, next);
    }
}
