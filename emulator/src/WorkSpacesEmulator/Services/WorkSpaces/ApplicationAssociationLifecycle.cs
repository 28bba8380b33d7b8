using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>Application deployments: INSTALLING → COMPLETED and UNINSTALLING → REMOVED once due; the associations of
/// terminated (or vanished) WorkSpaces are dropped. Restart-safe: the due time is stored on the association.</summary>
public sealed class ApplicationAssociationLifecycle(Store store, ILogger<ApplicationAssociationLifecycle> log) : ILifecycleParticipant
{
    public string Name => "workspace-application-associations";

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var associations = store.Table<ApplicationAssociationRecord>(ResourceKinds.ApplicationAssociations);
        var workspaces = store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);
        foreach (var a in associations.All().ToList())
        {
            if (workspaces.Get(a.Scope, a.WorkspaceId) is not { State: not "TERMINATED" })
            {
                if (associations.Delete(a.Scope, a.Id))
                    log.LogInformation("application association {AssociationId} of terminated WorkSpace removed ({Scope})", a.Id, a.Scope);
                continue;
            }
            var next = a.State switch { "INSTALLING" => "COMPLETED", "UNINSTALLING" => "REMOVED", _ => null };
            if (next is null || (a.NextTransitionAt is { } due && due > now)) continue;
            if (associations.Replace(a, a with { State = next, NextTransitionAt = null, LastUpdatedTime = now }))
                log.LogInformation("application association {AssociationId} {From} -> {To} ({Scope})", a.Id, a.State, next, a.Scope);
        }
        return Task.CompletedTask;
    }
}
