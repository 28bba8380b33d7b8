using System.Collections.Concurrent;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Protocol;

/// <summary>Answers of the hot WorkSpaces reads, kept for as long as nothing is stored: a waiter or a test that
/// polls <c>DescribeWorkspaces</c> sends the same bytes again and again, and between two stored changes the answer
/// is the same bytes too. An entry is valid only while <see cref="Store.Version"/> (which goes up after every stored
/// change of any table, after the change is visible) is the version read before the answer was computed, and only
/// for the exact request body of the same caller scope. Only operations whose answer is a function of the stored
/// records and the request are listed (no clock, no live sessions, no directory server); only 200 answers are kept.</summary>
public sealed class ReadCache(Store store, Microsoft.Extensions.Options.IOptions<EmulatorOptions> options)
{
    private readonly bool _enabled = options.Value.ReadCache;

    private const int MaxEntries = 1024;
    private const int MaxAnswerBytes = 64 * 1024;
    // These reads' inputs are a few ids and names; a larger body (e.g. padded with whitespace) is answered, not kept.
    private const int MaxBodyBytes = 4 * 1024;

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "WorkspacesService.DescribeWorkspaces",
        "WorkspacesService.DescribeWorkspaceDirectories",
        "WorkspacesService.DescribeWorkspaceBundles",
    };

    private readonly record struct Key(string Scope, string Target, int BodyHash);

    private sealed record Entry(long Version, byte[] Body, byte[] Answer);

    private readonly ConcurrentDictionary<Key, Entry> _entries = new();

    public bool Caches(string target) => _enabled && Operations.Contains(target);

    /// <summary>Where a freshly computed answer of this request goes (stamped with the version read now, before it
    /// is computed).</summary>
    public IAnswerSink KeeperFor(string scope, string target, byte[] body) => new Keeper(this, scope, target, body, store.Version);

    private sealed class Keeper(ReadCache cache, string scope, string target, byte[] body, long version) : IAnswerSink
    {
        public void Written(ReadOnlySpan<byte> answer) => cache.Keep(scope, target, body, version, answer);
    }

    public byte[]? Find(string scope, string target, byte[] body)
    {
        if (!_entries.TryGetValue(new Key(scope, target, Hash(body)), out var entry)) return null;
        return entry.Version == store.Version && entry.Body.AsSpan().SequenceEqual(body) ? entry.Answer : null;
    }

    private void Keep(string scope, string target, byte[] body, long version, ReadOnlySpan<byte> answer)
    {
        if (answer.Length > MaxAnswerBytes || body.Length > MaxBodyBytes || version != store.Version) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[new Key(scope, target, Hash(body))] = new Entry(version, body, answer.ToArray());
    }

    private static int Hash(byte[] body)
    {
        var hash = new HashCode();
        hash.AddBytes(body);
        return hash.ToHashCode();
    }
}
