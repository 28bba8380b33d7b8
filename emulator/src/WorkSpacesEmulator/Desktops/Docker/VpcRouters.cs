using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using WorkSpacesEmulator.Networking;

namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>A VPC's local route. Each subnet is its own Docker network, so two desktops of one VPC in different
/// subnets cannot reach each other by themselves; AWS's VPC router (the subnet's base + 1 address, which AWS reserves
/// for it) is played by one small container per VPC ("wse-router-&lt;vpcId&gt;": the desktop image running
/// <c>sleep</c>, with NET_ADMIN and <c>net.ipv4.ip_forward=1</c>), attached to every subnet network of the VPC at
/// base + 1. Each desktop gets the route "VPC CIDR via base + 1 dev eth1" after every start. Different VPCs have
/// different routers and no route between them, so they stay apart. Routing is best effort: a failure is logged and
/// the desktop keeps its same-subnet connectivity.</summary>
internal sealed class VpcRouters(DockerClient docker, EmulatorOptions options, ILogger log)
{
    public const string RoleRouter = "vpc-router";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static string Name(string vpcId) => DockerNames.Prefix + "router-" + vpcId;

    /// <summary>The router address of a subnet (base + 1), or null when the subnet network's gateway already holds it
    /// (networks created before routing existed) so no router can take it.</summary>
    public static string RouterAddress(Ipv4Cidr subnet) => subnet.Gateway.ToString();

    /// <summary>Makes sure the VPC's router runs and is on <paramref name="network"/> at the subnet's base + 1.</summary>
    public async Task<string?> EnsureOnAsync(DesktopSpec spec, string network, string image, CancellationToken ct)
    {
        if (spec.VpcId is not { Length: > 0 } vpcId || !Ipv4Cidr.TryParse(spec.SubnetCidr, out var subnet)) return "no VPC";
        var address = RouterAddress(subnet);
        await _gate.WaitAsync(ct);
        try
        {
            var inspected = await docker.Networks.InspectNetworkAsync(network, ct);
            if (inspected.IPAM?.Config?.Any(c => c.Gateway == address) == true)
                return $"network {network} was created with gateway {address} (before VPC routing); recreate the subnet's desktops to route";
            var name = Name(vpcId);
            ContainerInspectResponse? router = null;
            try { router = await docker.Containers.InspectContainerAsync(name, ct); }
            catch (DockerContainerNotFoundException) { }
            if (router is null)
            {
                await docker.Containers.CreateContainerAsync(new CreateContainerParameters
                {
                    Name = name,
                    Image = image,
                    Entrypoint = ["/bin/sleep", "2147483647"],
                    Labels = new Dictionary<string, string>
                    {
                        [DockerNames.LabelManaged] = "true",
                        [DockerNames.LabelInstance] = options.DesktopInstance,
                        [DockerNames.LabelRole] = RoleRouter,
                        ["workspaces-emulator.vpc-id"] = vpcId,
                    },
                    HostConfig = new HostConfig
                    {
                        NetworkMode = network,
                        CapAdd = ["NET_ADMIN"],
                        Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
                        RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
                        Memory = 16 * 1024 * 1024,
                    },
                    NetworkingConfig = new NetworkingConfig
                    {
                        EndpointsConfig = new Dictionary<string, EndpointSettings>
                        {
                            [network] = new() { IPAMConfig = new EndpointIPAMConfig { IPv4Address = address } },
                        },
                    },
                }, ct);
                await docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), ct);
                log.LogInformation("Started VPC router {Router} on {Network} at {Address}", name, network, address);
                return null;
            }
            if (router.NetworkSettings?.Networks?.ContainsKey(network) != true)
            {
                await docker.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters
                {
                    Container = name,
                    EndpointConfig = new EndpointSettings { IPAMConfig = new EndpointIPAMConfig { IPv4Address = address } },
                }, ct);
                log.LogInformation("Connected VPC router {Router} to {Network} at {Address}", name, network, address);
            }
            if (router.State?.Running != true) await docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), ct);
            return null;
        }
        catch (DockerApiException e)
        {
            log.LogWarning("VPC router for {Vpc} on {Network} not ready: {Message}", vpcId, network, e.Message);
            return e.Message;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Private address space (RFC 1918). A desktop reaches private addresses only inside its own VPC.</summary>
    public static readonly string[] PrivateBlocks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

    /// <summary>The routes a desktop gets after every start: the VPC's local route via the router, and a blackhole
    /// for the rest of the private address space, so that other VPCs stay unreachable even where the engine's own
    /// bridge isolation does not hold (the default route leaves through the management network and the host, which
    /// forwards between its bridges unless Docker's isolation rules drop the packet). Connected routes (management
    /// network, own subnet) and the VPC route are more specific and win; public addresses keep the default route.</summary>
    public static string RouteScript(string vpcCidr, string router) =>
        $"ip route replace {vpcCidr} via {router} dev eth1 && for b in {string.Join(' ', PrivateBlocks)}; do ip route replace blackhole $b || exit 1; done";

    /// <summary>Adds the VPC's routes to a started desktop (routes do not survive a container restart).</summary>
    public async Task AddLocalRouteAsync(string container, DesktopSpec spec, CancellationToken ct)
    {
        if (spec.VpcCidr is not { Length: > 0 } vpcCidr || !Ipv4Cidr.TryParse(spec.SubnetCidr, out var subnet)) return;
        try
        {
            var exec = await docker.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
            {
                Cmd = ["/bin/sh", "-c", RouteScript(vpcCidr, RouterAddress(subnet))],
                AttachStdout = true,
                AttachStderr = true,
            }, ct);
            using (var stream = await docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false, ct))
                await stream.ReadOutputToEndAsync(ct);
            var result = await docker.Exec.InspectContainerExecAsync(exec.ID, ct);
            if (result.ExitCode != 0) log.LogWarning("Route {Cidr} in {Container} not added (exit {Code})", vpcCidr, container, result.ExitCode);
        }
        catch (DockerApiException e)
        {
            log.LogWarning("Route {Cidr} in {Container} not added: {Message}", vpcCidr, container, e.Message);
        }
    }

    /// <summary>Takes the router off a subnet network about to be deleted, and removes a router left on no network.</summary>
    public async Task DetachFromAsync(NetworkResponse network, CancellationToken ct)
    {
        foreach (var (id, endpoint) in network.Containers ?? new Dictionary<string, EndpointResource>())
        {
            if (!endpoint.Name.StartsWith(DockerNames.Prefix + "router-", StringComparison.Ordinal)) continue;
            try
            {
                await docker.Networks.DisconnectNetworkAsync(network.ID, new NetworkDisconnectParameters { Container = id, Force = true }, ct);
                var router = await docker.Containers.InspectContainerAsync(id, ct);
                if (router.NetworkSettings?.Networks is not { Count: > 0 })
                    await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, ct);
            }
            catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict) { }
        }
    }

    public static bool IsRouter(EndpointResource endpoint) => endpoint.Name.StartsWith(DockerNames.Prefix + "router-", StringComparison.Ordinal);
}
