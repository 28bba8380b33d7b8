using System.Collections.Concurrent;
using System.Text.Json;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace WorkSpacesEmulator.Storage;

internal interface IResourceTable
{
    void Clear();

    /// <summary>Writes the scope's volatile records (see <see cref="ResourceTable{T}.PutVolatile"/>) to the database.</summary>
    void PersistVolatile(string scope);
}

/// <summary>One resource kind: every record is written through to LiteDB before the call returns (so an
/// acknowledged mutation survives kill -9) and kept in an in-memory index per scope that serves reads
/// without touching the disk. Records are immutable; listing order is creation order (ids break ties).</summary>
public sealed class ResourceTable<T> : IResourceTable where T : class, IResource
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly ILiteCollection<BsonDocument> _collection;
    private readonly ConcurrentDictionary<string, ScopeIndex> _scopes = new(StringComparer.Ordinal);
    private readonly object _writeLock = new();
    private readonly Action _changed;
    private readonly Action<string> _beforeWrite;

    /// <summary>Records shown but not yet stored, by scope (the defaults a read computes).</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _volatile = new(StringComparer.Ordinal);

    internal ResourceTable(ILiteCollection<BsonDocument> collection, Action changed, Action<string> beforeWrite)
    {
        _collection = collection;
        _changed = changed;
        _beforeWrite = beforeWrite;
        foreach (var doc in collection.FindAll())
        {
            var record = JsonSerializer.Deserialize<T>(doc["json"].AsString, Json)!;
            ScopeFor(record.Scope).Put(record, doc["seq"].AsInt64);
        }
    }

    public T? Get(string scope, string id) =>
        _scopes.TryGetValue(scope, out var index) && index.Items.TryGetValue(id, out var entry) ? entry.Record : null;

    /// <summary>All records of a scope in creation order (a cached snapshot, rebuilt only after a change).</summary>
    public IReadOnlyList<T> List(string scope) =>
        _scopes.TryGetValue(scope, out var index) ? index.Snapshot() : [];

    /// <summary>Every record of every scope (the reconciler's view).</summary>
    public IEnumerable<T> All() => _scopes.Values.SelectMany(s => s.Snapshot());

    public int Count(string scope) => _scopes.TryGetValue(scope, out var index) ? index.Items.Count : 0;

    public void Put(T record)
    {
        // The first stored change of a scope makes the defaults its reads only computed real (e.g. the default VPC).
        _beforeWrite(record.Scope);
        lock (_writeLock)
        {
            var index = ScopeFor(record.Scope);
            var seq = index.Items.TryGetValue(record.Id, out var existing) ? existing.Seq : NextSeq();
            Write(record, seq);
            if (_volatile.TryGetValue(record.Scope, out var pending)) pending.TryRemove(record.Id, out _);
            index.Put(record, seq);
            _changed();
        }
    }

    /// <summary>Shows a record without storing it: reads see it, and the scope's first stored change (any table)
    /// stores it too. So a read can compute a scope's defaults lazily without creating anything persistent.</summary>
    public void PutVolatile(T record)
    {
        lock (_writeLock)
        {
            var index = ScopeFor(record.Scope);
            var seq = index.Items.TryGetValue(record.Id, out var existing) ? existing.Seq : NextSeq();
            _volatile.GetOrAdd(record.Scope, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[record.Id] = 0;
            index.Put(record, seq);
            _changed(); // reads see it: answers computed before are out of date (ReadCache)
        }
    }

    /// <summary>Whether the scope has records that are shown but not stored.</summary>
    public bool HasVolatile(string scope) => _volatile.TryGetValue(scope, out var pending) && !pending.IsEmpty;

    void IResourceTable.PersistVolatile(string scope)
    {
        if (!_volatile.TryGetValue(scope, out var pending) || pending.IsEmpty) return;
        lock (_writeLock)
        {
            foreach (var id in pending.Keys.ToList())
            {
                if (_scopes.TryGetValue(scope, out var index) && index.Items.TryGetValue(id, out var entry)) Write(entry.Record, entry.Seq);
                pending.TryRemove(id, out _);
            }
        }
    }

    private void Write(T record, long seq) =>
        _collection.Upsert(new BsonDocument
        {
            ["_id"] = Key(record.Scope, record.Id),
            ["seq"] = seq,
            ["json"] = JsonSerializer.Serialize(record, Json),
        });

    /// <summary>Replaces a record only if it is still the one the caller read (optimistic concurrency
    /// between requests and the reconciler). Returns false when someone changed it first.</summary>
    public bool Replace(T expected, T updated)
    {
        _beforeWrite(expected.Scope); // outside the lock: persisting takes other tables' locks
        lock (_writeLock)
        {
            var current = Get(expected.Scope, expected.Id);
            if (!ReferenceEquals(current, expected)) return false;
            Put(updated);
            return true;
        }
    }

    /// <summary>Read-modify-write with optimistic concurrency: applies <paramref name="change"/> to the current record
    /// and retries when someone (a request or the reconciler) replaced it in between. Returns the stored result, or
    /// null when there is no such record. <paramref name="change"/> may run more than once and may throw to refuse.</summary>
    public T? Update(string scope, string id, Func<T, T> change)
    {
        while (true)
        {
            var current = Get(scope, id);
            if (current is null) return null;
            var updated = change(current);
            if (ReferenceEquals(updated, current) || Replace(current, updated)) return updated;
        }
    }

    public bool Delete(string scope, string id)
    {
        _beforeWrite(scope);
        lock (_writeLock)
        {
            if (!_scopes.TryGetValue(scope, out var index) || !index.Items.ContainsKey(id)) return false;
            _collection.Delete(Key(scope, id));
            if (_volatile.TryGetValue(scope, out var pending)) pending.TryRemove(id, out _);
            index.Remove(id);
            _changed();
            return true;
        }
    }

    void IResourceTable.Clear()
    {
        lock (_writeLock)
        {
            _scopes.Clear();
            _volatile.Clear();
        }
    }

    private long _seq;

    private long NextSeq()
    {
        if (_seq == 0) _seq = _scopes.Values.SelectMany(s => s.Items.Values).Select(e => e.Seq).DefaultIfEmpty(0).Max();
        return ++_seq;
    }

    private ScopeIndex ScopeFor(string scope) => _scopes.GetOrAdd(scope, _ => new ScopeIndex());

    private static string Key(string scope, string id) => scope + "|" + id;

    private sealed class ScopeIndex
    {
        public readonly ConcurrentDictionary<string, (T Record, long Seq)> Items = new(StringComparer.Ordinal);
        private int _version;
        private volatile Tuple<int, T[]>? _snapshot;

        public void Put(T record, long seq)
        {
            Items[record.Id] = (record, seq);
            Interlocked.Increment(ref _version);
        }

        public void Remove(string id)
        {
            Items.TryRemove(id, out _);
            Interlocked.Increment(ref _version);
        }

        public T[] Snapshot()
        {
            var version = Volatile.Read(ref _version);
            var cached = _snapshot;
            if (cached is not null && cached.Item1 == version) return cached.Item2;
            var items = Items.Values.OrderBy(e => e.Seq).Select(e => e.Record).ToArray();
            _snapshot = Tuple.Create(version, items);
            return items;
        }
    }
}
