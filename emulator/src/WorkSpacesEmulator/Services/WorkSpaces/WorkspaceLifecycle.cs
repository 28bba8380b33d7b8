using WorkSpacesEmulator.Lifecycle;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>PENDING → AVAILABLE, STOPPING → STOPPED, STARTING/REBOOTING → AVAILABLE, TERMINATING → gone.</summary>
public sealed class WorkspaceLifecycle : ILifecycleParticipant
{
    public string Name => "workspaces";
    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
}
