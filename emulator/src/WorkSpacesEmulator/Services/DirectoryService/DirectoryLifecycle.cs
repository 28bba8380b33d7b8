using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Requested → Creating → Active, and Deleting → gone (network interfaces released, the controllers'
/// security group and the directory's users deleted). The decisions live in <see cref="DirectoryStateMachine"/>.</summary>
public sealed class DirectoryLifecycle(Store store, Ec2Network network, IOptions<EmulatorOptions> options, ILogger<DirectoryLifecycle> log,
    WorkSpacesEmulator.Directories.DomainControllerLifecycle? dcs = null)
    : ILifecycleParticipant
{
    public string Name => "directories";

    /// <summary>Records settle inside a request in instant mode; real domain controllers are watched and created by
    /// the background ticks ("instant" = as soon as the DC answers), so a request never waits on a container.</summary>
    public bool SettlesInRequests => dcs is not { IsReal: true };

    public async Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        if (dcs is not null) await dcs.WatchAsync(table.All().ToList(), now, cancellationToken);
        foreach (var directory in table.All().Where(d => d.NextTransitionAt is not null).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A DC-backed directory is Active when its DC answers, not when a timer says so.
            if (dcs is not null && WorkSpacesEmulator.Directories.DomainControllerLifecycle.Decides(directory))
            {
                await StepWithDcAsync(table, directory, now, cancellationToken);
                continue;
            }
            var step = DirectoryStateMachine.Next(directory, now, options.Value.Transition);
            switch (step.Kind)
            {
                case DirectoryStepKind.Advance:
                    if (directory.Stage == DirectoryStages.Restoring && directory.RestoringSnapshotId is { } snapshotId)
                        RestoreUsers(directory, snapshotId);
                    // Losing the race to a request (e.g. DeleteDirectory) is fine: the next tick sees the new record.
                    if (table.Replace(directory, step.Updated!) && step.Updated!.Stage != directory.Stage)
                        log.LogInformation("directory {Id} {From} -> {To} ({Scope})", directory.Id, directory.Stage, step.Updated.Stage, directory.Scope);
                    break;
                case DirectoryStepKind.Remove:
                    Remove(directory);
                    log.LogInformation("directory {Id} {From} -> Deleted ({Scope})", directory.Id, directory.Stage, directory.Scope);
                    break;
            }
        }
        foreach (var directory in table.All().Where(d => d.RadiusDueAt is not null || d.ExtraDomainControllers is { Count: > 0 }).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (DirectoryStateMachine.NextExtras(directory, now) is not { } extras || !table.Replace(directory, extras.Updated)) continue;
            foreach (var dc in extras.Removed) network.ReleaseInterfacesOwnedBy(directory.Scope, dc.Id);
            if (directory.RadiusStatus != extras.Updated.RadiusStatus)
                log.LogInformation("directory {Id} RADIUS {From} -> {To} ({Scope})", directory.Id, directory.RadiusStatus, extras.Updated.RadiusStatus, directory.Scope);
        }
        var snapshots = store.Table<DirectorySnapshotRecord>(ResourceKinds.DirectorySnapshots);
        foreach (var snapshot in snapshots.All().Where(s => s.NextTransitionAt is not null).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (DirectoryStateMachine.NextSnapshot(snapshot, now) is { } completed
                && (dcs is null || await dcs.SnapshotTakenAsync(snapshot, table.Get(snapshot.Scope, snapshot.DirectoryId), cancellationToken))
                && snapshots.Replace(snapshot, completed))
                log.LogInformation("snapshot {Id} of {Directory} {From} -> {To} ({Scope})", snapshot.Id, snapshot.DirectoryId, snapshot.Status, completed.Status, snapshot.Scope);
        }
        // Trusts of DC-backed directories are verified against the remote domain before the clock-driven machine runs.
        if (dcs is not null) await dcs.VerifyDueTrustsAsync(store, now, cancellationToken);
        DirectoryDependents.Reconcile(store, network, now, options.Value.Transition, log, cancellationToken);
    }

    private async Task StepWithDcAsync(ResourceTable<DirectoryRecord> table, DirectoryRecord directory, DateTimeOffset now, CancellationToken ct)
    {
        // Deleting waits for the transition time as before, then removes the DC and the directory.
        if (directory.Stage == DirectoryStages.Deleting && directory.NextTransitionAt > now) return;
        try
        {
            if (await dcs!.StepAsync(directory, now, ct) is not { } updated) return;
            if (directory.Stage == DirectoryStages.Deleting)
            {
                Remove(directory);
                log.LogInformation("directory {Id} {From} -> Deleted ({Scope})", directory.Id, directory.Stage, directory.Scope);
            }
            else if (table.Replace(directory, updated))
                log.LogInformation("directory {Id} {From} -> {To} ({Scope}){Reason}", directory.Id, directory.Stage, updated.Stage, directory.Scope,
                    updated.StageReason is null ? "" : ": " + updated.StageReason);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("directory {Id}: domain controller step failed, will retry: {Reason}", directory.Id, e.Message);
        }
    }

    /// <summary>Replaces the directory's users with those captured in the snapshot. Idempotent, so losing the race
    /// to store the Active record just repeats it on the next tick. A snapshot deleted meanwhile leaves users as they are.</summary>
    private void RestoreUsers(DirectoryRecord directory, string snapshotId)
    {
        if (store.Table<DirectorySnapshotRecord>(ResourceKinds.DirectorySnapshots).Get(directory.Scope, snapshotId) is not { } snapshot) return;
        var users = store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);
        var keep = snapshot.Users.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var user in users.List(directory.Scope).Where(u => u.DirectoryId == directory.Id && !keep.Contains(u.Id)).ToList())
            users.Delete(directory.Scope, user.Id);
        foreach (var user in snapshot.Users) users.Put(user);
    }

    /// <summary>Frees everything the directory holds, the record last, so a crash midway resumes on restart.</summary>
    private void Remove(DirectoryRecord directory)
    {
        network.ReleaseInterfacesOwnedBy(directory.Scope, directory.Id);
        foreach (var dc in directory.ExtraDomainControllers ?? []) network.ReleaseInterfacesOwnedBy(directory.Scope, dc.Id);
        if (directory.SecurityGroupId is { } groupId)
        {
            var slash = directory.Scope.IndexOf('/');
            var context = new RequestContext(directory.Scope[..slash], directory.Scope[(slash + 1)..], "reconciler", "ds", "DeleteDirectory");
            try { network.DeleteSecurityGroup(context, groupId); }
            catch (AwsException e) when (e.Code != "InvalidGroup.NotFound")
            {
                // Never block the deletion on the group (e.g. someone attached it elsewhere); AWS would leave it too.
                log.LogWarning("directory {Id}: security group {Group} kept: {Reason}", directory.Id, groupId, e.Message);
            }
            catch (AwsException) { /* already gone */ }
        }
        var users = store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);
        foreach (var user in users.List(directory.Scope).Where(u => u.DirectoryId == directory.Id).ToList())
            users.Delete(directory.Scope, user.Id);
        var groups = store.Table<Data.DirectoryGroupRecord>(ResourceKinds.DirectoryGroups);
        foreach (var group in groups.List(directory.Scope).Where(g => g.DirectoryId == directory.Id).ToList())
            groups.Delete(directory.Scope, group.Id);
        // A directory's snapshots go with it, as in AWS.
        var snapshots = store.Table<DirectorySnapshotRecord>(ResourceKinds.DirectorySnapshots);
        foreach (var snapshot in snapshots.List(directory.Scope).Where(s => s.DirectoryId == directory.Id).ToList())
            snapshots.Delete(directory.Scope, snapshot.Id);
        // Trusts, shares, event topics and the log subscription go too.
        DirectoryDependents.RemoveFor(store, network, directory);
        store.Table<DirectoryRecord>(ResourceKinds.Directories).Delete(directory.Scope, directory.Id);
    }
}
