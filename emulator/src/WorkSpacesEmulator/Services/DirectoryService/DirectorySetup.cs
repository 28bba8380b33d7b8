using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>UpdateDirectorySetup (OS updates of Managed AD: SERVER_2012 → SERVER_2019) and DescribeUpdateDirectory.
/// Each Region of the directory gets an update activity, Updating → Updated by the reconciler; the directory's
/// OsVersion changes when its primary Region's activity completes.</summary>
public sealed partial class DirectoryServiceHandlers
{
    private ResourceTable<DirectoryUpdateRecord> DirectoryUpdates => store.Table<DirectoryUpdateRecord>(ResourceKinds.DirectoryUpdates);

    private readonly Lock _updateGate = new();

    private static readonly string[] OsVersions = ["SERVER_2012", "SERVER_2019"];

    public override Task<UpdateDirectorySetupResult> UpdateDirectorySetup(RequestContext context, UpdateDirectorySetupRequest request, CancellationToken cancellationToken)
    {
        var directory = Directories.Get(context.Scope, request.DirectoryId!) ?? throw DirectoryDoesNotExist(request.DirectoryId!);
        // Difference from AWS: only OS updates are supported; NETWORK and SIZE updates are refused.
        if (request.UpdateType != "OS")
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, $"UpdateType {request.UpdateType} is not supported by the emulator; only OS updates are.");
        if (directory.Type != DirectoryTypes.MicrosoftAD)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, $"OS updates are only supported for MicrosoftAD directories, not {directory.Type}.");
        if (request.OSUpdateSettings?.OSVersion is not { } target)
            throw DsErrors.InvalidParameter("OSUpdateSettings.OSVersion must be specified for an OS update.");
        RequireActive(directory, "it can only be updated when Active");
        var current = directory.OsVersion ?? "SERVER_2019";
        if (target == current)
            throw new AwsException(DirectoryServiceErrors.DirectoryInDesiredStateException, $"Directory {directory.Id} already runs {target}.");
        if (Array.IndexOf(OsVersions, target) < Array.IndexOf(OsVersions, current))
            throw DsErrors.InvalidParameter($"Directory {directory.Id} runs {current}; it cannot be downgraded to {target}.");
        lock (_updateGate)
        {
            if (DirectoryUpdates.List(context.Scope).Any(u => u.DirectoryId == directory.Id && u.Status == UpdateStatuses.Updating))
                throw new AwsException(DirectoryServiceErrors.DirectoryUnavailableException, $"An update of directory {directory.Id} is already in progress.");
            var now = time.GetUtcNow();
            if (request.CreateSnapshotBeforeUpdate == true) TakeSnapshotBefore(context, directory, now);
            var due = now + options.Value.Transition;
            // Difference from AWS: the directory's Stage stays Active while its controllers are updated.
            foreach (var region in new[] { context.Region }.Concat(directory.AdditionalRegions ?? []))
            {
                string id;
                do id = ids.Next("u-", 10, Ids.Hex); while (DirectoryUpdates.Get(context.Scope, id) is not null);
                DirectoryUpdates.Put(new DirectoryUpdateRecord(id, context.Scope, directory.Id, "OS", region, UpdateStatuses.Updating, null,
                    context.Account, current, target, now, now, due));
            }
        }
        return Task.FromResult(new UpdateDirectorySetupResult());
    }

    public override Task<DescribeUpdateDirectoryResult> DescribeUpdateDirectory(RequestContext context, DescribeUpdateDirectoryRequest request, CancellationToken cancellationToken)
    {
        var directory = Directories.Get(context.Scope, request.DirectoryId!) ?? throw DirectoryDoesNotExist(request.DirectoryId!);
        var matches = DirectoryUpdates.List(context.Scope)
            .Where(u => u.DirectoryId == directory.Id && u.UpdateType == request.UpdateType && (request.RegionName is null || u.Region == request.RegionName))
            .OrderByDescending(u => u.StartTime).ThenBy(u => u.Region, StringComparer.Ordinal).ToList();
        var page = Paging.Take(matches, DefaultPageSize, request.NextToken,
            "ds.DescribeUpdateDirectory:" + directory.Id + ":" + request.UpdateType + ":" + request.RegionName, DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeUpdateDirectoryResult
        {
            UpdateActivities = page.Items.Select(u => new UpdateInfoEntry
            {
                Region = u.Region,
                Status = u.Status,
                StatusReason = u.StatusReason,
                InitiatedBy = u.InitiatedBy,
                NewValue = new UpdateValue { OSUpdateSettings = new OSUpdateSettings { OSVersion = u.NewOsVersion } },
                PreviousValue = new UpdateValue { OSUpdateSettings = new OSUpdateSettings { OSVersion = u.PreviousOsVersion } },
                StartTime = u.StartTime,
                LastUpdatedDateTime = u.LastUpdatedDateTime,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }
}
