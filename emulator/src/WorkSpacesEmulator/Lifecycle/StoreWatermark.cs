using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Lifecycle;

/// <summary>For a reconciler participant whose pass depends on the stored records (and, at most, on a due time it can
/// name): a tick is skipped when nothing was stored since a pass that found nothing to do, until that due time. With
/// 1 000 WorkSpaces stored, such passes over every record ten times a second were a few per cent of the emulator's CPU
/// under load, for nothing. <see cref="Store.Version"/> goes up after every stored change, so a change made during a
/// pass (by a request, or by the pass itself) makes the next tick run. A participant that also depends on state kept
/// outside the store names that state's change counter (<paramref name="alsoChanged"/>, which only ever rises): the mark
/// is then the sum of both counters, which changes exactly when either does.</summary>
public sealed class StoreWatermark(Store store, Func<long>? alsoChanged = null)
{
    private sealed record Mark(long Version, DateTimeOffset Until);

    private Mark? _settled;

    private long Version => store.Version + (alsoChanged?.Invoke() ?? 0);

    /// <summary>The mark to pass over (the store's version, plus the other counter when one is named), or null when a
    /// pass at this mark already found nothing to do and its due time has not come.</summary>
    public long? Begin(DateTimeOffset now = default)
    {
        var version = Version;
        return Volatile.Read(ref _settled) is { } mark && mark.Version == version && now < mark.Until ? null : version;
    }

    /// <summary>After a pass that began at <paramref name="version"/> and leaves nothing to retry: the following ticks are
    /// skipped until <paramref name="until"/> unless something is stored. A pass that stored something itself (or saw a
    /// change stored meanwhile) settles nothing: the next tick looks again.</summary>
    public void Settled(long version, DateTimeOffset? until = null)
    {
        if (Version == version) Volatile.Write(ref _settled, new Mark(version, until ?? DateTimeOffset.MaxValue));
    }
}
