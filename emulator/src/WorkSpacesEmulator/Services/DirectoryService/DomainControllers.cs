using System.Security.Cryptography;
using System.Text;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Domain controllers: every Simple AD / Managed AD directory has two (one per subnet, at its DNS addresses);
/// Managed AD can have more (UpdateNumberOfDomainControllers, up to 20), each with its own network interface.</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>Maximum domain controllers per Managed AD directory (documented quota).</summary>
    public const int DomainControllersLimit = 20;

    public override Task<DescribeDomainControllersResult> DescribeDomainControllers(RequestContext context, DescribeDomainControllersRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (directory.Type == DirectoryTypes.ADConnector)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                "ADConnector directories have no domain controllers of their own.");
        var all = ControllersOf(directory);
        var wanted = request.DomainControllerIds is { Count: > 0 } list ? list.Distinct(StringComparer.Ordinal).ToList() : null;
        var matches = wanted is null
            ? all
            : wanted.Select(id => all.FirstOrDefault(dc => dc.DomainControllerId == id)
                ?? throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException, $"Domain controller {id} does not exist in directory {directory.Id}.")).ToList();
        var limit = request.Limit is > 0 ? request.Limit.Value : DefaultPageSize;
        var page = Paging.Take(matches, limit, request.NextToken, "ds.DescribeDomainControllers:" + directory.Id + ":" + string.Join(',', wanted ?? []), DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeDomainControllersResult { DomainControllers = page.Items.ToList(), NextToken = page.NextToken });
    }

    public override Task<UpdateNumberOfDomainControllersResult> UpdateNumberOfDomainControllers(RequestContext context, UpdateNumberOfDomainControllersRequest request, CancellationToken cancellationToken)
    {
        var desired = request.DesiredNumber!.Value;
        while (true)
        {
            var directory = GetDirectory(context, request.DirectoryId!);
            if (directory.Type != DirectoryTypes.MicrosoftAD)
                throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                    $"The number of domain controllers can only be changed for MicrosoftAD directories, not {directory.Type}.");
            RequireActive(directory, "domain controllers can only be added or removed in an Active directory");
            if (desired > DomainControllersLimit)
                throw new AwsException(DirectoryServiceErrors.DomainControllerLimitExceededException,
                    $"Domain controller limit exceeded: a directory can have at most {DomainControllersLimit} domain controllers.");
            var now = time.GetUtcNow();
            var due = now + options.Value.Transition;
            var extras = (directory.ExtraDomainControllers ?? []).ToList();
            var live = extras.Where(dc => dc.Status != DomainControllerStatuses.Deleting).ToList();
            var allocated = new List<string>();
            if (2 + live.Count < desired)
            {
                // New controllers go round the directory's subnets, as AWS spreads them over its Availability Zones.
                for (var n = 2 + live.Count; n < desired; n++)
                try
                {
                    var subnet = n % directory.SubnetIds.Count;
                    string id;
                    do id = ids.Next("dc-", 10, Ids.Hex); while (extras.Any(dc => dc.Id == id));
                    NetworkInterfaceAllocation(context, directory, subnet, id, out var eni);
                    allocated.Add(id);
                    extras.Add(new DomainControllerEntry(id, directory.SubnetIds[subnet], directory.AvailabilityZones[subnet],
                        eni.PrivateIpAddress, eni.Id, DomainControllerStatuses.Creating, now, now, due));
                }
                catch (AwsException)
                {
                    foreach (var id in allocated) network.ReleaseInterfacesOwnedBy(context.Scope, id);
                    throw;
                }
            }
            else
            {
                // The most recently added controllers go first; the directory's original two always stay.
                foreach (var dc in live.AsEnumerable().Reverse().Take(2 + live.Count - desired))
                    extras[extras.IndexOf(dc)] = dc with { Status = DomainControllerStatuses.Deleting, StatusLastUpdatedDateTime = now, NextTransitionAt = due };
            }
            var updated = directory with { DesiredNumberOfDomainControllers = desired, ExtraDomainControllers = extras };
            if (Directories.Replace(directory, updated)) return Task.FromResult(new UpdateNumberOfDomainControllersResult());
            foreach (var id in allocated) network.ReleaseInterfacesOwnedBy(context.Scope, id);
        }
    }

    private void NetworkInterfaceAllocation(RequestContext context, DirectoryRecord directory, int subnet, string controllerId, out Ec2.NetworkInterface eni)
    {
        try
        {
            eni = network.AllocateInterface(context, directory.SubnetIds[subnet], $"AWS created network interface for directory {directory.Id}",
                "interface", "amazon-ds", directory.SecurityGroupId is { } group ? [group] : [], controllerId);
        }
        catch (AwsException e)
        {
            throw DsErrors.Client($"Could not create a network interface for a new domain controller: {e.Message}");
        }
    }

    /// <summary>The directory's controllers: its first two derived from the directory itself, then the added ones.</summary>
    private static List<DomainController> ControllersOf(DirectoryRecord d)
    {
        var status = d.Stage switch
        {
            DirectoryStages.Requested or DirectoryStages.Creating => DomainControllerStatuses.Creating,
            DirectoryStages.Restoring => "Restoring",
            DirectoryStages.Deleting => DomainControllerStatuses.Deleting,
            _ => DomainControllerStatuses.Active,
        };
        var controllers = new List<DomainController>();
        for (var i = 0; i < Math.Min(d.DnsIpAddrs.Count, d.SubnetIds.Count); i++)
        {
            controllers.Add(new DomainController
            {
                DirectoryId = d.Id,
                DomainControllerId = BaseControllerId(d.Id, i),
                DnsIpAddr = d.DnsIpAddrs[i],
                VpcId = d.VpcId,
                SubnetId = d.SubnetIds[i],
                AvailabilityZone = d.AvailabilityZones[i],
                Status = status,
                LaunchTime = d.LaunchTime,
                StatusLastUpdatedDateTime = d.StageLastUpdatedDateTime,
            });
        }
        controllers.AddRange((d.ExtraDomainControllers ?? []).Select(dc => new DomainController
        {
            DirectoryId = d.Id,
            DomainControllerId = dc.Id,
            DnsIpAddr = dc.DnsIpAddr,
            VpcId = d.VpcId,
            SubnetId = dc.SubnetId,
            AvailabilityZone = dc.AvailabilityZone,
            Status = dc.Status,
            LaunchTime = dc.LaunchTime,
            StatusLastUpdatedDateTime = dc.StatusLastUpdatedDateTime,
        }));
        return controllers;
    }

    /// <summary>The original two controllers' ids are derived from the directory id, so they are stable without being
    /// stored (directories stored before controllers were modelled get the same ids).</summary>
    private static string BaseControllerId(string directoryId, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(directoryId + "/dc/" + index));
        return "dc-" + Convert.ToHexStringLower(hash)[..10];
    }
}
