using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>IP routes: public CIDR blocks the directory's controllers route to (at most 100 per directory).</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>The documented default limit of IP address blocks per directory.</summary>
    public const int IpRoutesLimit = 100;

    // Difference from AWS: UpdateSecurityGroupForDirectoryControllers is accepted but the emulated security group has no rules to update.
    // Difference from AWS: routes are Added at once (AWS shows Adding briefly); IPv6 routes (CidrIpv6) are not supported.
    public override Task<AddIpRoutesResult> AddIpRoutes(RequestContext context, AddIpRoutesRequest request, CancellationToken cancellationToken)
    {
        var routes = request.IpRoutes ?? [];
        if (routes.Count == 0) throw DsErrors.InvalidParameter("IpRoutes must contain at least one route.");
        if (routes.Any(r => r.CidrIpv6 is not null)) throw DsErrors.InvalidParameter("CidrIpv6 is not supported by the emulator; use CidrIp.");
        var added = new List<IpRouteEntry>(routes.Count);
        var now = time.GetUtcNow();
        foreach (var route in routes)
        {
            if (string.IsNullOrEmpty(route.CidrIp) || !Ipv4Cidr.TryParse(route.CidrIp, out _))
                throw DsErrors.InvalidParameter($"Invalid CIDR block: {route.CidrIp}.");
            if (added.Any(a => a.CidrIp == route.CidrIp))
                throw DsErrors.InvalidParameter($"The CIDR block {route.CidrIp} is listed more than once.");
            added.Add(new IpRouteEntry(route.CidrIp, route.Description, now));
        }
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireActive(d, "IP routes can only be added to an Active directory");
            if (d.Type == DirectoryTypes.ADConnector) throw DsErrors.Client("IP routes are not supported for ADConnector directories.");
            var existing = d.IpRoutes ?? [];
            if (added.FirstOrDefault(a => existing.Any(e => e.CidrIp == a.CidrIp)) is { } duplicate)
                throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException, $"The IP route {duplicate.CidrIp} already exists for directory {d.Id}.");
            if (existing.Count + added.Count > IpRoutesLimit)
                throw new AwsException(DirectoryServiceErrors.IpRouteLimitExceededException,
                    $"IP route limit exceeded: a directory can have at most {IpRoutesLimit} IP address blocks.");
            return d with { IpRoutes = [.. existing, .. added] };
        });
        return Task.FromResult(new AddIpRoutesResult());
    }

    public override Task<RemoveIpRoutesResult> RemoveIpRoutes(RequestContext context, RemoveIpRoutesRequest request, CancellationToken cancellationToken)
    {
        var cidrs = request.CidrIps ?? [];
        if (cidrs.Count == 0) throw DsErrors.InvalidParameter("CidrIps must contain at least one CIDR block.");
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireActive(d, "IP routes can only be removed from an Active directory");
            var existing = d.IpRoutes ?? [];
            if (cidrs.FirstOrDefault(c => existing.All(e => e.CidrIp != c)) is { } missing)
                throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException, $"The IP route {missing} does not exist for directory {d.Id}.");
            return d with { IpRoutes = existing.Where(e => !cidrs.Contains(e.CidrIp)).ToList() };
        });
        return Task.FromResult(new RemoveIpRoutesResult());
    }

    public override Task<ListIpRoutesResult> ListIpRoutes(RequestContext context, ListIpRoutesRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        var limit = request.Limit is > 0 ? request.Limit.Value : IpRoutesLimit;
        var page = Paging.Take(directory.IpRoutes ?? [], limit, request.NextToken, "ds.ListIpRoutes:" + directory.Id, DsErrors.InvalidNextToken);
        return Task.FromResult(new ListIpRoutesResult
        {
            IpRoutesInfo = page.Items.Select(r => new IpRouteInfo
            {
                DirectoryId = directory.Id,
                CidrIp = r.CidrIp,
                Description = r.Description,
                IpRouteStatusMsg = "Added",
                AddedDateTime = r.AddedDateTime,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    private static void RequireActive(DirectoryRecord directory, string what)
    {
        if (!directory.IsActive)
            throw new AwsException(DirectoryServiceErrors.DirectoryUnavailableException,
                $"Directory {directory.Id} is in the {directory.Stage} stage; {what}.");
    }
}
