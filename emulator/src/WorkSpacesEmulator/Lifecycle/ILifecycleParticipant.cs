namespace WorkSpacesEmulator.Lifecycle;

/// <summary>A resource kind with asynchronous transitions. The reconciler calls it on every tick; it moves
/// each resource whose transition is due (by the injected clock) one step on, and persists the result.</summary>
public interface ILifecycleParticipant
{
    string Name { get; }
    Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether instant mode may run this participant inside a request (see <see cref="Reconciler.SettleAsync"/>).
    /// False for work that waits on something outside the emulator, such as a Docker container becoming ready.</summary>
    bool SettlesInRequests => true;
}
