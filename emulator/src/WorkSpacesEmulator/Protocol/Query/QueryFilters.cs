using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>One <c>Filter.N</c>: a name and the values any of which may match.</summary>
public sealed record QueryFilter(string Name, IReadOnlyList<string> Values);

/// <summary>EC2 filter semantics for one resource kind: named fields, <c>tag:&lt;key&gt;</c>, <c>tag-key</c>,
/// <c>tag-value</c>. Values of one filter are OR'd, filters are AND'd, values may use <c>*</c> and <c>?</c>
/// wildcards (<c>\</c> escapes them), and an unknown filter name is rejected as EC2 does. Build one per
/// resource kind, once (static), then <see cref="Apply"/> it per request.</summary>
public sealed class FilterSet<T>
{
    private readonly Dictionary<string, Func<T, IEnumerable<string?>>> _fields = new(StringComparer.Ordinal);
    private Func<T, IReadOnlyList<TagPair>>? _tags;

    public FilterSet<T> Field(string name, Func<T, string?> value)
    {
        _fields[name] = item => [value(item)];
        return this;
    }

    public FilterSet<T> Field(string name, Func<T, bool> value) => Field(name, item => value(item) ? "true" : "false");

    public FilterSet<T> Fields(string name, Func<T, IEnumerable<string?>> values)
    {
        _fields[name] = values;
        return this;
    }

    public FilterSet<T> Tags(Func<T, IReadOnlyList<TagPair>> tags)
    {
        _tags = tags;
        return this;
    }

    public static List<QueryFilter> Parse(QueryRequest request, string prefix = "Filter")
    {
        var filters = new List<QueryFilter>();
        var entries = request.GetStructList(prefix);
        foreach (var entry in entries)
        {
            if (!entry.TryGetValue("Name", out var name)) continue;
            var values = new SortedDictionary<int, string>();
            foreach (var (key, value) in entry)
                if (key.StartsWith("Value.", StringComparison.Ordinal) && int.TryParse(key.AsSpan(6), out var i)) values[i] = value;
            filters.Add(new QueryFilter(name, values.Values.ToList()));
        }
        return filters;
    }

    /// <summary>Validates every filter name first (so an invalid filter fails even on an empty listing), then filters.</summary>
    public IReadOnlyList<T> Apply(IEnumerable<T> items, QueryRequest request)
    {
        var filters = Parse(request);
        if (filters.Count == 0) return items as IReadOnlyList<T> ?? items.ToList();
        var compiled = filters.Select(Compile).ToList();
        return items.Where(item => compiled.All(match => match(item))).ToList();
    }

    private Func<T, bool> Compile(QueryFilter filter)
    {
        var values = filter.Values;
        if (_tags is { } tags)
        {
            if (filter.Name.StartsWith("tag:", StringComparison.Ordinal))
            {
                var key = filter.Name[4..];
                return item => tags(item).Any(t => t.Key == key && values.Any(v => Wildcard.IsMatch(v, t.Value)));
            }
            if (filter.Name == "tag-key") return item => tags(item).Any(t => values.Any(v => Wildcard.IsMatch(v, t.Key)));
            if (filter.Name == "tag-value") return item => tags(item).Any(t => values.Any(v => Wildcard.IsMatch(v, t.Value)));
        }
        if (!_fields.TryGetValue(filter.Name, out var field))
            throw new AwsException("InvalidParameterValue", $"The filter '{filter.Name}' is invalid");
        return item => field(item).Any(actual => actual is not null && values.Any(v => Wildcard.IsMatch(v, actual)));
    }
}

/// <summary>EC2 filter-value wildcards: <c>*</c> any run, <c>?</c> exactly one character, <c>\</c> escapes.</summary>
public static class Wildcard
{
    public static bool IsMatch(string pattern, string value)
    {
        if (pattern.IndexOfAny(['*', '?', '\\']) < 0) return string.Equals(pattern, value, StringComparison.Ordinal);
        return Match(pattern, 0, value, 0);
    }

    // Iterative glob with single-star backtracking: linear in practice, no regex compilation per request.
    private static bool Match(string p, int pi, string v, int vi)
    {
        int starP = -1, starV = -1;
        while (vi < v.Length)
        {
            if (pi < p.Length && p[pi] == '*') { starP = ++pi; starV = vi; continue; }
            if (pi < p.Length)
            {
                var literal = p[pi] == '\\' && pi + 1 < p.Length;
                var c = literal ? p[pi + 1] : p[pi];
                if ((!literal && c == '?') || c == v[vi]) { pi += literal ? 2 : 1; vi++; continue; }
            }
            if (starP < 0) return false;
            pi = starP;
            vi = ++starV;
        }
        while (pi < p.Length && p[pi] == '*') pi++;
        return pi == p.Length;
    }
}
