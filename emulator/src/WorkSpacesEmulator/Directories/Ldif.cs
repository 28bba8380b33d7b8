namespace WorkSpacesEmulator.Directories;

/// <summary>The LDIF that Samba's ldbsearch prints (RFC 2849 records: <c>dn:</c>, <c>name: value</c>, <c>name:: base64</c>,
/// folded lines starting with one space; <c>#</c> comments, referrals skipped). Each entry maps attribute names
/// (case-insensitive, "dn" for the DN) to their values.</summary>
public static class Ldif
{
    /// <summary>An entry's first value of an attribute (null when it has none).</summary>
    public static string? First(this Dictionary<string, List<string>> entry, string name) =>
        entry.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>An entry's values of an attribute (empty when it has none).</summary>
    public static IReadOnlyList<string> All(this Dictionary<string, List<string>> entry, string name) =>
        entry.TryGetValue(name, out var values) ? values : [];

    public static List<Dictionary<string, List<string>>> Parse(string text)
    {
        var entries = new List<Dictionary<string, List<string>>>();
        Dictionary<string, List<string>>? current = null;
        var lines = new List<string>();
        foreach (var raw in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.StartsWith(' ') && lines.Count > 0) lines[^1] += raw[1..];
            else lines.Add(raw);
        }
        foreach (var line in lines)
        {
            if (line.Length == 0) { current = null; continue; }
            if (line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line[..colon];
            var value = colon + 1 < line.Length && line[colon + 1] == ':'
                ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(line[(colon + 2)..].Trim()))
                : line[(colon + 1)..].TrimStart(' ');
            if (name.Equals("dn", StringComparison.OrdinalIgnoreCase))
            {
                current = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                entries.Add(current);
            }
            else if (current is null) continue; // a referral ("ref:") or anything outside an entry
            if (!current.TryGetValue(name, out var values)) current[name] = values = [];
            values.Add(value);
        }
        return entries;
    }
}
