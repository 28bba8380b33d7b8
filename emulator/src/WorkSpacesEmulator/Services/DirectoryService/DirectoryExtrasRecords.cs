using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>A CIDR block routed from the directory's controllers (AddIpRoutes).</summary>
public sealed record IpRouteEntry(string CidrIp, string? Description, DateTimeOffset AddedDateTime);

/// <summary>A DNS conditional forwarder of the directory; RemoteDomainName is kept as the caller spelt it.</summary>
public sealed record ConditionalForwarderEntry(string RemoteDomainName, IReadOnlyList<string> DnsIpAddrs);

/// <summary>The RADIUS (MFA) settings of a directory. The shared secret is kept for the authentication gateway
/// and never returned by DescribeDirectories.</summary>
public sealed record RadiusConfig(
    IReadOnlyList<string> RadiusServers,
    int RadiusPort,
    int RadiusTimeout,
    int RadiusRetries,
    string SharedSecret,
    string AuthenticationProtocol,
    string? DisplayLabel,
    bool UseSameUsername);

/// <summary>A domain controller added by UpdateNumberOfDomainControllers beyond the directory's first two (those
/// two are derived from the directory itself). Status Creating → Active, Deleting → removed, after the transition.</summary>
public sealed record DomainControllerEntry(
    string Id,
    string SubnetId,
    string AvailabilityZone,
    string DnsIpAddr,
    string NetworkInterfaceId,
    string Status,
    DateTimeOffset LaunchTime,
    DateTimeOffset StatusLastUpdatedDateTime,
    DateTimeOffset? NextTransitionAt);

/// <summary>A directory snapshot. Manual snapshots keep a copy of the directory's users at the time they were
/// taken, which RestoreFromSnapshot puts back.</summary>
public sealed record DirectorySnapshotRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string? Name,
    string Type,              // Auto | Manual (ds SnapshotType)
    string Status,            // Creating | Completed | Failed (ds SnapshotStatus)
    DateTimeOffset StartTime,
    DateTimeOffset? NextTransitionAt,
    IReadOnlyList<DirectoryUserRecord> Users) : IResource;

public static class SnapshotStatuses
{
    public const string Creating = "Creating";
    public const string Completed = "Completed";
}

public static class DomainControllerStatuses
{
    public const string Creating = "Creating";
    public const string Active = "Active";
    public const string Deleting = "Deleting";
}
