using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>Drops the Amazon Connect client add-ins of directories that are no longer registered with WorkSpaces.</summary>
public sealed class ConnectClientAddInLifecycle(Store store, ILogger<ConnectClientAddInLifecycle> log) : ILifecycleParticipant
{
    public string Name => "connect-client-add-ins";

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var directories = store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories);
        var addIns = store.Table<ConnectClientAddInRecord>(ResourceKinds.ConnectClientAddIns);
        foreach (var a in addIns.All().ToList())
            // Difference from AWS: what happens to the add-ins of a deregistered directory is not documented; the emulator removes them.
            if (directories.Get(a.Scope, a.ResourceId) is null && addIns.Delete(a.Scope, a.Id))
                log.LogInformation("connect client add-in {AddInId} of deregistered directory {DirectoryId} removed ({Scope})", a.Id, a.ResourceId, a.Scope);
        return Task.CompletedTask;
    }
}
