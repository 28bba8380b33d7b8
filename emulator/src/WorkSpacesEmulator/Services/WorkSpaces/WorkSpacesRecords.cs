using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>A directory registered with WorkSpaces (Id = the directory id).</summary>
public sealed record WorkspaceDirectoryRecord(
    string Id,
    string Scope,
    string State,                       // REGISTERING | REGISTERED | DEREGISTERING | DEREGISTERED | ERROR
    DateTimeOffset? NextTransitionAt,
    string RegistrationCode,
    IReadOnlyList<string> SubnetIds,
    string WorkspaceSecurityGroupId,
    string? Tenancy,
    bool EnableSelfService,
    string? WorkspaceDirectoryName,
    string? WorkspaceDirectoryDescription,
    string? UserIdentityType,
    string? WorkspaceType,
    IReadOnlyList<string> IpGroupIds,
    IReadOnlyList<TagPair> Tags,
    DateTimeOffset RegisteredAt,
    // Directory-level properties: null means "never modified", i.e. the defaults AWS reports for a new registration
    // (so records stored before these existed still load).
    CreationPropertiesRecord? CreationProperties = null,
    SelfservicePermissionsRecord? SelfservicePermissions = null,
    AccessPropertiesRecord? AccessProperties = null,
    ClientPropertiesRecord? ClientProperties = null,
    SamlPropertiesRecord? SamlProperties = null,
    CertificateBasedAuthPropertiesRecord? CertificateBasedAuthProperties = null,
    StreamingPropertiesRecord? StreamingProperties = null,
    string? EndpointEncryptionMode = null) : IResource;

/// <summary>A custom (account-owned) bundle. Amazon-owned public bundles come from <c>PublicBundles</c>.</summary>
public sealed record BundleRecord(
    string Id,
    string Scope,
    string Name,
    string? Description,
    string ImageId,
    string ComputeType,
    string RootCapacity,
    string UserCapacity,
    string State,
    DateTimeOffset CreationTime,
    DateTimeOffset LastUpdatedTime,
    IReadOnlyList<TagPair> Tags) : IResource;

/// <summary>The properties a WorkSpace runs with (WorkspaceProperties on the wire).</summary>
public sealed record WorkspacePropertiesRecord(
    string RunningMode,                 // AUTO_STOP | ALWAYS_ON | MANUAL
    int? RunningModeAutoStopTimeoutInMinutes,
    int RootVolumeSizeGib,
    int UserVolumeSizeGib,
    string ComputeTypeName,
    IReadOnlyList<string> Protocols,
    string? OperatingSystemName);

/// <summary>A WorkSpace. <see cref="NextTransitionAt"/> is when the reconciler takes the next step of the
/// transitional <see cref="State"/>; <see cref="PendingAction"/> says which step (e.g. STOP after a reboot).</summary>
public sealed record WorkspaceRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string UserName,
    string BundleId,
    string State,
    DateTimeOffset? NextTransitionAt,
    string? PendingAction,
    string? IpAddress,
    string? SubnetId,
    string? NetworkInterfaceId,
    string ComputerName,
    string? VolumeEncryptionKey,
    bool UserVolumeEncryptionEnabled,
    bool RootVolumeEncryptionEnabled,
    WorkspacePropertiesRecord Properties,
    IReadOnlyList<ModificationStateRecord> ModificationStates,
    string? ErrorCode,
    string? ErrorMessage,
    string? WorkspaceName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastKnownUserConnectionTimestamp,
    DateTimeOffset? StateChangedAt,
    IReadOnlyList<TagPair> Tags) : IResource;

public sealed record ModificationStateRecord(string Resource, string State);
