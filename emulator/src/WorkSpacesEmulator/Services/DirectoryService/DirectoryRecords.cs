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
    IReadOnlyList<TagPair> Tags,
    // Added by the Directory Service slice (appended so positional uses elsewhere keep compiling).
    string? OsVersion = null,          // SERVER_2019 for Microsoft AD
    string? NetworkType = null,        // echoed only when the caller chose one
    string? DomainSid = null,          // S-1-5-21-x-y-z; user SIDs are DomainSid-RID
    long NextRid = 1104,               // AD hands out RIDs from 1104 upwards and never reuses one
    // Added by the Directory Service extras (IP routes, forwarders, RADIUS, restore, extra controllers).
    IReadOnlyList<IpRouteEntry>? IpRoutes = null,
    IReadOnlyList<ConditionalForwarderEntry>? ConditionalForwarders = null,
    RadiusConfig? Radius = null,
    string? RadiusStatus = null,               // Creating | Completed (ds RadiusStatus)
    DateTimeOffset? RadiusDueAt = null,        // when Creating becomes Completed
    string? RestoringSnapshotId = null,        // the snapshot a Restoring directory is being restored from
    IReadOnlyList<DomainControllerEntry>? ExtraDomainControllers = null,
    // Added by trusts/sharing/settings/monitoring/data access.
    string? DataAccessStatus = null,           // null = Disabled; Enabling | Enabled | Disabling | Disabled (ds DataAccessStatus)
    DateTimeOffset? DataAccessDueAt = null,    // when Enabling/Disabling settles
    IReadOnlyList<DirectorySettingState>? Settings = null, // only settings ever changed by UpdateSettings
    DateTimeOffset? SettingsDueAt = null,
    // Added by certificates, LDAPS, client authentication and CA enrollment.
    string? LdapsStatus = null,                // null = Disabled; Enabling | Enabled | Disabled (ds LDAPSStatus)
    DateTimeOffset? LdapsLastUpdatedDateTime = null,
    DateTimeOffset? LdapsDueAt = null,         // when Enabling becomes Enabled
    IReadOnlyList<ClientAuthState>? ClientAuthentication = null, // only types ever enabled
    string? CaEnrollmentStatus = null,         // null = never enabled; ds CaEnrollmentPolicyStatus
    string? PcaConnectorArn = null,
    DateTimeOffset? CaEnrollmentLastUpdatedDateTime = null,
    DateTimeOffset? CaEnrollmentDueAt = null,
    // Added by multi-Region replication: the Regions added with AddRegion (not the primary), in order of addition.
    IReadOnlyList<string>? AdditionalRegions = null,
    // Added by hybrid AD: the self-managed domain controllers and the Secrets Manager secret of the admin account.
    string? HybridSecretArn = null,
    IReadOnlyList<string>? HybridInstanceIds = null,
    IReadOnlyList<string>? HybridDnsIps = null,
    // Added by real directories: the runtime of the directory's domain controller ("docker"; null = a record only),
    // and the credentials the DC is provisioned with and the emulator binds with (its own service account, so an
    // administrator's password change does not lock the emulator out). For a connected AD Connector DcServicePassword is
    // the password of CustomerUserName, with which it reads the on-premises directory.
    string? DcRuntime = null,
    string? DcAdminPassword = null,
    string? DcServicePassword = null) : IResource
{
    /// <summary>A live domain controller (not a record) holds this directory's users, groups and passwords.</summary>
    public bool IsDcBacked => DcRuntime is not null;
    public bool IsActive => Stage == DirectoryStages.Active;
    public bool HasLocalUsers => Type is DirectoryTypes.SimpleAD or DirectoryTypes.MicrosoftAD;
}

public static class DirectoryTypes
{
    public const string SimpleAD = "SimpleAD";
    public const string MicrosoftAD = "MicrosoftAD";
    public const string ADConnector = "ADConnector";
}

public static class DirectoryStages
{
    public const string Requested = "Requested";
    public const string Creating = "Creating";
    public const string Active = "Active";
    public const string Restoring = "Restoring";
    public const string Deleting = "Deleting";
    public const string Failed = "Failed";
}

/// <summary>An LDAP attribute value as ds-data's AttributeValue union carries it (exactly one member set).</summary>
public sealed record LdapValue(string? S = null, long? N = null, bool? Bool = null, IReadOnlyList<string>? SS = null);

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
    IReadOnlyDictionary<string, LdapValue>? OtherAttributes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IResource
{
    public static string KeyFor(string directoryId, string samAccountName) => directoryId + "/" + samAccountName.ToLowerInvariant();
}
