using System.Collections.Concurrent;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using WorkSpacesEmulator.Desktops.Docker;

namespace WorkSpacesEmulator.Directories.Docker;

/// <summary>Domain controllers as containers of the directory image (docker/directory): one container
/// "wse-&lt;directoryId&gt;-dc" per Simple AD / Microsoft AD, eth0 on the management network (where the emulator reaches
/// its LDAP), and one interface on each of the directory's two subnet networks at exactly its two DnsIpAddrs. The
/// domain lives on the named volume "wse-&lt;directoryId&gt;-dc-data" (/var/lib/samba), so a recreated container is the
/// same DC. Networks, labels and clean-up are the desktop runtime's (same engine client, same network manager).</summary>
public sealed class DockerDomainControllers : IDomainControllerRuntime
{
    public const string LdapPort = "389/tcp";
    private const string DataPath = "/var/lib/samba";

    private readonly DockerClient _docker;
    private readonly DesktopNetworks _networks;
    private readonly EmulatorOptions _options;
    private readonly ILogger _log;
    private readonly KeyedGate _locks = new();
    // Why the last EnsureAsync could not create the DC (image missing, subnet unusable), until it can.
    private readonly ConcurrentDictionary<string, string> _lastProblem = new(StringComparer.Ordinal);
    private int _engineCpus;

    internal DockerDomainControllers(DockerDesktopRuntime desktops, EmulatorOptions options, ILogger log, string reason)
    {
        _docker = desktops.Client;
        _networks = desktops.Networks;
        _options = options;
        _log = log;
        Reason = reason;
    }

    public string Name => "docker";
    public bool IsReal => true;
    public string Reason { get; }

    /// <summary>Whether the directory image is in the engine (auto mode falls back to records without it).</summary>
    internal static async Task<bool> ImagePresentAsync(DockerDesktopRuntime desktops, string image, CancellationToken ct)
    {
        try
        {
            await desktops.Client.Images.InspectImageAsync(image, ct);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    public async Task<DomainControllerStatus> EnsureAsync(DomainControllerSpec spec, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(spec.DirectoryId, cancellationToken);
        try
        {
            var container = await InspectAsync(spec.DirectoryId, cancellationToken) ?? await CreateAsync(spec, cancellationToken);
            if (container is null) return Problem(spec.DirectoryId, _lastProblem.GetValueOrDefault(spec.DirectoryId) ?? "not created", failed: true);
            if (!container.State.Running)
                await _docker.Containers.StartContainerAsync(container.ID, new ContainerStartParameters(), cancellationToken);
            return await StatusAsync(spec.DirectoryId, cancellationToken) ?? Problem(spec.DirectoryId, "the container disappeared while starting", failed: true);
        }
        catch (DockerApiException e)
        {
            return Problem(spec.DirectoryId, "Docker engine refused: " + DockerCommon.Body(e), failed: true);
        }
        catch (Exception e) when (DockerCommon.IsEngineUnreachable(e, cancellationToken))
        {
            return Problem(spec.DirectoryId, Unreachable(e)) with { RuntimeUnavailable = true };
        }
    }

    public async Task<DomainControllerStatus?> GetAsync(string directoryId, CancellationToken cancellationToken)
    {
        try
        {
            return await StatusAsync(directoryId, cancellationToken);
        }
        catch (Exception e) when (DockerCommon.IsEngineUnreachable(e, cancellationToken))
        {
            return Problem(directoryId, Unreachable(e)) with { RuntimeUnavailable = true };
        }
    }

    public async Task RemoveAsync(string directoryId, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(directoryId, cancellationToken);
        var container = await InspectAsync(directoryId, cancellationToken);
        await DockerCommon.RemoveContainerAsync(_docker, DockerNames.DomainController(directoryId), cancellationToken);
        foreach (var v in await ListVolumesAsync(directoryId, cancellationToken))
            await DockerCommon.RemoveVolumeAsync(_docker, v.Name, cancellationToken);
        _lastProblem.TryRemove(directoryId, out _);
        var subnets = (DockerCommon.Label(container?.Config.Labels, DockerNames.LabelSubnetId) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(DockerNames.SubnetNetwork).ToList();
        if (subnets.Count > 0) await _networks.RemoveUnusedSubnetNetworksAsync(subnets, cancellationToken);
        _log.LogInformation("Removed domain controller of {DirectoryId}", directoryId);
    }

    public async Task SnapshotAsync(string directoryId, string snapshotId, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(directoryId, cancellationToken);
        var container = await InspectAsync(directoryId, cancellationToken)
            ?? throw new InvalidOperationException($"directory {directoryId} has no domain controller");
        var snapshot = DockerNames.DcSnapshotVolume(directoryId, snapshotId);
        await CreateVolumeAsync(snapshot, directoryId, container.Config.Labels, DockerNames.RoleDcSnapshot, cancellationToken);
        // Paused, the DC writes nothing while its files are copied: the copy is what a crash at that instant would leave,
        // which LDB/TDB (transactional) recover from.
        var paused = container.State.Running;
        if (paused) await _docker.Containers.PauseContainerAsync(container.ID, cancellationToken);
        try
        {
            await CopyAsync(directoryId, DockerNames.DcDataVolume(directoryId), snapshot, cancellationToken);
        }
        finally
        {
            if (paused) await _docker.Containers.UnpauseContainerAsync(container.ID, CancellationToken.None);
        }
        _log.LogInformation("Snapshot {SnapshotId} of domain controller {DirectoryId} taken", snapshotId, directoryId);
    }

    public async Task RestoreAsync(DomainControllerSpec spec, string snapshotId, CancellationToken cancellationToken)
    {
        using (await LockAsync(spec.DirectoryId, cancellationToken))
        {
            var snapshot = DockerNames.DcSnapshotVolume(spec.DirectoryId, snapshotId);
            if ((await ListVolumesAsync(spec.DirectoryId, cancellationToken)).All(v => v.Name != snapshot))
                throw new InvalidOperationException($"snapshot {snapshotId} of {spec.DirectoryId} has no data volume");
            // The DC must not write while its data is rolled back; it is recreated on the restored volume.
            await DockerCommon.RemoveContainerAsync(_docker, DockerNames.DomainController(spec.DirectoryId), cancellationToken);
            await CopyAsync(spec.DirectoryId, snapshot, DockerNames.DcDataVolume(spec.DirectoryId), cancellationToken);
        }
        await EnsureAsync(spec, cancellationToken);
        _log.LogInformation("Domain controller {DirectoryId} restored from {SnapshotId}", spec.DirectoryId, snapshotId);
    }

    public Task DeleteSnapshotAsync(string directoryId, string snapshotId, CancellationToken cancellationToken) =>
        DockerCommon.RemoveVolumeAsync(_docker, DockerNames.DcSnapshotVolume(directoryId, snapshotId), cancellationToken);

    public Task<ExecResult> ExecAsync(string directoryId, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        ExecAsync(directoryId, command, [], cancellationToken);

    public async Task<ExecResult> ExecAsync(string directoryId, IReadOnlyList<string> command, IReadOnlyList<string> environment, CancellationToken cancellationToken)
    {
        var exec = await _docker.Exec.ExecCreateContainerAsync(DockerNames.DomainController(directoryId), new ContainerExecCreateParameters
        {
            Cmd = [.. command],
            Env = [.. environment],
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken);
        using var stream = await _docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false, cancellationToken);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
        var inspect = await _docker.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        return new ExecResult(inspect.ExitCode, stdout, stderr);
    }

    public async Task<IReadOnlyList<string>> ListManagedAsync(CancellationToken cancellationToken) =>
        [.. (await ListContainersAsync(cancellationToken))
            .Select(c => DockerCommon.Label(c.Labels, DockerNames.LabelDirectoryId)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    public async Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlySet<string> liveDirectoryIds, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        var subnets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in await ListContainersAsync(cancellationToken))
        {
            var id = DockerCommon.Label(c.Labels, DockerNames.LabelDirectoryId);
            if (id is null || liveDirectoryIds.Contains(id)) continue;
            foreach (var s in (DockerCommon.Label(c.Labels, DockerNames.LabelSubnetId) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                subnets.Add(DockerNames.SubnetNetwork(s));
            await DockerCommon.RemoveContainerAsync(_docker, c.ID, cancellationToken);
            removed.Add(c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID);
        }
        foreach (var v in await ListVolumesAsync(null, cancellationToken))
        {
            var id = DockerCommon.Label(v.Labels, DockerNames.LabelDirectoryId);
            if (id is null || liveDirectoryIds.Contains(id)) continue;
            await DockerCommon.RemoveVolumeAsync(_docker, v.Name, cancellationToken);
            removed.Add(v.Name);
        }
        if (subnets.Count > 0) removed.AddRange(await _networks.RemoveUnusedSubnetNetworksAsync(subnets, cancellationToken));
        if (removed.Count > 0) _log.LogInformation("Removed orphaned domain-controller resources: {Removed}", string.Join(", ", removed));
        return removed;
    }

    // ---- containers -------------------------------------------------------------------------------------------

    private async Task<ContainerInspectResponse?> CreateAsync(DomainControllerSpec spec, CancellationToken ct)
    {
        var image = _options.DirectoryImage;
        try
        {
            await _docker.Images.InspectImageAsync(image, ct);
        }
        catch (DockerImageNotFoundException)
        {
            _lastProblem[spec.DirectoryId] = $"directory image {image} is not in the Docker engine; build it with docker/directory/build-offline.sh {image} " +
                $"(no registry needed) or `docker build -t {image} docker/directory`";
            return null;
        }
        await _networks.EnsureManagementAsync(ct);
        var attachments = new List<(DcSubnet Subnet, string Network)>();
        try
        {
            var labels = Labels(spec.DirectoryId, spec.Account, spec.Region, DockerNames.RoleDomainController);
            labels[DockerNames.LabelSubnetId] = string.Join(',', spec.Subnets.Select(s => s.SubnetId));
            labels[DockerNames.LabelIpAddress] = string.Join(',', spec.Subnets.Select(s => s.IpAddress));
            labels[DockerNames.LabelImage] = image;
            var volume = DockerNames.DcDataVolume(spec.DirectoryId);
            if ((await ListVolumesAsync(spec.DirectoryId, ct)).All(v => v.Name != volume))
                await CreateVolumeAsync(volume, spec.DirectoryId, labels, DockerNames.RoleDcData, ct);
            var resources = await ResourcesAsync(spec, ct);
            var name = DockerNames.DomainController(spec.DirectoryId);
            var env = new List<string>
            {
                "DC_REALM=" + spec.DnsName,
                "DC_DOMAIN=" + spec.NetBiosName,
                "DC_ADMIN_NAME=" + spec.AdminName,
                "DC_ADMIN_PASSWORD=" + spec.AdminPassword,
                "DC_SERVICE_USER=" + spec.ServiceUser,
                "DC_SERVICE_PASSWORD=" + spec.ServicePassword,
                "DC_HOST_IPS=" + string.Join(' ', spec.Subnets.Select(s => s.IpAddress)),
            };
            // Managed Microsoft AD keeps its users and computers in the directory's own OU (OU=<NetBIOS>).
            if (spec.Type == "MicrosoftAD") env.Add("DC_OU=" + spec.NetBiosName);
            // Trusts (Managed Microsoft AD only) need LSA over SMB (samba-tool domain trust create) and winbind
            // (authentication of a trusted domain's users is passed to its DCs over netlogon).
            if (spec.Type == "MicrosoftAD") env.Add("DC_SERVER_SERVICES=" + TrustedRealms.MicrosoftAdServices);
            var exposed = new Dictionary<string, EmptyStruct>();
            var bindings = new Dictionary<string, IList<PortBinding>>();
            if (_options.DirectoryPublishLdap)
            {
                exposed[LdapPort] = new EmptyStruct();
                bindings[LdapPort] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "" }];
            }
            try
            {
                await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
                {
                    Name = name,
                    Image = image,
                    // The DC's NetBIOS name: at most 15 characters and unlike the domain's.
                    Hostname = HostName(spec.DirectoryId),
                    Env = env,
                    Labels = labels,
                    ExposedPorts = exposed,
                    HostConfig = new HostConfig
                    {
                        PortBindings = bindings,
                        Mounts = [new Mount { Type = "volume", Source = volume, Target = DataPath }],
                        NanoCPUs = resources.NanoCpus,
                        Memory = resources.MemoryBytes,
                        MemorySwap = resources.MemoryBytes * 2,
                        NetworkMode = _networks.ManagementNetwork,
                        RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
                    },
                    NetworkingConfig = new NetworkingConfig
                    {
                        EndpointsConfig = new Dictionary<string, EndpointSettings> { [_networks.ManagementNetwork] = new() },
                    },
                }, ct);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                if (await InspectAsync(spec.DirectoryId, ct) is { } existing) return existing;
                throw;
            }
            // Started before its subnet networks are made and attached (both at once): provisioning needs only
            // DC_HOST_IPS, and the entrypoint waits for those addresses before samba listens, so this overlaps provisioning.
            await _docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), ct);
            foreach (var subnet in spec.Subnets)
            {
                var attachment = await _networks.AcquireSubnetAsync(subnet.SubnetId, subnet.Cidr, subnet.IpAddress, ct);
                if (attachment.Network is null)
                {
                    // A DC that cannot take its DnsIpAddrs would answer nobody on the VPC: fail rather than pretend.
                    _lastProblem[spec.DirectoryId] = $"the domain controller cannot take {subnet.IpAddress} on {subnet.SubnetId}: {attachment.Reason}";
                    await DockerCommon.RemoveContainerAsync(_docker, name, ct);
                    return null;
                }
                attachments.Add((subnet, attachment.Network));
            }
            await Task.WhenAll(attachments.Select(a => _docker.Networks.ConnectNetworkAsync(a.Network, new NetworkConnectParameters
            {
                Container = name,
                EndpointConfig = new EndpointSettings { IPAMConfig = new EndpointIPAMConfig { IPv4Address = a.Subnet.IpAddress } },
            }, ct)));
            _lastProblem.TryRemove(spec.DirectoryId, out _);
            _log.LogInformation("Created domain controller {Container} for {Domain} ({Cpus} CPU, {Memory} MiB) at {Addresses}",
                name, spec.DnsName, resources.Cpus, resources.MemoryMiB, string.Join(", ", spec.Subnets.Select(s => s.IpAddress)));
            return await InspectAsync(spec.DirectoryId, ct);
        }
        finally
        {
            foreach (var (_, network) in attachments) _networks.Release(network);
        }
    }

    /// <summary>Simple AD Small/Large and Microsoft AD Standard/Enterprise as relative sizes (AWS documents Small for up
    /// to 500 users and Large for up to 5 000; Enterprise is the larger Managed AD). An idle DC needs about 50 MiB.</summary>
    internal static (double Cpus, long MemoryMiB) Size(string type, string? size, string? edition) => (type, size, edition) switch
    {
        ("MicrosoftAD", _, "Enterprise") => (2, 1024),
        ("MicrosoftAD", _, _) => (1, 512),
        (_, "Large", _) => (2, 768),
        _ => (1, 384),
    };

    private async Task<ContainerResources> ResourcesAsync(DomainControllerSpec spec, CancellationToken ct)
    {
        if (_engineCpus == 0) _engineCpus = Math.Max(1, (int)(await _docker.System.GetSystemInfoAsync(ct)).NCPU);
        var (cpus, memory) = Size(spec.Type, spec.Size, spec.Edition);
        return new ContainerResources((long)(Math.Min(cpus, _engineCpus) * 1e9), memory * 1024 * 1024);
    }

    internal static string HostName(string directoryId) => "dc" + directoryId.Replace("d-", "", StringComparison.Ordinal);

    private async Task<DomainControllerStatus?> StatusAsync(string directoryId, CancellationToken ct)
    {
        var c = await InspectAsync(directoryId, ct);
        if (c is null)
            return _lastProblem.TryGetValue(directoryId, out var problem) ? Problem(directoryId, problem, failed: true) : null;
        var networks = c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>();
        var management = networks.TryGetValue(_networks.ManagementNetwork, out var eth0) && eth0.IPAddress is { Length: > 0 } ip ? ip : null;
        string? published = null;
        if (c.NetworkSettings?.Ports is { } ports && ports.TryGetValue(LdapPort, out var b) && b?.FirstOrDefault(x => x.HostPort is { Length: > 0 }) is { } binding)
            published = "127.0.0.1:" + binding.HostPort;
        var endpoint = management is null ? null : management + ":389";
        if (!c.State.Running)
        {
            var logs = await TailLogsAsync(c.ID, ct);
            return new DomainControllerStatus(directoryId, false, false, endpoint, published,
                $"domain controller {c.State.Status} (exit code {c.State.ExitCode}{(c.State.OOMKilled ? ", out of memory" : "")}){(logs.Length > 0 ? ": " + logs : "")}",
                Failed: c.State.ExitCode != 0);
        }
        if (c.State.Paused) return new DomainControllerStatus(directoryId, true, false, endpoint, published, "paused (snapshot in progress)");
        var ready = (await ExecAsync(directoryId, ["test", "-f", "/run/dc-ready"], ct)).ExitCode == 0;
        return new DomainControllerStatus(directoryId, true, ready, endpoint, published,
            (ready ? "ready" : "provisioning") + $"; eth0 {management} ({_networks.ManagementNetwork}); DNS {DockerCommon.Label(c.Config.Labels, DockerNames.LabelIpAddress)}");
    }

    private async Task<string> TailLogsAsync(string id, CancellationToken ct)
    {
        try
        {
            using var stream = await _docker.Containers.GetContainerLogsAsync(id, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "5" }, ct);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
            return string.Join(" ", (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5));
        }
        catch (DockerApiException)
        {
            return "";
        }
    }

    private DomainControllerStatus Problem(string directoryId, string detail, bool failed = false) =>
        new(directoryId, false, false, null, null, detail, Failed: failed);

    private string Unreachable(Exception e) => $"Docker engine unreachable: {DockerCommon.Innermost(e).Message}";

    private async Task<ContainerInspectResponse?> InspectAsync(string directoryId, CancellationToken ct)
    {
        try
        {
            return await _docker.Containers.InspectContainerAsync(DockerNames.DomainController(directoryId), ct);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    private async Task<IList<ContainerListResponse>> ListContainersAsync(CancellationToken ct)
    {
        var filters = DockerCommon.InstanceFilter(_options.DesktopInstance);
        filters["label"][$"{DockerNames.LabelRole}={DockerNames.RoleDomainController}"] = true;
        return await _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, ct);
    }

    private async Task<IList<VolumeResponse>> ListVolumesAsync(string? directoryId, CancellationToken ct)
    {
        var filters = DockerCommon.InstanceFilter(_options.DesktopInstance);
        filters["label"][directoryId is null ? DockerNames.LabelDirectoryId : $"{DockerNames.LabelDirectoryId}={directoryId}"] = true;
        return (await _docker.Volumes.ListAsync(new VolumesListParameters { Filters = filters }, ct)).Volumes ?? [];
    }

    private async Task CreateVolumeAsync(string name, string directoryId, IDictionary<string, string>? from, string role, CancellationToken ct) =>
        await _docker.Volumes.CreateAsync(new VolumesCreateParameters
        {
            Name = name,
            Labels = Labels(directoryId, DockerCommon.Label(from, DockerNames.LabelAccount), DockerCommon.Label(from, DockerNames.LabelRegion), role),
        }, ct);

    private Task CopyAsync(string directoryId, string from, string to, CancellationToken ct) =>
        DockerCommon.CopyVolumeAsync(_docker, _options.DirectoryImage, DockerNames.DomainController(directoryId),
            Labels(directoryId, null, null, DockerNames.RoleHelper), from, to, ct);

    private Dictionary<string, string> Labels(string directoryId, string? account, string? region, string role)
    {
        var labels = DockerCommon.BaseLabels(_options.DesktopInstance, role);
        labels[DockerNames.LabelDirectoryId] = directoryId;
        if (account is not null) labels[DockerNames.LabelAccount] = account;
        if (region is not null) labels[DockerNames.LabelRegion] = region;
        return labels;
    }

    private Task<IDisposable> LockAsync(string directoryId, CancellationToken ct) => _locks.LockAsync(directoryId, ct);
}
