using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Lifecycle;

/// <summary>The background reconciler (design decision 5): requests only record intent and a transitional
/// state; this loop finishes the work, outside any request. Restart-safe because every step is derived from
/// stored state and the clock. In instant mode (EMULATOR_TRANSITION_SECONDS=0) the request pipeline also calls
/// <see cref="SettleAsync"/> after a mutating request, so the very next request sees the final state.</summary>
public sealed class Reconciler(IEnumerable<ILifecycleParticipant> participants, Store store, TimeProvider time, IOptions<EmulatorOptions> options,
    ILogger<Reconciler> log) : BackgroundService
{
    /// <summary>Enough for the longest chain of dependent steps (e.g. directory Requested → Creating → Active, then
    /// its registration, then a WorkSpace); a lifecycle that never stops moving cannot hold a request for ever.</summary>
    private const int MaxSettleRounds = 32;

    private readonly ILifecycleParticipant[] _participants = participants.ToArray();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Whether transitions are instant, so requests settle due work themselves.</summary>
    public bool Instant => options.Value.TransitionSeconds <= 0;

    /// <summary>Runs every participant once (tests call this directly with a fake clock).</summary>
    public Task RunOnceAsync(CancellationToken cancellationToken = default) => RunAsync(_participants, cancellationToken);

    /// <summary>Instant mode: runs the participants that may work inside a request until a whole round stores
    /// nothing new, so every lifecycle shows its final state at once. Participants that wait on the outside
    /// world (Docker containers) keep finishing in the background, as soon as what they wait for is ready.</summary>
    public async Task SettleAsync(CancellationToken cancellationToken = default)
    {
        if (!Instant) return;
        var inline = _participants.Where(p => p.SettlesInRequests).ToArray();
        for (var round = 0; round < MaxSettleRounds; round++)
        {
            var before = store.Version;
            await RunAsync(inline, cancellationToken);
            if (store.Version == before) return;
        }
    }

    private async Task RunAsync(ILifecycleParticipant[] participants, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var participant in participants)
            {
                try
                {
                    await participant.ReconcileAsync(time.GetUtcNow(), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Reconciling {Participant} failed; will retry", participant.Name);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, options.Value.ReconcileIntervalMs)), time);
        // The host starts Kestrel only after this method's first await: the first pass (opening every table, adopting
        // desktops) runs beside the listener's start-up instead of before it (~80 ms of the cold start).
        await Task.Yield();
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken);
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) { }
    }
}
