using WorkSpacesEmulator.Lifecycle;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>REGISTERING → REGISTERED, DEREGISTERING → gone.</summary>
public sealed class WorkspaceDirectoryLifecycle : ILifecycleParticipant
{
    public string Name => "workspace-directories";
    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
}
