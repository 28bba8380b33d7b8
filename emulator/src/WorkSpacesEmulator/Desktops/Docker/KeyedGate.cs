using System.Collections.Concurrent;

namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>One async lock per key (a WorkSpace, a directory): the runtimes serialise work on one object while
/// different objects proceed in parallel.</summary>
internal sealed class KeyedGate
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> LockAsync(string key, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
