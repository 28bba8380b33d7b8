using WorkSpacesEmulator.Lifecycle;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Requested → Creating → Active, and Deleting → gone.</summary>
public sealed class DirectoryLifecycle : ILifecycleParticipant
{
    public string Name => "directories";
    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
}
