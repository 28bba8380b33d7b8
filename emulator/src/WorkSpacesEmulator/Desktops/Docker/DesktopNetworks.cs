using WorkSpacesEmulator.Networking;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>The outcome of preparing a subnet network for one desktop: the network to connect eth1 to, or why the
/// desktop gets metadata-only networking (no eth1; its address exists only in the API).</summary>
public sealed record SubnetAttachment(string? Network, string? Reason);

/// <summary>The Docker networks behind desktops: the shared management network (eth0) and one network per VPC
/// subnet (eth1). Network changes are serialised by one gate because they are rare and cheap; what takes time
/// (creating and starting containers) runs in parallel outside it.</summary>
internal sealed class DesktopNetworks(DockerClient docker, EmulatorOptions options, ILogger log, Func<IReadOnlyList<HostRoute>> readRoutes, VpcRouters routers)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Both dictionaries are guarded by lock(_inFlight). Subnet networks known to exist with the given CIDR, so parallel starts on one subnet do not each list networks.
    private readonly Dictionary<string, Ipv4Cidr> _ready = new(StringComparer.Ordinal);
    // Desktops between "network prepared" and "container connected": an empty network in use must not be deleted.
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private bool _managementReady;

    public string ManagementNetwork => DockerNames.ManagementNetwork;

    public async Task EnsureManagementAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _managementReady)) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_managementReady) return;
            var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters(), ct);
            if (networks.Any(n => n.Name == ManagementNetwork))
            {
                _managementReady = true;
                return;
            }
            IPAM? ipam = null;
            if (!Ipv4Cidr.TryParse(options.DesktopManagementCidr, out var cidr))
                log.LogWarning("EMULATOR_DESKTOP_MANAGEMENT_CIDR {Cidr} is not an IPv4 CIDR; letting Docker choose the management subnet", options.DesktopManagementCidr);
            else if (Conflict(cidr, networks, readRoutes(), ManagementNetwork) is { } conflict)
                // eth0 is not optional, so rather than run without it let Docker pick a free range.
                log.LogWarning("Management network range {Cidr} {Conflict}; letting Docker choose the management subnet", cidr, conflict);
            else
                ipam = new IPAM { Config = [new IPAMConfig { Subnet = cidr.ToString(), Gateway = cidr.Gateway.ToString() }] };
            await CreateNetworkAsync(ManagementNetwork, ipam, DockerNames.RoleManagementNetwork, @internal: false, ct);
            _managementReady = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Prepares the network of spec's subnet. A non-null Network must be handed back with Release once the
    /// container is connected (or has failed to be).</summary>
    public Task<SubnetAttachment> AcquireSubnetAsync(DesktopSpec spec, CancellationToken ct) =>
        AcquireSubnetAsync(spec.SubnetId, spec.SubnetCidr, spec.IpAddress, ct);

    /// <summary>The same for any container that takes `ipAddress` on the subnet (desktops, domain controllers).</summary>
    public async Task<SubnetAttachment> AcquireSubnetAsync(string subnetId, string subnetCidr, string ipAddress, CancellationToken ct)
    {
        if (!Ipv4Cidr.TryParse(subnetCidr, out var cidr))
            return new(null, $"subnet {subnetId} has no usable IPv4 CIDR ('{subnetCidr}')");
        if (!Ipv4Cidr.TryParseAddress(ipAddress, out var ip) || !cidr.Contains(ip))
            return new(null, $"address '{ipAddress}' is not in subnet {subnetId} ({cidr})");
        if (cidr.IsAwsReserved(ip))
            return new(null, $"address {ipAddress} is one of the reserved addresses of {cidr}");
        if (cidr.PrefixLength > 29)
            return new(null, $"subnet {cidr} is too small for a Docker network");

        var name = DockerNames.SubnetNetwork(subnetId);
        await _gate.WaitAsync(ct);
        try
        {
            bool ready;
            lock (_inFlight) ready = _ready.TryGetValue(name, out var known) && known == cidr;
            if (!ready && await PrepareSubnetAsync(name, cidr, ct) is { } reason) return new(null, reason);
            lock (_inFlight)
            {
                _ready[name] = cidr;
                _inFlight[name] = _inFlight.GetValueOrDefault(name) + 1;
            }
            return new(name, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Release(string network)
    {
        lock (_inFlight)
        {
            if (_inFlight.TryGetValue(network, out var n) && n > 0) _inFlight[network] = n - 1;
        }
    }

    /// <summary>The management network turned out to be gone (deleted outside the emulator): ensure it again next time.</summary>
    public void ForgetManagement() => Volatile.Write(ref _managementReady, false);

    /// <summary>Something failed in a way a vanished network explains: check every network again on next use.</summary>
    public void ForgetAll()
    {
        ForgetManagement();
        lock (_inFlight) _ready.Clear();
    }

    /// <summary>Forget a network that turned out to be gone (deleted outside the emulator).</summary>
    public void Forget(string network)
    {
        lock (_inFlight) _ready.Remove(network);
    }

    /// <summary>Deletes managed subnet networks without containers, so that a later subnet with the same CIDR (a
    /// deleted and recreated VPC) does not find its range taken. Returns the deleted names.</summary>
    public async Task<IReadOnlyList<string>> RemoveUnusedSubnetNetworksAsync(IEnumerable<string>? onlyThese, CancellationToken ct)
    {
        var removed = new List<string>();
        await _gate.WaitAsync(ct);
        try
        {
            var filter = onlyThese?.ToHashSet(StringComparer.Ordinal);
            var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{DockerNames.LabelRole}={DockerNames.RoleSubnetNetwork}"] = true },
                },
            }, ct);
            foreach (var n in networks)
            {
                if (filter is not null && !filter.Contains(n.Name)) continue;
                if (await DeleteIfUnusedAsync(n.Name, n.ID, ct)) removed.Add(n.Name);
            }
        }
        finally
        {
            _gate.Release();
        }
        return removed;
    }

    // Under _gate. Returns null when the network named `name` now exists with `cidr`, else why it cannot.
    private async Task<string?> PrepareSubnetAsync(string name, Ipv4Cidr cidr, CancellationToken ct)
    {
        var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters(), ct);
        var existing = networks.FirstOrDefault(n => n.Name == name);
        if (existing is not null)
        {
            if (Cidrs(existing).Contains(cidr)) return null;
            // The subnet's CIDR cannot change in EC2, so a mismatch is a stale network of an earlier subnet id reuse.
            if (!await DeleteIfUnusedAsync(existing.Name, existing.ID, ct))
                return $"Docker network {name} exists with another range ({string.Join(", ", Cidrs(existing))}) and is in use";
            networks = [.. networks.Where(n => n.ID != existing.ID)];
        }

        // Stale networks of deleted subnets (same CIDR, new subnet id) are ours to reclaim when nobody uses them.
        foreach (var stale in networks.Where(n => IsManagedSubnetNetwork(n) && Cidrs(n).Any(c => c.Overlaps(cidr))).ToList())
        {
            if (await DeleteIfUnusedAsync(stale.Name, stale.ID, ct))
                networks = [.. networks.Where(n => n.ID != stale.ID)];
        }

        // Routes are read after any deletion so that the bridges just removed no longer count.
        if (Conflict(cidr, networks, readRoutes(), name) is { } conflict)
        {
            log.LogWarning("Subnet network {Network} ({Cidr}) not created: {Conflict}; its desktops get metadata-only networking (no eth1)", name, cidr, conflict);
            return $"{cidr} {conflict}";
        }

        // The bridge (host side) takes base + 3, one of the addresses AWS reserves, so that base + 1 is free for the VPC
        // router (VpcRouters). Not "internal": Docker's isolation rules for internal networks drop every packet whose
        // destination is outside the subnet, even one bridged to the router, so no subnet could reach another. Desktops
        // still reach the outside world (if at all) through eth0: their default route stays on the management network.
        await CreateNetworkAsync(name, new IPAM { Config = [new IPAMConfig { Subnet = cidr.ToString(), Gateway = Ipv4Cidr.ToAddress(cidr.Network + 3).ToString() }] },
            DockerNames.RoleSubnetNetwork, @internal: false, ct);
        log.LogInformation("Created Docker network {Network} for subnet range {Cidr}", name, cidr);
        return null;
    }

    private async Task CreateNetworkAsync(string name, IPAM? ipam, string role, bool @internal, CancellationToken ct)
    {
        try
        {
            await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "bridge",
                CheckDuplicate = true,
                Internal = @internal,
                IPAM = ipam,
                Labels = new Dictionary<string, string>
                {
                    [DockerNames.LabelManaged] = "true",
                    [DockerNames.LabelRole] = role,
                },
            }, ct);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Another emulator on the same engine created it first: the same name means the same purpose.
        }
    }

    private async Task<bool> DeleteIfUnusedAsync(string name, string id, CancellationToken ct)
    {
        lock (_inFlight)
        {
            if (_inFlight.GetValueOrDefault(name) > 0) return false;
        }
        try
        {
            var inspected = await docker.Networks.InspectNetworkAsync(id, ct);
            // The VPC router does not keep a subnet network alive: it is taken off first.
            if (inspected.Containers is { Count: > 0 } && inspected.Containers.Values.Any(c => !VpcRouters.IsRouter(c))) return false;
            if (inspected.Containers is { Count: > 0 }) await routers.DetachFromAsync(inspected, ct);
            await docker.Networks.DeleteNetworkAsync(id, ct);
            lock (_inFlight) _ready.Remove(name);
            log.LogInformation("Deleted unused Docker network {Network}", name);
            return true;
        }
        catch (DockerNetworkNotFoundException)
        {
            lock (_inFlight) _ready.Remove(name);
            return true;
        }
        catch (DockerApiException e)
        {
            log.LogDebug("Network {Network} not deleted: {Message}", name, e.Message);
            return false;
        }
    }

    private static bool IsManagedSubnetNetwork(NetworkResponse n) =>
        n.Labels is { } l && l.TryGetValue(DockerNames.LabelRole, out var role) && role == DockerNames.RoleSubnetNetwork;

    private static IEnumerable<Ipv4Cidr> Cidrs(NetworkResponse n) =>
        (n.IPAM?.Config ?? []).Select(c => Ipv4Cidr.TryParse(c.Subnet, out var cidr) ? cidr : (Ipv4Cidr?)null).OfType<Ipv4Cidr>();

    /// <summary>Why a network with this range must not be created, or null. Design §7: never overlap a route of the
    /// host or another Docker network.</summary>
    internal static string? Conflict(Ipv4Cidr cidr, IEnumerable<NetworkResponse> networks, IEnumerable<HostRoute> routes, string ownName)
    {
        foreach (var n in networks)
        {
            if (n.Name == ownName) continue;
            foreach (var c in Cidrs(n))
                if (c.Overlaps(cidr)) return $"overlaps Docker network {n.Name} ({c})";
        }
        foreach (var r in routes)
            if (r.Destination.Overlaps(cidr)) return $"overlaps host route {r.Destination} dev {r.Interface}";
        return null;
    }
}
