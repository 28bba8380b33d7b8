using System.Text.RegularExpressions;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Multi-Region replication of AWS Managed Microsoft AD (Enterprise Edition): AddRegion puts two domain
/// controllers into a VPC of another Region (Creating → Active), RemoveRegion, called in that Region, takes them
/// out again (Deleting → gone), DescribeRegions lists the primary and the additional Regions.</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>Regions per directory, the primary included (documented Enterprise Edition quota).</summary>
    public const int RegionsLimit = 5;

    private ResourceTable<RegionRecord> Regions => store.Table<RegionRecord>(ResourceKinds.DirectoryRegions);

    private readonly Lock _regionGate = new();

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$")]
    private static partial Regex RegionNamePattern();

    public override Task<AddRegionResult> AddRegion(RequestContext context, AddRegionRequest request, CancellationToken cancellationToken)
    {
        var directory = Directories.Get(context.Scope, request.DirectoryId!) ?? throw DirectoryDoesNotExist(request.DirectoryId!);
        if (directory.Type != DirectoryTypes.MicrosoftAD || directory.Edition != "Enterprise")
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                "Multi-Region replication is only supported for AWS Managed Microsoft AD Enterprise Edition directories.");
        RequireActive(directory, "Regions can only be added to an Active directory");
        var regionName = request.RegionName!;
        if (!RegionNamePattern().IsMatch(regionName))
            throw DsErrors.InvalidParameter($"RegionName {regionName} is not a valid Region.");
        if (regionName == context.Region)
            throw new AwsException(DirectoryServiceErrors.DirectoryAlreadyInRegionException,
                $"Directory {directory.Id} is already in Region {regionName} (its primary Region).");
        // Difference from AWS: the replica is not listed by DescribeDirectories in the added Region; only DescribeRegions and RemoveRegion see it there.
        // The VPC and subnets belong to the new Region, so they are resolved in that Region's scope.
        var regionContext = context with { Region = regionName };
        network.EnsureDefaults(regionContext);
        var placement = ResolvePlacement(regionContext, request.VPCSettings?.VpcId, request.VPCSettings?.SubnetIds);
        lock (_regionGate)
        {
            if (Regions.Get(regionContext.Scope, directory.Id) is not null)
                throw new AwsException(DirectoryServiceErrors.DirectoryAlreadyInRegionException, $"Directory {directory.Id} is already in Region {regionName}.");
            if (1 + (directory.AdditionalRegions?.Count ?? 0) >= RegionsLimit)
                throw RegionLimitExceeded(directory.Id);
            var resources = AllocateNetwork(regionContext, directory.Id, placement);
            var now = time.GetUtcNow();
            try
            {
                UpdateDirectory(context, directory.Id, d =>
                {
                    var existing = d.AdditionalRegions ?? [];
                    if (!d.IsActive) RequireActive(d, "Regions can only be added to an Active directory");
                    if (existing.Contains(regionName))
                        throw new AwsException(DirectoryServiceErrors.DirectoryAlreadyInRegionException, $"Directory {d.Id} is already in Region {regionName}.");
                    if (1 + existing.Count >= RegionsLimit) throw RegionLimitExceeded(d.Id);
                    return d with { AdditionalRegions = [.. existing, regionName] };
                });
            }
            catch (AwsException)
            {
                network.ReleaseInterfacesOwnedBy(regionContext.Scope, directory.Id);
                network.DeleteSecurityGroup(regionContext, resources.SecurityGroupId);
                throw;
            }
            Regions.Put(new RegionRecord(directory.Id, regionContext.Scope, context.Scope, regionName, DirectoryStages.Creating,
                placement.Vpc.Id, placement.Subnets.Select(s => s.Id).ToList(), resources.SecurityGroupId,
                resources.Interfaces.Select(i => i.Id).ToList(), resources.Interfaces.Select(i => i.PrivateIpAddress).ToList(),
                2, now, now, now, now + options.Value.Transition));
        }
        return Task.FromResult(new AddRegionResult());
    }

    /// <summary>Like AWS, RemoveRegion takes only the directory id: the Region removed is the one the request is
    /// sent to, which must be an additional Region (the primary goes only with DeleteDirectory).</summary>
    public override Task<RemoveRegionResult> RemoveRegion(RequestContext context, RemoveRegionRequest request, CancellationToken cancellationToken)
    {
        var directoryId = request.DirectoryId!;
        if (Directories.Get(context.Scope, directoryId) is not null)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                $"{context.Region} is the primary Region of directory {directoryId}; it cannot be removed. Use DeleteDirectory instead.");
        var now = time.GetUtcNow();
        var updated = Regions.Update(context.Scope, directoryId, r =>
        {
            if (r.Status == DirectoryStages.Deleting) return r;
            if (r.Status != DirectoryStages.Active)
                throw new AwsException(DirectoryServiceErrors.DirectoryUnavailableException,
                    $"Directory {directoryId} is in the {r.Status} state in Region {r.RegionName}; it can only be removed when Active.");
            return r with { Status = DirectoryStages.Deleting, StatusLastUpdatedDateTime = now, LastUpdatedDateTime = now, NextTransitionAt = now + options.Value.Transition };
        });
        if (updated is null) throw DirectoryDoesNotExist(directoryId);
        return Task.FromResult(new RemoveRegionResult());
    }

    public override Task<DescribeRegionsResult> DescribeRegions(RequestContext context, DescribeRegionsRequest request, CancellationToken cancellationToken)
    {
        var directoryId = request.DirectoryId!;
        // Callable in the primary Region and in any Region the directory was replicated to.
        var directory = Directories.Get(context.Scope, directoryId)
            ?? (Regions.Get(context.Scope, directoryId) is { } replica ? Directories.Get(replica.PrimaryScope, directoryId) : null)
            ?? throw DirectoryDoesNotExist(directoryId);
        if (directory.Type != DirectoryTypes.MicrosoftAD)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                $"Regions are only available for MicrosoftAD directories, not {directory.Type}.");
        var primaryRegion = directory.Scope[(directory.Scope.IndexOf('/') + 1)..];
        var all = new List<RegionDescription>
        {
            new()
            {
                DirectoryId = directory.Id,
                RegionName = primaryRegion,
                RegionType = "Primary",
                Status = directory.Stage,
                VpcSettings = new DirectoryVpcSettings { VpcId = directory.VpcId, SubnetIds = directory.SubnetIds.ToList() },
                DesiredNumberOfDomainControllers = directory.DesiredNumberOfDomainControllers,
                LaunchTime = directory.LaunchTime,
                StatusLastUpdatedDateTime = directory.StageLastUpdatedDateTime,
                LastUpdatedDateTime = directory.StageLastUpdatedDateTime,
            },
        };
        all.AddRange(Regions.All().Where(r => r.Id == directory.Id && r.PrimaryScope == directory.Scope)
            .OrderBy(r => r.LaunchTime).ThenBy(r => r.RegionName, StringComparer.Ordinal)
            .Select(r => new RegionDescription
            {
                DirectoryId = r.Id,
                RegionName = r.RegionName,
                RegionType = "Additional",
                Status = r.Status,
                VpcSettings = new DirectoryVpcSettings { VpcId = r.VpcId, SubnetIds = r.SubnetIds.ToList() },
                DesiredNumberOfDomainControllers = r.DesiredNumberOfDomainControllers,
                LaunchTime = r.LaunchTime,
                StatusLastUpdatedDateTime = r.StatusLastUpdatedDateTime,
                LastUpdatedDateTime = r.LastUpdatedDateTime,
            }));
        var matches = request.RegionName is { } wanted ? all.Where(r => r.RegionName == wanted).ToList() : all;
        var page = Paging.Take(matches, DefaultPageSize, request.NextToken, "ds.DescribeRegions:" + directory.Id + ":" + request.RegionName, DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeRegionsResult { RegionsDescription = page.Items.ToList(), NextToken = page.NextToken });
    }

    private static AwsException DirectoryDoesNotExist(string directoryId) =>
        new(DirectoryServiceErrors.DirectoryDoesNotExistException, $"Directory {directoryId} does not exist.");

    private static AwsException RegionLimitExceeded(string directoryId) =>
        new(DirectoryServiceErrors.RegionLimitExceededException,
            $"Region limit exceeded: directory {directoryId} is already in the maximum of {RegionsLimit} Regions.");
}
