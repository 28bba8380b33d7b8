namespace WorkSpacesEmulator.Desktops;

/// <summary>What the runtime needs to know to run one WorkSpace's desktop.</summary>
public sealed record DesktopSpec(
    string WorkspaceId,
    string Account,
    string Region,
    string UserName,
    string ComputerName,
    string DirectoryId,
    string BundleId,
    string ComputeType,
    IReadOnlyList<string> Protocols,
    string SubnetId,
    string SubnetCidr,
    string IpAddress,
    // The resolver of a desktop whose directory has live domain controllers: their addresses and the domain.
    IReadOnlyList<string>? DnsServers = null,
    string? DnsDomain = null)
{
    /// <summary>The streaming protocols a desktop listens for: PCoIP (4172) always, as the issue asks of every
    /// desktop, plus WSP/DCV (4195) when the WorkSpace uses it.</summary>
    public IReadOnlyList<string> StreamingProtocols =>
        Protocols.Any(p => string.Equals(p, "WSP", StringComparison.OrdinalIgnoreCase)) ? ["PCOIP", "WSP"] : ["PCOIP"];

    /// <summary>The subnet's VPC and its CIDR (the local route the Docker runtime gives the desktop).</summary>
    public string? VpcId { get; init; }
    public string? VpcCidr { get; init; }

    /// <summary>WorkspaceProperties OperatingSystemName (e.g. AMAZON_LINUX_2): Linux bundles default to the graphical image.</summary>
    public string? OperatingSystemName { get; init; }
}

/// <summary>One inbound allowance of a desktop's primary interface (eth1), from the security groups of its network
/// interface: EC2's protocol (tcp, udp, icmp, -1 = all, or a protocol number), the port range (ICMP: type and code;
/// -1 = any) and the source as an IPv4 CIDR (a referenced group is expanded to its members' addresses).</summary>
public sealed record IngressRule(string Protocol, int FromPort, int ToPort, string SourceCidr);

/// <summary>The runtime view of a desktop (GET /_emulator/workspaces/{id}). <see cref="RuntimeUnavailable"/>: the runtime
/// itself (the Docker engine) did not answer, so the desktop's real state is unknown.</summary>
public sealed record DesktopStatus(
    string WorkspaceId,
    string Runtime,
    string? RuntimeId,
    bool Running,
    bool Healthy,
    IReadOnlyDictionary<string, string> StreamingEndpoints,
    string? Detail = null,
    bool RuntimeUnavailable = false)
{
    /// <summary>The image the desktop runs (null for simulated desktops).</summary>
    public string? Image { get; init; }

    /// <summary>What the streaming ports speak: CONSOLE (banner + text console) or RFB (a remote framebuffer).</summary>
    public string StreamType { get; init; } = DesktopImageSelection.Console;
}

/// <summary>The only place that touches desktops (design decision 7). Calls are made by the reconciler,
/// never inside a request. Every method is idempotent.</summary>
public interface IDesktopRuntime
{
    string Name { get; }

    /// <summary>Why this runtime was chosen (reported by /_emulator/health).</summary>
    string Reason { get; }

    /// <summary>Creates the desktop if missing and starts it.</summary>
    Task<DesktopStatus> StartAsync(DesktopSpec spec, CancellationToken cancellationToken);

    Task StopAsync(string workspaceId, CancellationToken cancellationToken);

    Task<DesktopStatus> RebootAsync(DesktopSpec spec, CancellationToken cancellationToken);

    /// <summary>Replaces the desktop's root file system with a fresh one from the image; the user volume is kept.</summary>
    Task<DesktopStatus> RebuildAsync(DesktopSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes the desktop and its user volume.</summary>
    Task RemoveAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>The current view, or null when the runtime has no desktop for this WorkSpace.</summary>
    Task<DesktopStatus?> GetAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Applies the CPU/memory of spec.ComputeType to an existing desktop (ModifyWorkspaceProperties).</summary>
    Task<DesktopStatus?> UpdateResourcesAsync(DesktopSpec spec, CancellationToken cancellationToken);

    /// <summary>Copies the user volume aside as the WorkSpace's one snapshot (replacing any earlier one).
    /// False when the runtime has no user volume for this WorkSpace.</summary>
    Task<bool> SnapshotAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Rolls the user volume back to the last snapshot and gives the desktop a fresh root file system
    /// (RestoreWorkspace). Without a snapshot this is a rebuild and Detail says so.</summary>
    Task<DesktopStatus> RestoreAsync(DesktopSpec spec, CancellationToken cancellationToken);

    /// <summary>Makes the desktop admit on its primary interface (eth1) only what <paramref name="rules"/> allow, plus
    /// replies to its own traffic (security groups are stateful). Null when applied, else why not.</summary>
    Task<string?> ApplyIngressAsync(string workspaceId, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken);

    /// <summary>Desktops this emulator instance owns in the runtime (start-up reconciliation adopts these).</summary>
    Task<IReadOnlyList<ManagedDesktop>> ListManagedAsync(CancellationToken cancellationToken);

    /// <summary>Removes every desktop and volume this instance owns whose WorkSpace id is not in liveWorkspaceIds;
    /// returns the names of what was removed.</summary>
    Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlySet<string> liveWorkspaceIds, CancellationToken cancellationToken);
}

/// <summary>A desktop found in the runtime: its container (if any) and volumes, with the labels it carries.</summary>
public sealed record ManagedDesktop(
    string WorkspaceId,
    string? Account,
    string? Region,
    string? RuntimeId,
    bool Running,
    IReadOnlyList<string> Volumes);
