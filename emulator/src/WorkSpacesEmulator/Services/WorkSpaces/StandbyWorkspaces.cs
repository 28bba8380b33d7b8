using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>A standby WorkSpace (Id = its WorkspaceId, in the secondary Region's scope) and the primary it stands in for.</summary>
public sealed record StandbyLinkRecord(
    string Id,
    string Scope,
    string PrimaryRegion,
    string PrimaryWorkspaceId,
    string? DataReplication,
    DateTimeOffset Created) : IResource;

// CreateStandbyWorkspaces: a standby is a new WorkSpace in the caller's (secondary) Region for the primary's user, made by
// the same path as CreateWorkspaces, on the primary's bundle and in a directory registered in the caller's Region.
public sealed partial class WorkSpacesHandlers
{
    private ResourceTable<StandbyLinkRecord> StandbyLinks => store.Table<StandbyLinkRecord>(ResourceKinds.StandbyLinks);

    public override Task<CreateStandbyWorkspacesResult> CreateStandbyWorkspaces(RequestContext context, CreateStandbyWorkspacesRequest request, CancellationToken ct)
    {
        var primaryRegion = request.PrimaryRegion!;
        var primaryScope = context.Account + "/" + primaryRegion;
        var pending = new List<PendingCreateStandbyWorkspacesRequest>();
        var failed = new List<FailedCreateStandbyWorkspacesRequest>();
        lock (_gate)   // TryCreate's checks (one WorkSpace per user per directory, free addresses) run under the gate
        {
            foreach (var item in request.StandbyWorkspaces!)
            {
                var (record, code, message) = TryCreateStandby(context, primaryRegion, primaryScope, item);
                if (record is not null)
                    pending.Add(new PendingCreateStandbyWorkspacesRequest
                    {
                        UserName = record.UserName,
                        DirectoryId = record.DirectoryId,
                        State = record.State,
                        WorkspaceId = record.Id,
                    });
                else
                    failed.Add(new FailedCreateStandbyWorkspacesRequest { StandbyWorkspaceRequest = item, ErrorCode = code, ErrorMessage = message });
            }
        }
        return Task.FromResult(new CreateStandbyWorkspacesResult { PendingStandbyRequests = pending, FailedStandbyRequests = failed });
    }

    private (WorkspaceRecord? Record, string? Code, string? Message) TryCreateStandby(RequestContext context, string primaryRegion, string primaryScope,
        StandbyWorkspace item)
    {
        if (primaryRegion == context.Region)
            return (null, "InvalidParameterValues.PrimaryRegion", "A standby WorkSpace must be created in a Region other than its primary's Region.");
        var primary = Workspaces.Get(primaryScope, item.PrimaryWorkspaceId!);
        if (primary is null || primary.State is "TERMINATING" or "TERMINATED")
            return (null, "ResourceNotFound.Workspace", $"The primary WorkSpace {item.PrimaryWorkspaceId} could not be found in the Region {primaryRegion}.");
        // Difference from AWS: a standby of a standby is refused here only when its primary is a standby this emulator created.
        if (StandbyLinks.Get(primaryScope, primary.Id) is not null)
            return (null, "InvalidParameterValues.PrimaryWorkspace", $"The WorkSpace {primary.Id} is itself a standby WorkSpace.");
        foreach (var link in StandbyLinks.List(context.Scope))
            if (link.PrimaryWorkspaceId == primary.Id && link.PrimaryRegion == primaryRegion
                && Workspaces.Get(context.Scope, link.Id) is { State: not ("TERMINATING" or "TERMINATED") })
                return (null, "ResourceExists.StandbyWorkspace", $"The WorkSpace {primary.Id} already has the standby WorkSpace {link.Id}.");

        var p = primary.Properties;
        var encrypted = item.VolumeEncryptionKey is not null && (primary.RootVolumeEncryptionEnabled || primary.UserVolumeEncryptionEnabled);
        // Difference from AWS: the standby is created on the primary's bundle, so a custom bundle of the primary Region is not
        // found here (AWS copies it); its volume sizes and compute type come from that bundle, and it starts like any new
        // WorkSpace (AWS keeps standbys STOPPED until failover). DataReplication is stored but no data is replicated.
        var request = new WorkspaceRequest
        {
            DirectoryId = item.DirectoryId,
            UserName = primary.UserName,
            BundleId = primary.BundleId,
            WorkspaceName = primary.WorkspaceName,
            VolumeEncryptionKey = item.VolumeEncryptionKey,
            RootVolumeEncryptionEnabled = encrypted && primary.RootVolumeEncryptionEnabled,
            UserVolumeEncryptionEnabled = encrypted && primary.UserVolumeEncryptionEnabled,
            WorkspaceProperties = new WorkspaceProperties
            {
                RunningMode = p.RunningMode,
                RunningModeAutoStopTimeoutInMinutes = p.RunningMode == "AUTO_STOP" ? p.RunningModeAutoStopTimeoutInMinutes : null,
            },
            Tags = item.Tags,
        };
        var (record, code, message) = TryCreate(context, request);
        if (record is null) return (null, code, message);
        StandbyLinks.Put(new StandbyLinkRecord(record.Id, context.Scope, primaryRegion, primary.Id, item.DataReplication ?? "NO_REPLICATION", Now));
        return (record, null, null);
    }
}
