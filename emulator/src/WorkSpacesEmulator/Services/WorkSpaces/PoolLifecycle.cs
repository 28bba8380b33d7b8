using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>WorkSpaces Pools: CREATING → STOPPED (AUTO_STOP) | RUNNING (ALWAYS_ON), STARTING → RUNNING, UPDATING → RUNNING,
/// STOPPING → STOPPED, DELETING → gone.</summary>
public sealed class PoolLifecycle(Store store, ILogger<PoolLifecycle> log) : ILifecycleParticipant
{
    public string Name => "workspaces-pools";

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pools = store.Table<PoolRecord>(ResourceKinds.WorkspacesPools);
        foreach (var p in pools.All().ToList())
        {
            if (p.NextTransitionAt is not { } due || due > now) continue;
            if (p.State == "DELETING")
            {
                if (pools.Delete(p.Scope, p.Id))
                    log.LogInformation("workspaces pool {PoolId} DELETING -> (removed) ({Scope})", p.Id, p.Scope);
                continue;
            }
            var next = p.State switch
            {
                "CREATING" => p.RunningMode == "ALWAYS_ON" ? "RUNNING" : "STOPPED",
                "STARTING" or "UPDATING" => "RUNNING",
                "STOPPING" => "STOPPED",
                _ => null,
            };
            if (next is null) continue;
            if (pools.Replace(p, p with { State = next, NextTransitionAt = null }))
                log.LogInformation("workspaces pool {PoolId} {From} -> {To} ({Scope})", p.Id, p.State, next, p.Scope);
        }
        return Task.CompletedTask;
    }
}
