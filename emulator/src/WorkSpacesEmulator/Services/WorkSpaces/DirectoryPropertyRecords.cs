using WorkSpacesEmulator.ServiceModels.WorkSpaces;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// The directory-level property blocks stored on a WorkspaceDirectoryRecord, with the defaults a new registration
// reports and the conversions to the wire shapes. Modify* operations merge: members absent from a request keep
// their stored value.

/// <summary>WorkspaceCreationProperties (DefaultWorkspaceCreationProperties on the wire).</summary>
public sealed record CreationPropertiesRecord(
    bool EnableInternetAccess,
    string? DefaultOu,
    string? CustomSecurityGroupId,
    bool UserEnabledAsLocalAdministrator,
    bool EnableMaintenanceMode,
    string? InstanceIamRoleArn)
{
    public static readonly CreationPropertiesRecord Default = new(false, null, null, true, true, null);

    public CreationPropertiesRecord Merge(WorkspaceCreationProperties p) => new(
        p.EnableInternetAccess ?? EnableInternetAccess,
        p.DefaultOu ?? DefaultOu,
        p.CustomSecurityGroupId ?? CustomSecurityGroupId,
        p.UserEnabledAsLocalAdministrator ?? UserEnabledAsLocalAdministrator,
        p.EnableMaintenanceMode ?? EnableMaintenanceMode,
        p.InstanceIamRoleArn ?? InstanceIamRoleArn);

    public DefaultWorkspaceCreationProperties ToWire() => new()
    {
        EnableInternetAccess = EnableInternetAccess,
        DefaultOu = DefaultOu,
        CustomSecurityGroupId = CustomSecurityGroupId,
        UserEnabledAsLocalAdministrator = UserEnabledAsLocalAdministrator,
        EnableMaintenanceMode = EnableMaintenanceMode,
        InstanceIamRoleArn = InstanceIamRoleArn,
    };
}

public sealed record SelfservicePermissionsRecord(
    string RestartWorkspace,
    string IncreaseVolumeSize,
    string ChangeComputeType,
    string SwitchRunningMode,
    string RebuildWorkspace)
{
    /// <summary>What a registration reports: restart is always allowed; the rest follow EnableSelfService.</summary>
    public static SelfservicePermissionsRecord Default(bool enableSelfService)
    {
        var value = enableSelfService ? "ENABLED" : "DISABLED";
        return new("ENABLED", value, value, value, value);
    }

    public SelfservicePermissionsRecord Merge(SelfservicePermissions p) => new(
        p.RestartWorkspace ?? RestartWorkspace,
        p.IncreaseVolumeSize ?? IncreaseVolumeSize,
        p.ChangeComputeType ?? ChangeComputeType,
        p.SwitchRunningMode ?? SwitchRunningMode,
        p.RebuildWorkspace ?? RebuildWorkspace);

    public SelfservicePermissions ToWire() => new()
    {
        RestartWorkspace = RestartWorkspace,
        IncreaseVolumeSize = IncreaseVolumeSize,
        ChangeComputeType = ChangeComputeType,
        SwitchRunningMode = SwitchRunningMode,
        RebuildWorkspace = RebuildWorkspace,
    };
}

public sealed record AccessEndpointRecord(string? AccessEndpointType, string? VpcEndpointId);

public sealed record AccessEndpointConfigRecord(IReadOnlyList<AccessEndpointRecord> AccessEndpoints, IReadOnlyList<string>? InternetFallbackProtocols);

/// <summary>WorkspaceAccessProperties: ALLOW/DENY per client device type, plus the access endpoint configuration.</summary>
public sealed record AccessPropertiesRecord(
    string DeviceTypeWindows,
    string DeviceTypeOsx,
    string DeviceTypeWeb,
    string DeviceTypeIos,
    string DeviceTypeAndroid,
    string DeviceTypeChromeOs,
    string DeviceTypeZeroClient,
    string DeviceTypeLinux,
    string DeviceTypeWorkSpacesThinClient,
    AccessEndpointConfigRecord? AccessEndpointConfig)
{
    public static readonly AccessPropertiesRecord Default = new("ALLOW", "ALLOW", "DENY", "ALLOW", "ALLOW", "ALLOW", "ALLOW", "ALLOW", "DENY", null);

    public AccessPropertiesRecord Merge(WorkspaceAccessProperties p) => new(
        p.DeviceTypeWindows ?? DeviceTypeWindows,
        p.DeviceTypeOsx ?? DeviceTypeOsx,
        p.DeviceTypeWeb ?? DeviceTypeWeb,
        p.DeviceTypeIos ?? DeviceTypeIos,
        p.DeviceTypeAndroid ?? DeviceTypeAndroid,
        p.DeviceTypeChromeOs ?? DeviceTypeChromeOs,
        p.DeviceTypeZeroClient ?? DeviceTypeZeroClient,
        p.DeviceTypeLinux ?? DeviceTypeLinux,
        p.DeviceTypeWorkSpacesThinClient ?? DeviceTypeWorkSpacesThinClient,
        p.AccessEndpointConfig is { } c
            ? new AccessEndpointConfigRecord(
                (c.AccessEndpoints ?? []).Select(e => new AccessEndpointRecord(e.AccessEndpointType, e.VpcEndpointId)).ToList(),
                c.InternetFallbackProtocols?.ToList())
            : AccessEndpointConfig);

    public WorkspaceAccessProperties ToWire() => new()
    {
        DeviceTypeWindows = DeviceTypeWindows,
        DeviceTypeOsx = DeviceTypeOsx,
        DeviceTypeWeb = DeviceTypeWeb,
        DeviceTypeIos = DeviceTypeIos,
        DeviceTypeAndroid = DeviceTypeAndroid,
        DeviceTypeChromeOs = DeviceTypeChromeOs,
        DeviceTypeZeroClient = DeviceTypeZeroClient,
        DeviceTypeLinux = DeviceTypeLinux,
        DeviceTypeWorkSpacesThinClient = DeviceTypeWorkSpacesThinClient,
        AccessEndpointConfig = AccessEndpointConfig is { } c
            ? new AccessEndpointConfig
            {
                AccessEndpoints = c.AccessEndpoints.Select(e => new AccessEndpoint { AccessEndpointType = e.AccessEndpointType, VpcEndpointId = e.VpcEndpointId }).ToList(),
                InternetFallbackProtocols = c.InternetFallbackProtocols?.ToList(),
            }
            : null,
    };
}

public sealed record ClientPropertiesRecord(string ReconnectEnabled, string LogUploadEnabled)
{
    public static readonly ClientPropertiesRecord Default = new("ENABLED", "ENABLED");

    public ClientPropertiesRecord Merge(ClientProperties p) => new(p.ReconnectEnabled ?? ReconnectEnabled, p.LogUploadEnabled ?? LogUploadEnabled);

    public ClientProperties ToWire() => new() { ReconnectEnabled = ReconnectEnabled, LogUploadEnabled = LogUploadEnabled };
}

public sealed record SamlPropertiesRecord(string Status, string? UserAccessUrl, string? RelayStateParameterName)
{
    public static readonly SamlPropertiesRecord Default = new("DISABLED", null, "RelayState");

    public SamlProperties ToWire() => new() { Status = Status, UserAccessUrl = UserAccessUrl, RelayStateParameterName = RelayStateParameterName };
}

public sealed record CertificateBasedAuthPropertiesRecord(string Status, string? CertificateAuthorityArn)
{
    public static readonly CertificateBasedAuthPropertiesRecord Default = new("DISABLED", null);

    public CertificateBasedAuthProperties ToWire() => new() { Status = Status, CertificateAuthorityArn = CertificateAuthorityArn };
}

public sealed record UserSettingRecord(string Action, string Permission, int? MaximumLength);

public sealed record StorageConnectorRecord(string ConnectorType, string Status);

public sealed record StreamingPropertiesRecord(
    string? StreamingExperiencePreferredProtocol,
    IReadOnlyList<UserSettingRecord>? UserSettings,
    IReadOnlyList<StorageConnectorRecord>? StorageConnectors,
    string? GlobalAcceleratorMode,
    string? GlobalAcceleratorPreferredProtocol)
{
    // Difference from AWS: the emulator omits StreamingProperties until ModifyStreamingProperties is called, where AWS
    // may report protocol-dependent defaults for a new directory.
    public static readonly StreamingPropertiesRecord Empty = new(null, null, null, null, null);

    public StreamingPropertiesRecord Merge(StreamingProperties p) => new(
        p.StreamingExperiencePreferredProtocol ?? StreamingExperiencePreferredProtocol,
        p.UserSettings?.Select(u => new UserSettingRecord(u.Action!, u.Permission!, u.MaximumLength)).ToList() ?? UserSettings,
        p.StorageConnectors?.Select(c => new StorageConnectorRecord(c.ConnectorType!, c.Status!)).ToList() ?? StorageConnectors,
        p.GlobalAccelerator is { } g ? g.Mode : GlobalAcceleratorMode,
        p.GlobalAccelerator is { } h ? h.PreferredProtocol : GlobalAcceleratorPreferredProtocol);

    public StreamingProperties ToWire() => new()
    {
        StreamingExperiencePreferredProtocol = StreamingExperiencePreferredProtocol,
        UserSettings = UserSettings?.Select(u => new UserSetting { Action = u.Action, Permission = u.Permission, MaximumLength = u.MaximumLength }).ToList(),
        StorageConnectors = StorageConnectors?.Select(c => new StorageConnector { ConnectorType = c.ConnectorType, Status = c.Status }).ToList(),
        GlobalAccelerator = GlobalAcceleratorMode is null && GlobalAcceleratorPreferredProtocol is null
            ? null
            : new GlobalAcceleratorForDirectory { Mode = GlobalAcceleratorMode, PreferredProtocol = GlobalAcceleratorPreferredProtocol },
    };
}
