using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Lifecycle;

/// <summary>For a reconciler participant whose pass depends on the stored records alone (not on the clock or the
/// outside world): a tick is skipped when nothing was stored since a pass that found nothing to do. With 1 000
/// WorkSpaces stored, such passes over every record ten times a second were a few per cent of the emulator's CPU under
/// load, for nothing. <see cref="Store.Version"/> goes up after every stored change, so a change made during a pass
/// (by a request, or by the pass itself) makes the next tick run.</summary>
public sealed class StoreWatermark(Store store)
{
    private long _settled = -1;

    /// <summary>The store's version to pass over, or null when a pass at this version already found nothing to do.</summary>
    public long? Begin()
    {
        var version = store.Version;
        return version == Volatile.Read(ref _settled) ? null : version;
    }

    /// <summary>After a pass that began at <paramref name="version"/>, stored nothing and leaves nothing to retry.</summary>
    public void Settled(long version) => Volatile.Write(ref _settled, version);
}
