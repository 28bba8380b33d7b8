using WorkSpacesEmulator.Networking;
using System.Collections.Concurrent;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>Desktops as Docker containers (design §7): one container "wse-&lt;workspaceId&gt;" per WorkSpace, eth0 on the
/// management network, eth1 on the network of its VPC subnet with the WorkSpace's own address, streaming ports and
/// the agent's HTTP port published on 127.0.0.1, and the user's home on a named volume that outlives the container.
/// Called only by the reconciler; methods serialise per WorkSpace and never throw for an engine or image problem
/// where they can report it in DesktopStatus.Detail instead.</summary>
public sealed class DockerDesktopRuntime : IDesktopRuntime, IDisposable
{
    public const string PcoipPort = "4172/tcp";
    public const string WspPort = "4195/tcp";
    public const string AgentPort = "8080/tcp";

    /// <summary>Docker Engine 20.10 (Debian's docker.io) speaks API 1.41; newer engines still accept it.</summary>
    public static readonly System.Version ApiVersion = new(1, 41);

    private readonly EmulatorOptions _options;
    private readonly ILogger _log;
    private readonly DockerClient _docker;
    private readonly DesktopNetworks _networks;
    private readonly VpcRouters _routers;
    private readonly SecurityGroupFirewall _firewall;
    private readonly HttpClient _http;
    private readonly KeyedGate _locks = new();
    // The last failure of StartAsync per WorkSpace, so GetAsync can tell the reconciler why there is no container.
    private readonly ConcurrentDictionary<string, string> _startProblems = new(StringComparer.Ordinal);
    // eth1 connection failures that happened after the container was created (its labels cannot change any more).
    private readonly ConcurrentDictionary<string, string> _eth1Problems = new(StringComparer.Ordinal);
    private int _engineCpus;

    public DockerDesktopRuntime(EmulatorOptions options, ILogger<DockerDesktopRuntime> log, string reason, Func<IReadOnlyList<HostRoute>>? hostRoutes = null)
    {
        _options = options;
        _log = log;
        Reason = reason;
        Endpoint = NormaliseEndpoint(options.DockerSocket);
        _docker = CreateClient(Endpoint, TimeSpan.FromSeconds(60));
        _routers = new VpcRouters(_docker, options, log);
        _firewall = new SecurityGroupFirewall(_docker, log);
        _networks = new DesktopNetworks(_docker, options, log, hostRoutes ?? (() => HostRoutes.Read()), _routers);
        // The agent answers at once or not at all; a short timeout keeps GetAsync cheap for the polling reconciler.
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = TimeSpan.FromSeconds(2),
        };
    }

    public string Name => "docker";
    public string Reason { get; }

    /// <summary>The engine client and the network manager, shared with the domain-controller runtime so that both
    /// serialise their changes to the same subnet networks.</summary>
    internal DockerClient Client => _docker;
    internal DesktopNetworks Networks => _networks;

    /// <summary>The engine endpoint in use, e.g. unix:///var/run/docker.sock.</summary>
    public string Endpoint { get; }

    public static string NormaliseEndpoint(string socket) =>
        socket.StartsWith('/') ? "unix://" + socket : socket;

    internal static DockerClient CreateClient(string endpoint, TimeSpan timeout) =>
        new DockerClientConfiguration(new Uri(endpoint), null, timeout).CreateClient(ApiVersion);

    /// <summary>Asks the engine for its version within `timeout`: (true, "engine 20.10.24 (API 1.41)") or (false, why).</summary>
    public static async Task<(bool Answered, string Description)> PingAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var endpoint = NormaliseEndpoint(socket);
        try
        {
            using var client = CreateClient(endpoint, timeout);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            var version = await client.System.GetVersionAsync(cts.Token);
            return (true, $"engine {version.Version} (API {version.APIVersion})");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (false, e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : Innermost(e).Message);
        }
    }

    public async Task<DesktopStatus> StartAsync(DesktopSpec spec, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(spec.WorkspaceId, cancellationToken);
        return await GuardAsync(spec.WorkspaceId, async () =>
        {
            var container = await InspectAsync(spec.WorkspaceId, cancellationToken) ?? await CreateAsync(spec, cancellationToken);
            if (!container.State.Running) await StartContainerAsync(spec, container, cancellationToken);
            _startProblems.TryRemove(spec.WorkspaceId, out string? _);
            return await StatusAsync(spec.WorkspaceId, cancellationToken);
        }, cancellationToken);
    }

    public async Task StopAsync(string workspaceId, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(workspaceId, cancellationToken);
        try
        {
            // The agent exits on SIGTERM at once; the grace period only matters for a real distro image.
            await _docker.Containers.StopContainerAsync(DockerNames.Container(workspaceId),
                new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone: stopped is what was asked for.
        }
        catch (Exception e) when (IsEngineUnreachable(e, cancellationToken))
        {
            throw new InvalidOperationException(Unreachable(e), e);
        }
    }

    public async Task<DesktopStatus> RebootAsync(DesktopSpec spec, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(spec.WorkspaceId, cancellationToken);
        return await GuardAsync(spec.WorkspaceId, async () =>
        {
            var container = await InspectAsync(spec.WorkspaceId, cancellationToken);
            if (container is null)
            {
                // Removed behind our back: reboot heals by recreating (the user volume is still there if it was).
                container = await CreateAsync(spec, cancellationToken);
                await StartContainerAsync(spec, container, cancellationToken);
            }
            else
            {
                try
                {
                    await _docker.Containers.RestartContainerAsync(container.ID,
                        new ContainerRestartParameters { WaitBeforeKillSeconds = 10 }, cancellationToken);
                }
                catch (DockerApiException e)
                {
                    _log.LogWarning("Restarting {Container} failed ({Message}); recreating it", container.Name, Body(e));
                    _networks.ForgetAll();
                    await RecreateAsync(spec, cancellationToken);
                }
            }
            _startProblems.TryRemove(spec.WorkspaceId, out string? _);
            return await StatusAsync(spec.WorkspaceId, cancellationToken);
        }, cancellationToken);
    }

    public async Task<DesktopStatus> RebuildAsync(DesktopSpec spec, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(spec.WorkspaceId, cancellationToken);
        return await GuardAsync(spec.WorkspaceId, async () =>
        {
            await RecreateAsync(spec, cancellationToken);
            _startProblems.TryRemove(spec.WorkspaceId, out string? _);
            return await StatusAsync(spec.WorkspaceId, cancellationToken);
        }, cancellationToken);
    }

    public async Task RemoveAsync(string workspaceId, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(workspaceId, cancellationToken);
        try
        {
            var container = await InspectAsync(workspaceId, cancellationToken);
            await RemoveContainerAsync(DockerNames.Container(workspaceId), cancellationToken);
            await RemoveVolumeAsync(DockerNames.UserVolume(workspaceId), cancellationToken);
            await RemoveVolumeAsync(DockerNames.SnapshotVolume(workspaceId), cancellationToken);
            _startProblems.TryRemove(workspaceId, out string? _);
            _eth1Problems.TryRemove(workspaceId, out string? _);
            // Free the subnet's range once its last desktop is gone, so a later VPC with the same CIDR can have it.
            if (container?.Config.Labels?.TryGetValue(DockerNames.LabelSubnetId, out var subnetId) == true && subnetId.Length > 0)
                await _networks.RemoveUnusedSubnetNetworksAsync([DockerNames.SubnetNetwork(subnetId)], cancellationToken);
        }
        catch (Exception e) when (IsEngineUnreachable(e, cancellationToken))
        {
            throw new InvalidOperationException(Unreachable(e), e);
        }
    }

    public async Task<DesktopStatus?> GetAsync(string workspaceId, CancellationToken cancellationToken)
    {
        try
        {
            var status = await StatusAsync(workspaceId, cancellationToken);
            if (status is not null) return status;
            return _startProblems.TryGetValue(workspaceId, out var problem) ? Failed(workspaceId, problem) : null;
        }
        catch (Exception e) when (IsEngineUnreachable(e, cancellationToken))
        {
            // Not null: "no desktop" would make the caller recreate it; the desktop may well be fine once the engine is back.
            return Failed(workspaceId, Unreachable(e)) with { RuntimeUnavailable = true };
        }
    }

    public Task<string?> ApplyIngressAsync(string workspaceId, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken) =>
        _firewall.ApplyAsync(DockerNames.Container(workspaceId), rules, cancellationToken);

    public async Task<DesktopStatus?> UpdateResourcesAsync(DesktopSpec spec, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(spec.WorkspaceId, cancellationToken);
        try
        {
            var resources = await ResourcesAsync(spec.ComputeType, cancellationToken);
            await _docker.Containers.UpdateContainerAsync(DockerNames.Container(spec.WorkspaceId), new ContainerUpdateParameters
            {
                NanoCPUs = resources.NanoCpus,
                Memory = resources.MemoryBytes,
                MemorySwap = resources.MemoryBytes * 2,
            }, cancellationToken);
            _log.LogInformation("Desktop {WorkspaceId} resized to {ComputeType}: {Cpus} CPU, {Memory} MiB",
                spec.WorkspaceId, spec.ComputeType, resources.Cpus, resources.MemoryMiB);
            return await StatusAsync(spec.WorkspaceId, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (IsEngineUnreachable(e, cancellationToken))
        {
            return Failed(spec.WorkspaceId, Unreachable(e));
        }
    }

    public async Task<bool> SnapshotAsync(string workspaceId, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(workspaceId, cancellationToken);
        try
        {
            var volumes = await ListVolumesAsync(workspaceId, cancellationToken);
            var user = DockerNames.UserVolume(workspaceId);
            var account = volumes.FirstOrDefault(v => v.Name == user);
            if (account is null) return false;
            var snapshot = DockerNames.SnapshotVolume(workspaceId);
            if (volumes.All(v => v.Name != snapshot))
                await CreateVolumeAsync(snapshot, workspaceId, Label(account.Labels, DockerNames.LabelAccount),
                    Label(account.Labels, DockerNames.LabelRegion), DockerNames.RoleSnapshot, cancellationToken);
            await CopyVolumeAsync(workspaceId, user, snapshot, cancellationToken);
            _log.LogInformation("Snapshot of {WorkspaceId}'s user volume taken", workspaceId);
            return true;
        }
        catch (Exception e) when (IsEngineUnreachable(e, cancellationToken))
        {
            throw new InvalidOperationException(Unreachable(e), e);
        }
    }

    public async Task<DesktopStatus> RestoreAsync(DesktopSpec spec, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(spec.WorkspaceId, cancellationToken);
        return await GuardAsync(spec.WorkspaceId, async () =>
        {
            var volumes = await ListVolumesAsync(spec.WorkspaceId, cancellationToken);
            var hasSnapshot = volumes.Any(v => v.Name == DockerNames.SnapshotVolume(spec.WorkspaceId));
            // The desktop must not write to the volume while it is rolled back.
            await RemoveContainerAsync(DockerNames.Container(spec.WorkspaceId), cancellationToken);
            if (hasSnapshot)
            {
                if (volumes.All(v => v.Name != DockerNames.UserVolume(spec.WorkspaceId)))
                    await CreateVolumeAsync(DockerNames.UserVolume(spec.WorkspaceId), spec.WorkspaceId, spec.Account, spec.Region, DockerNames.RoleUserVolume, cancellationToken);
                await CopyVolumeAsync(spec.WorkspaceId, DockerNames.SnapshotVolume(spec.WorkspaceId), DockerNames.UserVolume(spec.WorkspaceId), cancellationToken);
            }
            var container = await CreateAsync(spec, cancellationToken);
            await StartContainerAsync(spec, container, cancellationToken);
            _startProblems.TryRemove(spec.WorkspaceId, out string? _);
            var status = await StatusAsync(spec.WorkspaceId, cancellationToken);
            return hasSnapshot || status is null ? status : status with { Detail = "no snapshot to restore: rebuilt with the current user volume; " + status.Detail };
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ManagedDesktop>> ListManagedAsync(CancellationToken cancellationToken)
    {
        var containers = await ListContainersAsync(cancellationToken);
        var volumes = await ListVolumesAsync(null, cancellationToken);
        var desktops = new Dictionary<string, ManagedDesktop>(StringComparer.Ordinal);
        foreach (var c in containers.Where(c => Label(c.Labels, DockerNames.LabelRole) == DockerNames.RoleDesktop))
        {
            var id = Label(c.Labels, DockerNames.LabelWorkspaceId);
            if (id is null) continue;
            desktops[id] = new ManagedDesktop(id, Label(c.Labels, DockerNames.LabelAccount), Label(c.Labels, DockerNames.LabelRegion),
                c.ID, c.State == "running", []);
        }
        foreach (var group in volumes.GroupBy(v => Label(v.Labels, DockerNames.LabelWorkspaceId)))
        {
            if (group.Key is null) continue;
            var names = group.Select(v => v.Name).Order(StringComparer.Ordinal).ToList();
            var first = group.First();
            desktops[group.Key] = desktops.TryGetValue(group.Key, out var d)
                ? d with { Volumes = names }
                : new ManagedDesktop(group.Key, Label(first.Labels, DockerNames.LabelAccount), Label(first.Labels, DockerNames.LabelRegion), null, false, names);
        }
        return [.. desktops.Values.OrderBy(d => d.WorkspaceId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlySet<string> liveWorkspaceIds, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        var subnetNetworks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in await ListContainersAsync(cancellationToken))
        {
            var id = Label(c.Labels, DockerNames.LabelWorkspaceId);
            if (id is null || liveWorkspaceIds.Contains(id)) continue;
            if (Label(c.Labels, DockerNames.LabelSubnetId) is { Length: > 0 } subnet) subnetNetworks.Add(DockerNames.SubnetNetwork(subnet));
            await RemoveContainerAsync(c.ID, cancellationToken);
            removed.Add(c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID);
        }
        foreach (var v in await ListVolumesAsync(null, cancellationToken))
        {
            var id = Label(v.Labels, DockerNames.LabelWorkspaceId);
            if (id is null || liveWorkspaceIds.Contains(id)) continue;
            await RemoveVolumeAsync(v.Name, cancellationToken);
            removed.Add(v.Name);
        }
        if (subnetNetworks.Count > 0)
            removed.AddRange(await _networks.RemoveUnusedSubnetNetworksAsync(subnetNetworks, cancellationToken));
        if (removed.Count > 0) _log.LogInformation("Removed orphaned desktop resources: {Removed}", string.Join(", ", removed));
        return removed;
    }

    public void Dispose()
    {
        _docker.Dispose();
        _http.Dispose();
    }

    // ---- containers -------------------------------------------------------------------------------------------

    private async Task<ContainerInspectResponse> CreateAsync(DesktopSpec spec, CancellationToken ct)
    {
        var image = await ImageForAsync(spec, ct);
        await _networks.EnsureManagementAsync(ct);
        var resources = await ResourcesAsync(spec.ComputeType, ct);
        var userVolume = DockerNames.UserVolume(spec.WorkspaceId);
        var volumes = await ListVolumesAsync(spec.WorkspaceId, ct);
        if (volumes.All(v => v.Name != userVolume))
            await CreateVolumeAsync(userVolume, spec.WorkspaceId, spec.Account, spec.Region, DockerNames.RoleUserVolume, ct);

        var attachment = await _networks.AcquireSubnetAsync(spec, ct);
        try
        {
            var name = DockerNames.Container(spec.WorkspaceId);
            var ports = new List<string> { AgentPort };
            foreach (var protocol in spec.StreamingProtocols)
                ports.Add(protocol == "WSP" ? WspPort : PcoipPort);
            var labels = Labels(spec.WorkspaceId, spec.Account, spec.Region, DockerNames.RoleDesktop);
            labels[DockerNames.LabelSubnetId] = spec.SubnetId;
            labels[DockerNames.LabelIpAddress] = spec.IpAddress;
            labels[DockerNames.LabelImage] = image;
            labels[DockerNames.LabelEth1] = attachment.Reason is null ? "connected" : "metadata-only: " + attachment.Reason;
            var home = "/home/" + DockerNames.HomeUser(spec.UserName);
            try
            {
                await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
                {
                    Name = name,
                    Image = image,
                    Hostname = DockerNames.HostName(spec.ComputerName, spec.WorkspaceId),
                    Env =
                    [
                        "WORKSPACE_ID=" + spec.WorkspaceId,
                        "WORKSPACE_USER=" + spec.UserName,
                        "COMPUTER_NAME=" + spec.ComputerName,
                        "DIRECTORY_ID=" + spec.DirectoryId,
                    ],
                    Labels = labels,
                    ExposedPorts = ports.ToDictionary(p => p, _ => new EmptyStruct()),
                    HostConfig = new HostConfig
                    {
                        // Host ports chosen by Docker, on loopback only: nothing outside this machine reaches a desktop.
                        PortBindings = ports.ToDictionary(p => p, _ => (IList<PortBinding>)[new PortBinding { HostIP = "127.0.0.1", HostPort = "" }]),
                        Mounts = [new Mount { Type = "volume", Source = userVolume, Target = home }],
                        NanoCPUs = resources.NanoCpus,
                        Memory = resources.MemoryBytes,
                        MemorySwap = resources.MemoryBytes * 2,
                        NetworkMode = _networks.ManagementNetwork,
                        // A domain-joined desktop resolves through its directory's DCs (Docker's embedded DNS forwards to them).
                        DNS = spec.DnsServers is { Count: > 0 } dns ? [.. dns] : null,
                        DNSSearch = spec.DnsDomain is { Length: > 0 } domain ? [domain] : null,
                        // NET_ADMIN lets the runtime add the VPC's local route to eth1 (VpcRouters).
                        CapAdd = ["NET_ADMIN"],
                        // No restart policy: a desktop that dies must be seen as UNHEALTHY by the reconciler, as in AWS.
                        RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
                    },
                    NetworkingConfig = new NetworkingConfig
                    {
                        EndpointsConfig = new Dictionary<string, EndpointSettings> { [_networks.ManagementNetwork] = new() },
                    },
                }, ct);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // The image was just checked, so what is missing is the management network (pruned behind our back).
                _networks.ForgetManagement();
                throw;
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                // Created meanwhile (another emulator process, or a retry after a timeout): adopt it.
                if (await InspectAsync(spec.WorkspaceId, ct) is { } existing) return existing;
                throw;
            }

            _eth1Problems.TryRemove(spec.WorkspaceId, out string? _);
            if (attachment.Network is { } network)
            {
                // Connected before the first start: on every start Docker 20.10 attaches networks in name order, and
                // "wse-mgmt" sorts first, so eth0 = management and eth1 = subnet on the first start and every restart.
                try
                {
                    await ConnectAsync(network, name, spec.IpAddress, ct);
                    await _routers.EnsureOnAsync(spec, network, image, ct);
                }
                catch (DockerNetworkNotFoundException)
                {
                    // Deleted outside the emulator since we last saw it: prepare it afresh, once.
                    _networks.Forget(network);
                    _networks.Release(network);
                    attachment = await _networks.AcquireSubnetAsync(spec, ct);
                    if (attachment.Network is { } again)
                    {
                        try
                        {
                            await ConnectAsync(again, name, spec.IpAddress, ct);
                        }
                        catch (DockerApiException e)
                        {
                            _eth1Problems[spec.WorkspaceId] = $"connecting to {again} with {spec.IpAddress} failed: {Body(e)}";
                        }
                    }
                    else _eth1Problems[spec.WorkspaceId] = attachment.Reason ?? "subnet network unavailable";
                }
                catch (DockerApiException e)
                {
                    var why = $"connecting to {network} with {spec.IpAddress} failed: {Body(e)}";
                    _eth1Problems[spec.WorkspaceId] = why;
                    _log.LogWarning("Desktop {WorkspaceId} gets metadata-only networking: {Why}", spec.WorkspaceId, why);
                }
            }
            _log.LogInformation("Created desktop container {Container} ({Image}, {Cpus} CPU, {Memory} MiB, eth1 {Eth1})",
                name, image, resources.Cpus, resources.MemoryMiB, attachment.Network is null ? "none: " + attachment.Reason : spec.IpAddress);
            return await InspectAsync(spec.WorkspaceId, ct) ?? throw new InvalidOperationException($"container {name} vanished right after being created");
        }
        finally
        {
            if (attachment.Network is { } network) _networks.Release(network);
        }
    }

    private Task ConnectAsync(string network, string container, string ipAddress, CancellationToken ct) =>
        _docker.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters
        {
            Container = container,
            EndpointConfig = new EndpointSettings { IPAMConfig = new EndpointIPAMConfig { IPv4Address = ipAddress } },
        }, ct);

    private async Task StartContainerAsync(DesktopSpec spec, ContainerInspectResponse container, CancellationToken ct)
    {
        try
        {
            await _docker.Containers.StartContainerAsync(container.ID, new ContainerStartParameters(), ct);
            await _routers.AddLocalRouteAsync(container.ID, spec, ct);
        }
        catch (DockerApiException e)
        {
            // Typically a network deleted outside the emulator (the engine answers 404, which Docker.DotNet reports as
            // "container not found"); a fresh container re-creates what it needs, and the user volume is kept.
            _log.LogWarning("Starting {Container} failed ({Message}); recreating it", container.Name, Body(e));
            // A network connected to a stopped container is not checked by the engine until start, so the cache
            // of known networks cannot be trusted either.
            _networks.ForgetAll();
            await RecreateAsync(spec, ct);
        }
    }

    private async Task RecreateAsync(DesktopSpec spec, CancellationToken ct)
    {
        await RemoveContainerAsync(DockerNames.Container(spec.WorkspaceId), ct);
        var fresh = await CreateAsync(spec, ct);
        await _docker.Containers.StartContainerAsync(fresh.ID, new ContainerStartParameters(), ct);
        await _routers.AddLocalRouteAsync(fresh.ID, spec, ct);
    }

    private Task RemoveContainerAsync(string nameOrId, CancellationToken ct) => DockerCommon.RemoveContainerAsync(_docker, nameOrId, ct);

    private async Task<ContainerInspectResponse?> InspectAsync(string workspaceId, CancellationToken ct)
    {
        try
        {
            return await _docker.Containers.InspectContainerAsync(DockerNames.Container(workspaceId), ct);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    private async Task<IList<ContainerListResponse>> ListContainersAsync(CancellationToken ct) =>
        await _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = InstanceFilter() }, ct);

    // ---- status -----------------------------------------------------------------------------------------------

    private async Task<DesktopStatus?> StatusAsync(string workspaceId, CancellationToken ct)
    {
        var c = await InspectAsync(workspaceId, ct);
        if (c is null) return null;
        var running = c.State.Running;
        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        var ports = c.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>();
        foreach (var (key, port) in new[] { ("PCOIP", PcoipPort), ("WSP", WspPort), ("agent", AgentPort) })
        {
            if (ports.TryGetValue(port, out var bindings) && bindings?.FirstOrDefault(b => b.HostPort is { Length: > 0 }) is { } b)
                endpoints[key] = $"127.0.0.1:{b.HostPort}";
        }

        var details = new List<string>();
        var healthy = false;
        if (!running)
        {
            details.Add($"container {c.State.Status} (exit code {c.State.ExitCode}{(c.State.OOMKilled ? ", out of memory" : "")}{(string.IsNullOrEmpty(c.State.Error) ? "" : ", " + c.State.Error)})");
        }
        else if (Label(c.Config.Labels, DockerNames.LabelImage) is { } image && image != _options.DesktopImage
            && Label(c.Config.Labels, DesktopImageSelection.AgentLabel) is null)
        {
            // A real distro image has no agent: running is all that can be known.
            healthy = true;
        }
        else if (!endpoints.TryGetValue("agent", out var agent))
        {
            details.Add("agent port 8080 is not published");
        }
        else
        {
            try
            {
                using var response = await _http.GetAsync($"http://{agent}/health", ct);
                healthy = response.IsSuccessStatusCode;
                if (!healthy) details.Add($"agent at {agent} answered /health with {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                details.Add($"agent at {agent} did not answer /health yet");
            }
        }

        var networks = c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>();
        if (networks.TryGetValue(DockerNames.ManagementNetwork, out var eth0) && eth0.IPAddress is { Length: > 0 })
            details.Add($"eth0 {eth0.IPAddress} ({DockerNames.ManagementNetwork})");
        var subnetId = Label(c.Config.Labels, DockerNames.LabelSubnetId);
        var subnetNetwork = subnetId is null ? null : DockerNames.SubnetNetwork(subnetId);
        if (subnetNetwork is not null && networks.TryGetValue(subnetNetwork, out var eth1))
            details.Add($"eth1 {(eth1.IPAMConfig?.IPv4Address is { Length: > 0 } ip ? ip : eth1.IPAddress)} ({subnetNetwork})");
        else
        {
            var why = _eth1Problems.GetValueOrDefault(workspaceId)
                ?? (Label(c.Config.Labels, DockerNames.LabelEth1) is { } l && l != "connected" ? l : $"not connected to {subnetNetwork}");
            details.Add("eth1 metadata-only: " + why.Replace("metadata-only: ", "", StringComparison.Ordinal));
        }

        return new DesktopStatus(workspaceId, Name, c.ID, running, healthy, endpoints, string.Join("; ", details))
        {
            Image = Label(c.Config.Labels, DockerNames.LabelImage) ?? c.Config.Image,
            StreamType = Label(c.Config.Labels, DesktopImageSelection.StreamLabel) ?? DesktopImageSelection.Console,
        };
    }

    private DesktopStatus Failed(string workspaceId, string problem) =>
        new(workspaceId, Name, null, false, false, new Dictionary<string, string>(), problem);

    // Runs a lifecycle step, turning engine/image/API failures into a status the reconciler can show.
    private async Task<DesktopStatus> GuardAsync(string workspaceId, Func<Task<DesktopStatus?>> step, CancellationToken ct)
    {
        try
        {
            return await step() ?? Failed(workspaceId, "the container disappeared while starting");
        }
        catch (Exception e) when (Problem(e, ct) is { } problem)
        {
            _startProblems[workspaceId] = problem;
            _log.LogWarning("Desktop {WorkspaceId}: {Problem}", workspaceId, problem);
            return Failed(workspaceId, problem);
        }
    }

    private string? Problem(Exception e, CancellationToken ct) => e switch
    {
        DesktopImageMissingException m => m.Message,
        DockerApiException api => $"Docker engine refused: {Body(api)}",
        _ when IsEngineUnreachable(e, ct) => Unreachable(e),
        _ => null,
    };

    private string Unreachable(Exception e) => $"Docker engine unreachable at {Endpoint}: {Innermost(e).Message}";

    private static bool IsEngineUnreachable(Exception e, CancellationToken ct) => DockerCommon.IsEngineUnreachable(e, ct);

    private static Exception Innermost(Exception e) => DockerCommon.Innermost(e);

    private static string Body(DockerApiException e) => DockerCommon.Body(e);

    // ---- volumes ----------------------------------------------------------------------------------------------

    private async Task CreateVolumeAsync(string name, string workspaceId, string? account, string? region, string role, CancellationToken ct) =>
        await _docker.Volumes.CreateAsync(new VolumesCreateParameters
        {
            Name = name,
            Labels = Labels(workspaceId, account, region, role),
        }, ct);

    private Task RemoveVolumeAsync(string name, CancellationToken ct) => DockerCommon.RemoveVolumeAsync(_docker, name, ct);

    private async Task<IList<VolumeResponse>> ListVolumesAsync(string? workspaceId, CancellationToken ct)
    {
        var filters = InstanceFilter();
        if (workspaceId is not null) filters["label"][$"{DockerNames.LabelWorkspaceId}={workspaceId}"] = true;
        var response = await _docker.Volumes.ListAsync(new VolumesListParameters { Filters = filters }, ct);
        return response.Volumes ?? [];
    }

    /// <summary>Copies one volume's content over another's with the desktop image (the one image we know is present).</summary>
    private Task CopyVolumeAsync(string workspaceId, string from, string to, CancellationToken ct) =>
        DockerCommon.CopyVolumeAsync(_docker, _options.DesktopImage, DockerNames.Container(workspaceId),
            Labels(workspaceId, null, null, DockerNames.RoleHelper), from, to, ct);

    // ---- helpers ----------------------------------------------------------------------------------------------

    /// <summary>The image of <see cref="DesktopImageSelection"/>, or its fallback when that is not in the engine.</summary>
    private async Task<string> ImageForAsync(DesktopSpec spec, CancellationToken ct)
    {
        var choice = DesktopImageSelection.For(_options, spec);
        if (await ImagePresentAsync(choice.Image, ct)) return choice.Image;
        if (choice.Fallback is { } fallback && await ImagePresentAsync(fallback, ct)) return fallback;
        throw new DesktopImageMissingException(choice.Fallback ?? choice.Image);
    }

    private async Task<bool> ImagePresentAsync(string image, CancellationToken ct)
    {
        try
        {
            await _docker.Images.InspectImageAsync(image, ct);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    private async Task<ContainerResources> ResourcesAsync(string computeType, CancellationToken ct)
    {
        if (_engineCpus == 0)
        {
            var info = await _docker.System.GetSystemInfoAsync(ct);
            _engineCpus = Math.Max(1, (int)info.NCPU);
        }
        return ComputeResources.For(computeType, _options.DesktopResourceScale, _engineCpus);
    }

    private Dictionary<string, string> Labels(string workspaceId, string? account, string? region, string role)
    {
        var labels = DockerCommon.BaseLabels(_options.DesktopInstance, role);
        labels[DockerNames.LabelWorkspaceId] = workspaceId;
        if (account is not null) labels[DockerNames.LabelAccount] = account;
        if (region is not null) labels[DockerNames.LabelRegion] = region;
        return labels;
    }

    private Dictionary<string, IDictionary<string, bool>> InstanceFilter() => DockerCommon.InstanceFilter(_options.DesktopInstance);

    private static string? Label(IDictionary<string, string>? labels, string key) => DockerCommon.Label(labels, key);

    private Task<IDisposable> LockAsync(string workspaceId, CancellationToken ct) => _locks.LockAsync(workspaceId, ct);
}

/// <summary>The desktop image is not in the engine; no image can be pulled here, so say how to build it.</summary>
public sealed class DesktopImageMissingException(string image) : Exception(
    $"desktop image {image} is not in the Docker engine; build it with docker/desktop/build-offline.sh {image} " +
    $"(no registry needed) or `docker build -t {image} docker/desktop`");
