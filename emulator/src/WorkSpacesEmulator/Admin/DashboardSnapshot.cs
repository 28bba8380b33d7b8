using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;
using Ds = WorkSpacesEmulator.ServiceModels.DirectoryService;
using Ws = WorkSpacesEmulator.ServiceModels.WorkSpaces;

namespace WorkSpacesEmulator.Admin;

/// <summary>What the dashboard shows, per (account, Region): read through the same handlers the API answers with
/// (DescribeDirectories, DescribeDomainControllers, DescribeWorkspaceDirectories, DescribeWorkspaces,
/// DescribeWorkspacesConnectionStatus), so the page never disagrees with the API; plus each desktop's runtime view and
/// the VPCs/subnets that directories and WorkSpaces use (for the topology drawing).</summary>
public sealed class DashboardSnapshot(Store store, WorkSpacesHandlers workspaces, DirectoryServiceHandlers directories, IDesktopRuntime runtime)
{
    public async Task<object> BuildAsync(CancellationToken ct)
    {
        var scopes = store.Table<DirectoryRecord>(ResourceKinds.Directories).All().Select(d => d.Scope)
            .Concat(store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).All().Select(w => w.Scope))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var result = new List<object>(scopes.Count);
        foreach (var scope in scopes) result.Add(await ScopeAsync(scope, ct));
        return new { runtime = new { name = runtime.Name, reason = runtime.Reason }, scopes = result };
    }

    private async Task<object> ScopeAsync(string scope, CancellationToken ct)
    {
        var slash = scope.IndexOf('/');
        var context = new RequestContext(scope[..slash], scope[(slash + 1)..], "dashboard", "dashboard", "Dashboard");

        var dirs = await AllPagesAsync(async token =>
        {
            var page = await directories.DescribeDirectories(context, new Ds.DescribeDirectoriesRequest { NextToken = token }, ct);
            return (page.DirectoryDescriptions ?? [], page.NextToken);
        });
        var registrations = (await workspaces.DescribeWorkspaceDirectories(context, new Ws.DescribeWorkspaceDirectoriesRequest(), ct)).Directories ?? [];
        var desktops = await AllPagesAsync(async token =>
        {
            var page = await workspaces.DescribeWorkspaces(context, new Ws.DescribeWorkspacesRequest { NextToken = token }, ct);
            return (page.Workspaces ?? [], page.NextToken);
        });
        var connections = (await AllPagesAsync(async token =>
        {
            var page = await workspaces.DescribeWorkspacesConnectionStatus(context, new Ws.DescribeWorkspacesConnectionStatusRequest { NextToken = token }, ct);
            return (page.WorkspacesConnectionStatus ?? [], page.NextToken);
        })).ToDictionary(c => c.WorkspaceId!, c => c.ConnectionState);

        var directoryViews = new List<object>(dirs.Count);
        foreach (var d in dirs)
        {
            var registration = registrations.FirstOrDefault(r => r.DirectoryId == d.DirectoryId);
            directoryViews.Add(new
            {
                directoryId = d.DirectoryId,
                name = d.Name,
                type = d.Type,
                size = d.Size,
                edition = d.Edition,
                stage = d.Stage,
                dnsIpAddrs = d.DnsIpAddrs ?? [],
                vpcId = d.VpcSettings?.VpcId ?? d.ConnectSettings?.VpcId,
                subnetIds = d.VpcSettings?.SubnetIds ?? d.ConnectSettings?.SubnetIds ?? [],
                connectIps = d.ConnectSettings?.ConnectIps,
                domainControllers = await ControllersAsync(context, d, ct),
                registration = registration is null ? null : new { state = registration.State, registrationCode = registration.RegistrationCode },
            });
        }

        var workspaceViews = new List<object>(desktops.Count);
        foreach (var w in desktops)
        {
            var desktop = await runtime.GetAsync(w.WorkspaceId!, ct);
            workspaceViews.Add(new
            {
                workspaceId = w.WorkspaceId,
                directoryId = w.DirectoryId,
                userName = w.UserName,
                state = w.State,
                ipAddress = w.IpAddress,
                subnetId = w.SubnetId,
                bundleId = w.BundleId,
                computerName = w.ComputerName,
                runningMode = w.WorkspaceProperties?.RunningMode,
                computeType = w.WorkspaceProperties?.ComputeTypeName,
                connectionState = connections.GetValueOrDefault(w.WorkspaceId!),
                errorCode = w.ErrorCode,
                desktop = desktop is null ? null : new
                {
                    runtimeId = desktop.RuntimeId,
                    image = desktop.Image,
                    streamType = desktop.StreamType,
                    running = desktop.Running,
                    healthy = desktop.Healthy,
                    streamingEndpoints = desktop.StreamingEndpoints,
                    detail = desktop.Detail,
                },
            });
        }

        // The VPCs and subnets in use, for the drawing (a default VPC has a subnet per zone; unused ones are left out).
        var usedSubnets = dirs.SelectMany(d => d.VpcSettings?.SubnetIds ?? d.ConnectSettings?.SubnetIds ?? [])
            .Concat(desktops.Select(w => w.SubnetId).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        var subnets = store.Table<Subnet>(ResourceKinds.Subnets).List(scope).Where(s => usedSubnets.Contains(s.Id)).ToList();
        var vpcs = store.Table<Vpc>(ResourceKinds.Vpcs).List(scope).Where(v => subnets.Any(s => s.VpcId == v.Id))
            .Select(v => new
            {
                vpcId = v.Id,
                cidrBlock = v.CidrBlock,
                isDefault = v.IsDefault,
                subnets = subnets.Where(s => s.VpcId == v.Id).OrderBy(s => s.AvailabilityZone, StringComparer.Ordinal)
                    .Select(s => new { subnetId = s.Id, cidrBlock = s.CidrBlock, availabilityZone = s.AvailabilityZone }).ToList(),
            }).ToList();

        return new { account = context.Account, region = context.Region, vpcs, directories = directoryViews, workspaces = workspaceViews };
    }

    private async Task<List<object>> ControllersAsync(RequestContext context, Ds.DirectoryDescription d, CancellationToken ct)
    {
        try
        {
            var page = await directories.DescribeDomainControllers(context, new Ds.DescribeDomainControllersRequest { DirectoryId = d.DirectoryId }, ct);
            return (page.DomainControllers ?? []).Select(c => (object)new
            {
                domainControllerId = c.DomainControllerId,
                dnsIpAddr = c.DnsIpAddr,
                subnetId = c.SubnetId,
                availabilityZone = c.AvailabilityZone,
                status = c.Status,
            }).ToList();
        }
        catch (AwsException)
        {
            return []; // e.g. an AD Connector, which has no domain controllers of its own
        }
    }

    private static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<(List<T> Items, string? NextToken)>> page)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            var (items, next) = await page(token);
            all.AddRange(items);
            token = next;
        } while (token is not null);
        return all;
    }
}
