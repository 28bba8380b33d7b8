namespace WorkSpacesEmulator.Directories;

/// <summary>One of the directory's two subnets and the DNS address the DC takes on it.</summary>
public sealed record DcSubnet(string SubnetId, string Cidr, string IpAddress);

/// <summary>What a domain controller is provisioned with: the request's domain, NetBIOS name and admin password, the
/// directory's subnets and DnsIpAddrs, and the account the emulator itself binds with.</summary>
public sealed record DomainControllerSpec(
    string DirectoryId,
    string Account,
    string Region,
    string Type,
    string DnsName,
    string NetBiosName,
    string AdminName,
    string AdminPassword,
    string ServiceUser,
    string ServicePassword,
    string? Size,
    string? Edition,
    IReadOnlyList<DcSubnet> Subnets);

/// <summary>The runtime view of a directory's DC. <see cref="Ready"/>: provisioned and answering LDAP.
/// <see cref="LdapEndpoint"/> is where the emulator reaches its LDAP (host:port); <see cref="PublishedLdap"/> is the
/// opt-in 127.0.0.1 port for host tools.</summary>
public sealed record DomainControllerStatus(
    string DirectoryId,
    bool Running,
    bool Ready,
    string? LdapEndpoint,
    string? PublishedLdap,
    string? Detail,
    bool Failed = false,
    bool RuntimeUnavailable = false);

public sealed record ExecResult(long ExitCode, string Stdout, string Stderr);

/// <summary>The only place that touches domain-controller containers; called by the lifecycle and the LDAP layer,
/// never to change state inside a request except through LDAP or samba-tool.</summary>
public interface IDomainControllerRuntime
{
    string Name { get; }

    /// <summary>False: directories stay records (the simulated runtime).</summary>
    bool IsReal { get; }

    /// <summary>Why (reported by /_emulator/health).</summary>
    string Reason { get; }

    /// <summary>Creates the DC if missing (provisioning a new domain, or starting on the kept data volume) and starts it.</summary>
    Task<DomainControllerStatus> EnsureAsync(DomainControllerSpec spec, CancellationToken cancellationToken);

    /// <summary>Null when there is no DC container for the directory.</summary>
    Task<DomainControllerStatus?> GetAsync(string directoryId, CancellationToken cancellationToken);

    /// <summary>Removes the DC, its data volume and its snapshots.</summary>
    Task RemoveAsync(string directoryId, CancellationToken cancellationToken);

    /// <summary>Copies the DC's data (/var/lib/samba) aside as a snapshot (the DC is paused meanwhile, so the copy is consistent).</summary>
    Task SnapshotAsync(string directoryId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>Puts the snapshot's data back and restarts the DC on it.</summary>
    Task RestoreAsync(DomainControllerSpec spec, string snapshotId, CancellationToken cancellationToken);

    Task DeleteSnapshotAsync(string directoryId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>Runs a command inside the DC (samba-tool for what LDAP cannot do without TLS, such as setting a password).</summary>
    Task<ExecResult> ExecAsync(string directoryId, IReadOnlyList<string> command, CancellationToken cancellationToken);

    /// <summary>As <see cref="ExecAsync(string, IReadOnlyList{string}, CancellationToken)"/> with extra environment
    /// variables (NAME=value), so that secrets (Samba's PASSWD, a trust password) never appear in a command line.</summary>
    Task<ExecResult> ExecAsync(string directoryId, IReadOnlyList<string> command, IReadOnlyList<string> environment, CancellationToken cancellationToken);

    /// <summary>Directory ids of the DCs this emulator instance owns.</summary>
    Task<IReadOnlyList<string>> ListManagedAsync(CancellationToken cancellationToken);

    /// <summary>Removes DCs, data and snapshot volumes whose directory is not in liveDirectoryIds.</summary>
    Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlySet<string> liveDirectoryIds, CancellationToken cancellationToken);
}

/// <summary>No domain controllers: every directory is a record with stored password hashes.</summary>
public sealed class NoDomainControllers(string reason) : IDomainControllerRuntime
{
    public string Name => "simulated";
    public bool IsReal => false;
    public string Reason { get; } = reason;

    private static InvalidOperationException None() => new("directories are simulated: there is no domain controller");

    public Task<DomainControllerStatus> EnsureAsync(DomainControllerSpec spec, CancellationToken cancellationToken) => throw None();
    public Task<DomainControllerStatus?> GetAsync(string directoryId, CancellationToken cancellationToken) => Task.FromResult<DomainControllerStatus?>(null);
    public Task RemoveAsync(string directoryId, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task SnapshotAsync(string directoryId, string snapshotId, CancellationToken cancellationToken) => throw None();
    public Task RestoreAsync(DomainControllerSpec spec, string snapshotId, CancellationToken cancellationToken) => throw None();
    public Task DeleteSnapshotAsync(string directoryId, string snapshotId, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<ExecResult> ExecAsync(string directoryId, IReadOnlyList<string> command, CancellationToken cancellationToken) => throw None();
    public Task<ExecResult> ExecAsync(string directoryId, IReadOnlyList<string> command, IReadOnlyList<string> environment, CancellationToken cancellationToken) => throw None();
    public Task<IReadOnlyList<string>> ListManagedAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
    public Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlySet<string> liveDirectoryIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
