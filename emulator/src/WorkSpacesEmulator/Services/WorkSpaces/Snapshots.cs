using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// DescribeWorkspaceSnapshots and RestoreWorkspace.
public sealed partial class WorkSpacesHandlers
{
    public override Task<DescribeWorkspaceSnapshotsResult> DescribeWorkspaceSnapshots(RequestContext context, DescribeWorkspaceSnapshotsRequest request, CancellationToken ct)
    {
        var w = Workspaces.Get(context.Scope, request.WorkspaceId!) ?? throw WorkspaceNotFound(request.WorkspaceId!);
        // Difference from AWS: AWS snapshots volumes every 12 hours (the first ~30 minutes after launch); the emulator
        // reports one snapshot from the moment the WorkSpace was created, so rebuild and restore work at once.
        var snapshot = new List<Snapshot> { new() { SnapshotTime = w.CreatedAt } };
        return Task.FromResult(new DescribeWorkspaceSnapshotsResult { RebuildSnapshots = snapshot, RestoreSnapshots = [new Snapshot { SnapshotTime = w.CreatedAt }] });
    }

    public override Task<RestoreWorkspaceResult> RestoreWorkspace(RequestContext context, RestoreWorkspaceRequest request, CancellationToken ct)
    {
        Update(context, request.WorkspaceId!, w => w.State is "AVAILABLE" or "ERROR" or "UNHEALTHY" or "STOPPED"
            ? Enter(w, "RESTORING", "RESTORE") with { ErrorCode = null, ErrorMessage = null }
            : throw new AwsException(WorkSpacesErrors.OperationNotSupportedException, $"The WorkSpace {w.Id} cannot be restored while it is {w.State}.",
                members: new Dictionary<string, string> { ["reason"] = "Only AVAILABLE, ERROR, UNHEALTHY and STOPPED WorkSpaces can be restored." }));
        return Task.FromResult(new RestoreWorkspaceResult());
    }

    private static AwsException WorkspaceNotFound(string id) =>
        new(WorkSpacesErrors.ResourceNotFoundException, $"The WorkSpace {id} could not be found.", members: new Dictionary<string, string> { ["ResourceId"] = id });
}
