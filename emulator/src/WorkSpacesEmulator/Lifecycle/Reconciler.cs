using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WorkSpacesEmulator.Lifecycle;

/// <summary>The background reconciler (design decision 5): requests only record intent and a transitional
/// state; this loop finishes the work, outside any request. Restart-safe because every step is derived from
/// stored state and the clock.</summary>
public sealed class Reconciler(IEnumerable<ILifecycleParticipant> participants, TimeProvider time, IOptions<EmulatorOptions> options, ILogger<Reconciler> log)
    : BackgroundService
{
    private readonly ILifecycleParticipant[] _participants = participants.ToArray();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs every participant once (tests call this directly with a fake clock).</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var participant in _participants)
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
