using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// StartWorkspaces, StopWorkspaces, RebootWorkspaces, RebuildWorkspaces, TerminateWorkspaces: each records the
// transitional state and leaves the desktop work to the reconciler; refusals are per-item FailedRequests.
public sealed partial class WorkSpacesHandlers
{
    // Difference from AWS: the per-item ErrorCode strings for state refusals are not documented; the emulator uses
    // "InvalidResourceState.WorkSpace", "ResourceNotFound.WorkSpace" and "UnsupportedOperation.RunningMode".
    private const string NotFoundCode = "ResourceNotFound.WorkSpace";
    private const string InvalidStateCode = "InvalidResourceState.WorkSpace";

    private delegate (WorkspaceRecord? Updated, string? Code, string? Message) Change(WorkspaceRecord current);

    public override Task<StartWorkspacesResult> StartWorkspaces(RequestContext context, StartWorkspacesRequest request, CancellationToken ct) =>
        Task.FromResult(new StartWorkspacesResult
        {
            FailedRequests = ChangeEach(context, request.StartWorkspaceRequests!.Select(r => r.WorkspaceId), w =>
                RunningModeRefusal(w) ?? (w.State == "STOPPED" ? (Enter(w, "STARTING", "START"), null, null) : StateRefusal(w, "started"))),
        });

    public override Task<StopWorkspacesResult> StopWorkspaces(RequestContext context, StopWorkspacesRequest request, CancellationToken ct) =>
        Task.FromResult(new StopWorkspacesResult
        {
            FailedRequests = ChangeEach(context, request.StopWorkspaceRequests!.Select(r => r.WorkspaceId), w =>
                RunningModeRefusal(w) ?? (w.State is "AVAILABLE" or "IMPAIRED" or "UNHEALTHY" or "ERROR"
                    ? (Enter(w, "STOPPING", "STOP"), null, null) : StateRefusal(w, "stopped"))),
        });

    public override Task<RebootWorkspacesResult> RebootWorkspaces(RequestContext context, RebootWorkspacesRequest request, CancellationToken ct) =>
        Task.FromResult(new RebootWorkspacesResult
        {
            FailedRequests = ChangeEach(context, request.RebootWorkspaceRequests!.Select(r => r.WorkspaceId!), w =>
                w.State is "AVAILABLE" or "UNHEALTHY" or "REBOOTING" ? (Enter(w, "REBOOTING", "REBOOT"), null, null) : StateRefusal(w, "rebooted")),
        });

    public override Task<RebuildWorkspacesResult> RebuildWorkspaces(RequestContext context, RebuildWorkspacesRequest request, CancellationToken ct) =>
        Task.FromResult(new RebuildWorkspacesResult
        {
            // Difference from AWS: a rebuild keeps the WorkSpace's private IP address (AWS recreates the ENI).
            FailedRequests = ChangeEach(context, request.RebuildWorkspaceRequests!.Select(r => r.WorkspaceId!), w =>
                w.State is "AVAILABLE" or "ERROR" or "UNHEALTHY" or "STOPPED" or "REBOOTING"
                    ? (Enter(w, "REBUILDING", "REBUILD") with { ErrorCode = null, ErrorMessage = null }, null, null) : StateRefusal(w, "rebuilt")),
        });

    public override Task<TerminateWorkspacesResult> TerminateWorkspaces(RequestContext context, TerminateWorkspacesRequest request, CancellationToken ct) =>
        Task.FromResult(new TerminateWorkspacesResult
        {
            FailedRequests = ChangeEach(context, request.TerminateWorkspaceRequests!.Select(r => r.WorkspaceId!), w => w.State switch
            {
                "SUSPENDED" => StateRefusal(w, "terminated"),
                // Terminating twice is not an error: the first request is already being carried out.
                "TERMINATING" or "TERMINATED" => (w, null, null),
                _ => (Enter(w, "TERMINATING", "TERMINATE") with { ModificationStates = [] }, null, null),
            }),
        });

    private WorkspaceRecord Enter(WorkspaceRecord w, string state, string action) =>
        w with { State = state, PendingAction = action, NextTransitionAt = TransitionDue, StateChangedAt = Now };

    private static (WorkspaceRecord?, string?, string?)? RunningModeRefusal(WorkspaceRecord w) =>
        w.Properties.RunningMode == "ALWAYS_ON"
            ? (null, "UnsupportedOperation.RunningMode", $"The WorkSpace {w.Id} has running mode ALWAYS_ON; only AUTO_STOP and MANUAL WorkSpaces can be started or stopped.")
            : null;

    private static (WorkspaceRecord?, string?, string?) StateRefusal(WorkspaceRecord w, string verb) =>
        (null, InvalidStateCode, $"The WorkSpace {w.Id} cannot be {verb} while it is in the {w.State} state.");

    /// <summary>Applies <paramref name="change"/> to each WorkSpace with optimistic concurrency (the reconciler may
    /// move a record on at the same time; then the change is re-evaluated against the new state).</summary>
    private List<FailedWorkspaceChangeRequest> ChangeEach(RequestContext context, IEnumerable<string?> workspaceIds, Change change)
    {
        var failed = new List<FailedWorkspaceChangeRequest>();
        foreach (var id in workspaceIds)
        {
            // StartRequest and StopRequest model WorkspaceId as optional: an item without one fails on its own.
            if (id is null)
            {
                failed.Add(new FailedWorkspaceChangeRequest { ErrorCode = "InvalidParameterValuesException", ErrorMessage = "The request item has no WorkspaceId." });
                continue;
            }
            while (true)
            {
                var current = Workspaces.Get(context.Scope, id);
                if (current is null)
                {
                    failed.Add(new FailedWorkspaceChangeRequest { WorkspaceId = id, ErrorCode = NotFoundCode, ErrorMessage = $"The WorkSpace {id} could not be found." });
                    break;
                }
                var (updated, code, message) = change(current);
                if (updated is null)
                {
                    failed.Add(new FailedWorkspaceChangeRequest { WorkspaceId = id, ErrorCode = code, ErrorMessage = message });
                    break;
                }
                if (ReferenceEquals(updated, current)) break;
                if (Workspaces.Replace(current, updated))
                {
                    // A stop, reboot, rebuild or terminate ends the end users' sessions and streams at once.
                    if (updated.State != current.State && !Gateways.ClientSessionLifecycle.KeepsSessions(updated.State))
                        clientSessions.EndWorkspaceSessions(id, DateTimeOffset.MaxValue);
                    break;
                }
            }
        }
        return failed;
    }

    public override Task<ModifyWorkspaceStateResult> ModifyWorkspaceState(RequestContext context, ModifyWorkspaceStateRequest request, CancellationToken ct)
    {
        var target = request.WorkspaceState!;
        Update(context, request.WorkspaceId!, w =>
        {
            if (w.State == target) return w;
            if (w.State is not ("AVAILABLE" or "ADMIN_MAINTENANCE"))
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The WorkSpace {w.Id} is {w.State}; only AVAILABLE and ADMIN_MAINTENANCE WorkSpaces can change between these states.");
            return w with { State = target, StateChangedAt = Now };
        });
        return Task.FromResult(new ModifyWorkspaceStateResult());
    }

    public override Task<ModifyWorkspacePropertiesResult> ModifyWorkspaceProperties(RequestContext context, ModifyWorkspacePropertiesRequest request, CancellationToken ct)
    {
        if (request.DataReplication is not null)
            throw new AwsException(WorkSpacesErrors.UnsupportedWorkspaceConfigurationException, "Standby WorkSpaces (data replication) are not supported by the emulator.");
        var wanted = request.WorkspaceProperties
            ?? throw InvalidParameter("WorkspaceProperties is required.");
        Update(context, request.WorkspaceId!, w => ApplyProperties(w, wanted));
        return Task.FromResult(new ModifyWorkspacePropertiesResult());
    }

    private WorkspaceRecord ApplyProperties(WorkspaceRecord w, WorkspaceProperties wanted)
    {
        var p = w.Properties;
        if (w.State is "TERMINATING" or "TERMINATED")
            throw new AwsException(WorkSpacesErrors.InvalidResourceStateException, $"The WorkSpace {w.Id} is {w.State}.");
        var mode = wanted.RunningMode ?? p.RunningMode;
        int? timeout = wanted.RunningModeAutoStopTimeoutInMinutes
            ?? (mode == "AUTO_STOP" ? p.RunningModeAutoStopTimeoutInMinutes ?? WorkspaceRules.DefaultAutoStopMinutes : null);
        if (WorkspaceRules.RunningModeError(mode, wanted.RunningModeAutoStopTimeoutInMinutes) is { } modeError)
            throw InvalidParameter(modeError.Message);

        var compute = wanted.ComputeTypeName ?? p.ComputeTypeName;
        var root = wanted.RootVolumeSizeGib ?? p.RootVolumeSizeGib;
        var user = wanted.UserVolumeSizeGib ?? p.UserVolumeSizeGib;
        var computeChanged = compute != p.ComputeTypeName;
        var rootChanged = root != p.RootVolumeSizeGib;
        var userChanged = user != p.UserVolumeSizeGib;
        var protocols = wanted.Protocols is { Count: > 0 } given ? given.Distinct().ToList() : p.Protocols.ToList();
        var protocolChanged = !protocols.SequenceEqual(p.Protocols);

        if (computeChanged || rootChanged || userChanged || protocolChanged)
        {
            if (w.State is not ("AVAILABLE" or "STOPPED"))
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The WorkSpace {w.Id} is {w.State}; compute, volume and protocol changes need an AVAILABLE or STOPPED WorkSpace.");
            if (w.ModificationStates.Count > 0)
                throw new AwsException(WorkSpacesErrors.OperationInProgressException, $"A modification of the WorkSpace {w.Id} is already in progress.");
            if (computeChanged && (rootChanged || userChanged))
                throw InvalidParameter("The compute type and the volume sizes cannot be changed in the same request.");
            if (computeChanged && !WorkspaceRules.CanChangeCompute(p.ComputeTypeName, compute))
                throw new AwsException(WorkSpacesErrors.UnsupportedWorkspaceConfigurationException,
                    $"The compute type cannot be changed from {p.ComputeTypeName} to {compute}.");
            if (root < p.RootVolumeSizeGib || user < p.UserVolumeSizeGib)
                throw InvalidParameter("Volume sizes can only be increased.");
            if (WorkspaceRules.VolumeError(compute, root, user) is { } volumeError) throw InvalidParameter(volumeError);
            if (WorkspaceRules.ProtocolError(protocols, p.OperatingSystemName ?? "", compute) is { } protocolError) throw InvalidParameter(protocolError);
        }

        var modifications = new List<ModificationStateRecord>();
        if (computeChanged) modifications.Add(new ModificationStateRecord("COMPUTE_TYPE", "UPDATE_INITIATED"));
        if (rootChanged) modifications.Add(new ModificationStateRecord("ROOT_VOLUME", "UPDATE_INITIATED"));
        if (userChanged) modifications.Add(new ModificationStateRecord("USER_VOLUME", "UPDATE_INITIATED"));
        if (protocolChanged) modifications.Add(new ModificationStateRecord("PROTOCOL", "UPDATE_INITIATED"));

        var updated = w with
        {
            Properties = p with
            {
                RunningMode = mode,
                RunningModeAutoStopTimeoutInMinutes = mode == "AUTO_STOP" ? timeout : null,
                ComputeTypeName = compute,
                RootVolumeSizeGib = root,
                UserVolumeSizeGib = user,
                Protocols = protocols,
            },
        };
        // The reconciler applies compute/protocol changes to a running desktop (a restart) and clears ModificationStates.
        return modifications.Count == 0 ? updated : updated with { ModificationStates = modifications, PendingAction = "MODIFY", NextTransitionAt = TransitionDue };
    }

    /// <summary>Read-modify-write of one WorkSpace, retried when the reconciler changed it in between.</summary>
    private WorkspaceRecord Update(RequestContext context, string workspaceId, Func<WorkspaceRecord, WorkspaceRecord> change) =>
        Workspaces.Update(context.Scope, workspaceId, change) ?? throw WorkspaceNotFound(workspaceId);
}
