using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>A Managed AD directory replicated into an additional Region. Stored in that Region's scope
/// (<c>account/RegionName</c>, where its controllers' network interfaces live) under the directory's own id,
/// as AWS keeps the same directory id in every Region.</summary>
public sealed record RegionRecord(
    string Id,                 // the directory id
    string Scope,              // account/RegionName
    string PrimaryScope,       // account/primary Region, where the DirectoryRecord lives
    string RegionName,
    string Status,             // ds DirectoryStage: Creating | Active | Deleting
    string VpcId,
    IReadOnlyList<string> SubnetIds,
    string SecurityGroupId,
    IReadOnlyList<string> NetworkInterfaceIds,
    IReadOnlyList<string> DnsIpAddrs,
    int DesiredNumberOfDomainControllers,
    DateTimeOffset LaunchTime,
    DateTimeOffset StatusLastUpdatedDateTime,
    DateTimeOffset LastUpdatedDateTime,
    DateTimeOffset? NextTransitionAt) : IResource;

/// <summary>An AD computer object created with CreateComputer. Id = "{DirectoryId}/{lower-case name}", so names
/// are unique per directory without regard to case, as in AD.</summary>
public sealed record ComputerRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string ComputerName,
    string Sid,
    string DistinguishedName,
    IReadOnlyList<TagPair> Attributes,   // Name/Value pairs as given in ComputerAttributes
    string PasswordHash,
    DateTimeOffset CreatedAt) : IResource
{
    public static string KeyFor(string directoryId, string computerName) => directoryId + "/" + computerName.ToLowerInvariant();
}

/// <summary>One Region's share of an UpdateDirectorySetup request (DescribeUpdateDirectory lists these).</summary>
public sealed record DirectoryUpdateRecord(
    string Id,
    string Scope,              // the primary Region's scope
    string DirectoryId,
    string UpdateType,         // OS
    string Region,
    string Status,             // Updating | Updated | UpdateFailed (ds UpdateStatus)
    string? StatusReason,
    string InitiatedBy,
    string PreviousOsVersion,
    string NewOsVersion,
    DateTimeOffset StartTime,
    DateTimeOffset LastUpdatedDateTime,
    DateTimeOffset? NextTransitionAt) : IResource;
