using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Directory snapshots: manual snapshots of Simple AD and Managed AD (5 per directory), Creating → Completed
/// by the reconciler, and RestoreFromSnapshot (Active → Restoring → Active, the snapshot's users put back).</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>Manual snapshots per directory (Simple AD and Managed AD quotas; not adjustable).</summary>
    public const int ManualSnapshotsLimit = 5;

    private ResourceTable<DirectorySnapshotRecord> Snapshots => store.Table<DirectorySnapshotRecord>(ResourceKinds.DirectorySnapshots);

    private readonly Lock _snapshotGate = new();

    // Difference from AWS: no daily automatic (Type Auto) snapshots are taken; only manual ones exist.
    public override Task<CreateSnapshotResult> CreateSnapshot(RequestContext context, CreateSnapshotRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (!directory.HasLocalUsers)
            throw DsErrors.Client($"Snapshots are not supported for {directory.Type} directories.");
        if (!directory.IsActive)
            throw DsErrors.Client($"Directory {directory.Id} is in the {directory.Stage} stage; a snapshot can only be taken of an Active directory.");
        lock (_snapshotGate)
        {
            if (ManualCount(context.Scope, directory.Id) >= ManualSnapshotsLimit)
                throw new AwsException(DirectoryServiceErrors.SnapshotLimitExceededException,
                    $"Snapshot limit exceeded: directory {directory.Id} already has the maximum of {ManualSnapshotsLimit} manual snapshots.");
            string id;
            do id = ids.Next("s-", 10, Ids.Hex); while (Snapshots.Get(context.Scope, id) is not null);
            var now = time.GetUtcNow();
            var users = Users.List(context.Scope).Where(u => u.DirectoryId == directory.Id).ToList();
            Snapshots.Put(new DirectorySnapshotRecord(id, context.Scope, directory.Id, string.IsNullOrEmpty(request.Name) ? null : request.Name,
                "Manual", SnapshotStatuses.Creating, now, now + options.Value.Transition, users));
            return Task.FromResult(new CreateSnapshotResult { SnapshotId = id });
        }
    }

    public override Task<DescribeSnapshotsResult> DescribeSnapshots(RequestContext context, DescribeSnapshotsRequest request, CancellationToken cancellationToken)
    {
        if (request.DirectoryId is { } directoryId) GetDirectory(context, directoryId);
        IEnumerable<DirectorySnapshotRecord> matches;
        if (request.SnapshotIds is { Count: > 0 } wanted)
        {
            matches = wanted.Distinct(StringComparer.Ordinal).Select(id => GetSnapshot(context, id))
                .Where(s => request.DirectoryId is null || s.DirectoryId == request.DirectoryId);
        }
        else
        {
            matches = Snapshots.List(context.Scope).Where(s => request.DirectoryId is null || s.DirectoryId == request.DirectoryId);
        }
        var limit = request.Limit is > 0 ? request.Limit.Value : DefaultPageSize;
        var listing = "ds.DescribeSnapshots:" + request.DirectoryId + ":" + string.Join(',', request.SnapshotIds ?? []);
        var page = Paging.Take(matches.ToList(), limit, request.NextToken, listing, DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeSnapshotsResult
        {
            Snapshots = page.Items.Select(s => new Snapshot
            {
                DirectoryId = s.DirectoryId,
                SnapshotId = s.Id,
                Type = s.Type,
                Name = s.Name,
                Status = s.Status,
                StartTime = s.StartTime,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<DeleteSnapshotResult> DeleteSnapshot(RequestContext context, DeleteSnapshotRequest request, CancellationToken cancellationToken)
    {
        var snapshot = GetSnapshot(context, request.SnapshotId!);
        if (Directories.Get(context.Scope, snapshot.DirectoryId) is { Stage: DirectoryStages.Restoring } restoring && restoring.RestoringSnapshotId == snapshot.Id)
            throw DsErrors.Client($"Snapshot {snapshot.Id} is being restored to directory {snapshot.DirectoryId} and cannot be deleted now.");
        Snapshots.Delete(context.Scope, snapshot.Id);
        return Task.FromResult(new DeleteSnapshotResult { SnapshotId = snapshot.Id });
    }

    public override Task<GetSnapshotLimitsResult> GetSnapshotLimits(RequestContext context, GetSnapshotLimitsRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        var count = ManualCount(context.Scope, directory.Id);
        return Task.FromResult(new GetSnapshotLimitsResult
        {
            SnapshotLimits = new SnapshotLimits
            {
                // AD Connector keeps no snapshots at all.
                ManualSnapshotsLimit = directory.HasLocalUsers ? ManualSnapshotsLimit : 0,
                ManualSnapshotsCurrentCount = count,
                ManualSnapshotsLimitReached = !directory.HasLocalUsers || count >= ManualSnapshotsLimit,
            },
        });
    }

    public override Task<RestoreFromSnapshotResult> RestoreFromSnapshot(RequestContext context, RestoreFromSnapshotRequest request, CancellationToken cancellationToken)
    {
        var snapshot = GetSnapshot(context, request.SnapshotId!);
        if (snapshot.Status != SnapshotStatuses.Completed)
            throw DsErrors.Client($"Snapshot {snapshot.Id} is in the {snapshot.Status} state; only a Completed snapshot can be restored.");
        var now = time.GetUtcNow();
        UpdateDirectory(context, snapshot.DirectoryId, d =>
        {
            if (!d.IsActive)
                throw DsErrors.Client($"Directory {d.Id} is in the {d.Stage} stage; it can only be restored when Active.");
            return DirectoryStateMachine.Enter(d, DirectoryStages.Restoring, now, now + options.Value.Transition) with { RestoringSnapshotId = snapshot.Id };
        });
        return Task.FromResult(new RestoreFromSnapshotResult());
    }

    private DirectorySnapshotRecord GetSnapshot(RequestContext context, string snapshotId) =>
        Snapshots.Get(context.Scope, snapshotId)
        ?? throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException, $"Snapshot {snapshotId} does not exist.");

    private int ManualCount(string scope, string directoryId) =>
        Snapshots.List(scope).Count(s => s.DirectoryId == directoryId && s.Type == "Manual");
}
