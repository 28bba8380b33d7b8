using System.Collections.Concurrent;
using LiteDB;

namespace WorkSpacesEmulator.Storage;

/// <summary>The one LiteDB database (design decision 6). Each resource kind is a <see cref="ResourceTable{T}"/>:
/// a write-through collection with an in-memory index that serves reads. ":memory:" keeps nothing.</summary>
public sealed class Store : IDisposable
{
    private readonly LiteDatabase _db;
    private readonly ConcurrentDictionary<string, IResourceTable> _tables = new(StringComparer.Ordinal);

    public Store(Microsoft.Extensions.Options.IOptions<EmulatorOptions> configured)
    {
        var options = configured.Value;
        if (options.InMemory)
        {
            _db = new LiteDatabase(new MemoryStream());
            Location = ":memory:";
        }
        else
        {
            Directory.CreateDirectory(options.DataDir);
            Location = Path.GetFullPath(Path.Combine(options.DataDir, "emulator.db"));
            _db = new LiteDatabase(new ConnectionString { Filename = Location, Connection = ConnectionType.Direct });
        }
    }

    public string Location { get; }

    private long _version;

    /// <summary>Goes up on every stored change of any kind (instant mode settles due work until it stops moving).</summary>
    public long Version => Interlocked.Read(ref _version);

    internal void Changed() => Interlocked.Increment(ref _version);

    /// <summary>Before the first stored change of a scope: stores every table's volatile records of that scope.</summary>
    private void PersistVolatile(string scope)
    {
        foreach (var table in _tables.Values) table.PersistVolatile(scope);
    }

    // LiteDB collection names allow only letters, digits, '_' and '$': the kind names use '-', so map it.
    public ResourceTable<T> Table<T>(string kind) where T : class, IResource =>
        (ResourceTable<T>)_tables.GetOrAdd(kind, k => new ResourceTable<T>(_db.GetCollection(k.Replace('-', '_')), Changed, PersistVolatile));

    /// <summary>Wipes every resource of every kind (POST /_emulator/reset).</summary>
    public void Reset()
    {
        foreach (var table in _tables.Values) table.Clear();
        foreach (var name in _db.GetCollectionNames().ToList()) _db.DropCollection(name);
        _db.Checkpoint();
        Changed();
    }

    public void Dispose() => _db.Dispose();
}
