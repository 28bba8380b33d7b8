using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// WorkSpaces Pools (non-persistent): CreateWorkspacesPool, DescribeWorkspacesPools, UpdateWorkspacesPool, StartWorkspacesPool,
// StopWorkspacesPool, TerminateWorkspacesPool, DescribeWorkspacesPoolSessions, TerminateWorkspacesPoolSession.
// Difference from AWS: a pool is bookkeeping only — it launches no desktops and no streaming session is ever created.
public sealed partial class WorkSpacesHandlers
{
    private static readonly HashSet<string> PoolTransitionalStates = ["CREATING", "STARTING", "UPDATING", "STOPPING", "DELETING"];

    private ResourceTable<PoolRecord> Pools => store.Table<PoolRecord>(ResourceKinds.WorkspacesPools);

    public override Task<CreateWorkspacesPoolResult> CreateWorkspacesPool(RequestContext context, CreateWorkspacesPoolRequest request, CancellationToken ct)
    {
        var name = request.PoolName!;
        var desired = DesiredSessions(request.Capacity!);
        var tags = FromWire(request.Tags);
        if (tags.Any(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
            throw InvalidParameter("Tag keys starting with 'aws:' are reserved for AWS use.");
        if (tags.Count > MaxTags)
            throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"A resource can have at most {MaxTags} tags.");
        var appSettings = request.ApplicationSettings is { } a ? PoolAppSettings(context, a) : null;
        var timeouts = PoolTimeouts(request.TimeoutSettings);

        lock (_gate)
        {
            PoolBundle(context, request.BundleId!);
            PoolDirectory(context, request.DirectoryId!);
            if (Pools.List(context.Scope).Any(p => p.PoolName == name))
                throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException, $"A WorkSpaces pool named {name} already exists.");
            var record = new PoolRecord(ids.Next("wspool-", 9, Ids.LowerAlnum), context.Scope, name, request.Description, request.BundleId!,
                request.DirectoryId!, desired, appSettings, timeouts, request.RunningMode ?? "AUTO_STOP", "CREATING", TransitionDue,
                TagList.Merge([], tags), Now);
            Pools.Put(record);
            return Task.FromResult(new CreateWorkspacesPoolResult { WorkspacesPool = ToWire(context, record) });
        }
    }

    public override Task<DescribeWorkspacesPoolsResult> DescribeWorkspacesPools(RequestContext context, DescribeWorkspacesPoolsRequest request, CancellationToken ct)
    {
        IEnumerable<PoolRecord> selected = Pools.List(context.Scope);
        if (request.PoolIds is { } wanted)
        {
            var set = wanted.ToHashSet(StringComparer.Ordinal);
            selected = selected.Where(p => set.Contains(p.Id));
        }
        foreach (var filter in request.Filters ?? [])
        {
            var values = filter.Values!;
            // Values of one filter are alternatives for EQUALS / CONTAINS and must all miss for NOTEQUALS / NOTCONTAINS.
            Func<string, bool> match = filter.Operator switch
            {
                "EQUALS" => n => values.Contains(n, StringComparer.Ordinal),
                "NOTEQUALS" => n => !values.Contains(n, StringComparer.Ordinal),
                "CONTAINS" => n => values.Any(v => n.Contains(v, StringComparison.Ordinal)),
                "NOTCONTAINS" => n => !values.Any(v => n.Contains(v, StringComparison.Ordinal)),
                _ => throw InvalidParameter($"The filter operator {filter.Operator} is not valid."),
            };
            selected = selected.Where(p => match(p.PoolName));
        }
        var page = Paging.Take(selected.ToList(), request.Limit ?? 25, request.NextToken, "workspaces-pools", InvalidToken);
        return Task.FromResult(new DescribeWorkspacesPoolsResult
        {
            WorkspacesPools = page.Items.Select(p => ToWire(context, p)).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<UpdateWorkspacesPoolResult> UpdateWorkspacesPool(RequestContext context, UpdateWorkspacesPoolRequest request, CancellationToken ct)
    {
        int? desired = request.Capacity is { } capacity ? DesiredSessions(capacity) : null;
        var appSettings = request.ApplicationSettings is { } a ? PoolAppSettings(context, a) : null;
        var timeouts = PoolTimeouts(request.TimeoutSettings);
        lock (_gate)
        {
            if (request.BundleId is { } bundleId) PoolBundle(context, bundleId);
            if (request.DirectoryId is { } directoryId) PoolDirectory(context, directoryId);
            var updated = ChangePool(context, request.PoolId!, p =>
            {
                RequireSettledPool(p, "updated");
                var mode = request.RunningMode ?? p.RunningMode;
                // A running pool takes the change through UPDATING; a stopped one takes it at once, unless it becomes
                // ALWAYS_ON, which starts it (an ALWAYS_ON pool is never stopped).
                var (state, due) = p.State == "RUNNING" ? ("UPDATING", (DateTimeOffset?)TransitionDue)
                    : mode == "ALWAYS_ON" ? ("STARTING", TransitionDue) : (p.State, null);
                return p with
                {
                    Description = request.Description ?? p.Description,
                    BundleId = request.BundleId ?? p.BundleId,
                    DirectoryId = request.DirectoryId ?? p.DirectoryId,
                    DesiredUserSessions = desired ?? p.DesiredUserSessions,
                    ApplicationSettings = appSettings ?? p.ApplicationSettings,
                    TimeoutSettings = timeouts ?? p.TimeoutSettings,
                    RunningMode = mode,
                    State = state,
                    NextTransitionAt = due,
                };
            });
            return Task.FromResult(new UpdateWorkspacesPoolResult { WorkspacesPool = ToWire(context, updated) });
        }
    }

    public override Task<StartWorkspacesPoolResult> StartWorkspacesPool(RequestContext context, StartWorkspacesPoolRequest request, CancellationToken ct)
    {
        ChangePool(context, request.PoolId!, p =>
        {
            RequireAutoStop(p, "started");
            RequireSettledPool(p, "started");
            if (p.State != "STOPPED")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException, $"The WorkSpaces pool {p.Id} is {p.State}; only a STOPPED pool can be started.");
            return p with { State = "STARTING", NextTransitionAt = TransitionDue };
        });
        return Task.FromResult(new StartWorkspacesPoolResult());
    }

    public override Task<StopWorkspacesPoolResult> StopWorkspacesPool(RequestContext context, StopWorkspacesPoolRequest request, CancellationToken ct)
    {
        ChangePool(context, request.PoolId!, p =>
        {
            RequireAutoStop(p, "stopped");
            RequireSettledPool(p, "stopped");
            if (p.State != "RUNNING")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException, $"The WorkSpaces pool {p.Id} is {p.State}; only a RUNNING pool can be stopped.");
            return p with { State = "STOPPING", NextTransitionAt = TransitionDue };
        });
        return Task.FromResult(new StopWorkspacesPoolResult());
    }

    public override Task<TerminateWorkspacesPoolResult> TerminateWorkspacesPool(RequestContext context, TerminateWorkspacesPoolRequest request, CancellationToken ct)
    {
        // Difference from AWS: whether a running pool must be stopped first is not documented; the emulator terminates
        // a RUNNING or STOPPED pool.
        ChangePool(context, request.PoolId!, p =>
        {
            if (p.State == "DELETING")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException, $"The WorkSpaces pool {p.Id} is already DELETING.");
            RequireSettledPool(p, "terminated");
            return p with { State = "DELETING", NextTransitionAt = TransitionDue };
        });
        return Task.FromResult(new TerminateWorkspacesPoolResult());
    }

    public override Task<DescribeWorkspacesPoolSessionsResult> DescribeWorkspacesPoolSessions(RequestContext context,
        DescribeWorkspacesPoolSessionsRequest request, CancellationToken ct)
    {
        var pool = Pool(context, request.PoolId!);
        // No session is ever created (pools launch no desktops), so every listing is empty.
        var page = Paging.Take(Array.Empty<WorkspacesPoolSession>(), request.Limit ?? 50, request.NextToken, "workspaces-pool-sessions/" + pool.Id, InvalidToken);
        return Task.FromResult(new DescribeWorkspacesPoolSessionsResult { Sessions = page.Items.ToList(), NextToken = page.NextToken });
    }

    public override Task<TerminateWorkspacesPoolSessionResult> TerminateWorkspacesPoolSession(RequestContext context,
        TerminateWorkspacesPoolSessionRequest request, CancellationToken ct) =>
        throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The WorkSpaces pool session {request.SessionId} could not be found.",
            members: new Dictionary<string, string> { ["ResourceId"] = request.SessionId! });

    private WorkspacesPool ToWire(RequestContext context, PoolRecord p)
    {
        // Difference from AWS: capacity is reported, not provisioned — a RUNNING pool has all desired sessions at once, none active.
        var actual = p.State is "RUNNING" or "UPDATING" ? p.DesiredUserSessions : 0;
        return new WorkspacesPool
        {
            PoolId = p.Id,
            PoolArn = $"arn:aws:workspaces:{context.Region}:{context.Account}:workspacespool/{p.Id}",
            PoolName = p.PoolName,
            Description = p.Description,
            State = p.State,
            CreatedAt = p.CreatedAt,
            BundleId = p.BundleId,
            DirectoryId = p.DirectoryId,
            RunningMode = p.RunningMode,
            CapacityStatus = new CapacityStatus
            {
                AvailableUserSessions = actual,
                DesiredUserSessions = p.DesiredUserSessions,
                ActualUserSessions = actual,
                ActiveUserSessions = 0,
            },
            ApplicationSettings = p.ApplicationSettings is { } a
                ? new ApplicationSettingsResponse { Status = a.Status, SettingsGroup = a.SettingsGroup, S3BucketName = a.S3BucketName }
                : null,
            TimeoutSettings = p.TimeoutSettings is { } t
                ? new TimeoutSettings
                {
                    DisconnectTimeoutInSeconds = t.DisconnectTimeoutInSeconds,
                    IdleDisconnectTimeoutInSeconds = t.IdleDisconnectTimeoutInSeconds,
                    MaxUserDurationInSeconds = t.MaxUserDurationInSeconds,
                }
                : null,
        };
    }

    private PoolRecord Pool(RequestContext context, string id) =>
        Pools.Get(context.Scope, id)
        ?? throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The WorkSpaces pool {id} could not be found.",
            members: new Dictionary<string, string> { ["ResourceId"] = id });

    private PoolRecord ChangePool(RequestContext context, string id, Func<PoolRecord, PoolRecord> change) =>
        Pools.Update(context.Scope, id, change) ?? Pool(context, id);

    private static void RequireSettledPool(PoolRecord p, string verb)
    {
        if (PoolTransitionalStates.Contains(p.State))
            throw new AwsException(WorkSpacesErrors.OperationInProgressException,
                $"The WorkSpaces pool {p.Id} is {p.State}; it can be {verb} once that finishes.");
    }

    private static void RequireAutoStop(PoolRecord p, string verb)
    {
        if (p.RunningMode != "AUTO_STOP")
            throw new AwsException(WorkSpacesErrors.OperationNotSupportedException,
                $"The WorkSpaces pool {p.Id} runs ALWAYS_ON; only an AUTO_STOP pool can be {verb}.");
    }

    private static int DesiredSessions(Capacity capacity)
    {
        var desired = capacity.DesiredUserSessions!.Value;
        if (desired < 0) throw InvalidParameter("Capacity.DesiredUserSessions must not be negative.");
        return desired;
    }

    private void PoolBundle(RequestContext context, string bundleId)
    {
        if (FindBundle(context.Scope, bundleId) is null)
            throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The bundle {bundleId} could not be found.",
                members: new Dictionary<string, string> { ["ResourceId"] = bundleId });
    }

    /// <summary>A pool needs a directory registered with WorkSpaces.</summary>
    // Difference from AWS: AWS pools use WorkSpaces Pools (wsd-, SAML) directories; the emulator also accepts any
    // REGISTERED d- directory.
    private void PoolDirectory(RequestContext context, string directoryId)
    {
        var directory = RegisteredDirectory(context, directoryId);
        if (directory.State != "REGISTERED")
            throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                $"The directory {directory.Id} is {directory.State}; a pool needs a REGISTERED directory.");
    }

    private static PoolApplicationSettingsRecord PoolAppSettings(RequestContext context, ApplicationSettingsRequest settings)
    {
        var status = settings.Status!;
        if (status == "ENABLED" && string.IsNullOrEmpty(settings.SettingsGroup))
            throw InvalidParameter("ApplicationSettings.SettingsGroup is required when application settings persistence is ENABLED.");
        // Difference from AWS: the bucket is named, never created.
        var bucket = status == "ENABLED" ? $"wspool-app-settings-{context.Region}-{context.Account}" : null;
        return new PoolApplicationSettingsRecord(status, settings.SettingsGroup, bucket);
    }

    private static PoolTimeoutSettingsRecord? PoolTimeouts(TimeoutSettings? t) =>
        t is null ? null : new PoolTimeoutSettingsRecord(t.DisconnectTimeoutInSeconds, t.IdleDisconnectTimeoutInSeconds, t.MaxUserDurationInSeconds);
}
