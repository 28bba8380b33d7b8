using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>Custom images: PENDING → AVAILABLE once due (created, copied or imported). The source WorkSpace of a
/// CreateWorkspaceImage returns from SUSPENDED by itself (<see cref="WorkspaceStateMachine.ImageCaptureAction"/>),
/// due at the same moment. Restart-safe: the due time is stored on the image.</summary>
public sealed class ImageLifecycle(Store store, ILogger<ImageLifecycle> log) : ILifecycleParticipant
{
    public string Name => "workspace-images";

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = store.Table<WorkspaceImageRecord>(ResourceKinds.Images);
        foreach (var image in table.All().ToList())
        {
            if (image.State != "PENDING" || (image.NextTransitionAt is { } due && due > now)) continue;
            if (table.Replace(image, image with { State = "AVAILABLE", NextTransitionAt = null }))
                log.LogInformation("workspace image {ImageId} PENDING -> AVAILABLE ({Scope})", image.Id, image.Scope);
        }
        return Task.CompletedTask;
    }
}
