using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>A Directory Service directory (Simple AD, AWS Managed Microsoft AD or AD Connector).</summary>
public sealed record DirectoryRecord(
    string Id,
    string Scope,
    string Name,
    string? ShortName,
    string? Description,
    string Type,              // SimpleAD | MicrosoftAD | ADConnector (ds DirectoryType)
    string? Size,             // Small | Large (Simple AD, AD Connector)
    string? Edition,          // Standard | Enterprise (Microsoft AD)
    string Alias,
    string AccessUrl,
    string Stage,             // ds DirectoryStage
    string? StageReason,
    DateTimeOffset LaunchTime,
    DateTimeOffset StageLastUpdatedDateTime,
    DateTimeOffset? NextTransitionAt,
    string VpcId,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> AvailabilityZones,
    string? SecurityGroupId,
    IReadOnlyList<string> DnsIpAddrs,
    IReadOnlyList<string> NetworkInterfaceIds,
    // AD Connector
    IReadOnlyList<string>? CustomerDnsIps,
    string? CustomerUserName,
    IReadOnlyList<string>? ConnectIps,
    bool SsoEnabled,
    int DesiredNumberOfDomainControllers,
    IReadOnlyList<TagPair> Tags) : IResource;

/// <summary>A user object inside a directory. The password is kept only as a salted hash.
/// Id = "{DirectoryId}/{lower-case SAMAccountName}" so lookups are case-insensitive as in AD.</summary>
public sealed record DirectoryUserRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string SAMAccountName,
    string Sid,
    string DistinguishedName,
    string UserPrincipalName,
    string? GivenName,
    string? Surname,
    string? EmailAddress,
    bool Enabled,
    string? PasswordHash,
    IReadOnlyDictionary<string, string>? OtherAttributes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IResource
{
    public static string KeyFor(string directoryId, string samAccountName) => directoryId + "/" + samAccountName.ToLowerInvariant();
}
