using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>The documented WorkSpaces property rules (running mode, AutoStop timeout, volume sizes, compute
/// changes, protocols), shared by CreateWorkspaces and ModifyWorkspaceProperties.</summary>
public static class WorkspaceRules
{
    public const int DefaultAutoStopMinutes = 60;

    public static bool IsGraphics(string compute) => compute.StartsWith("GRAPHICS", StringComparison.Ordinal);

    /// <summary>Windows WorkSpaces are named WSAMZN-XXXXXXXX as on AWS; Linux ones A-XXXXXXXX.</summary>
    // Difference from AWS: the Linux computer-name format is not documented; the emulator uses A- + 8 characters.
    public static string ComputerName(IIdGenerator ids, string operatingSystemName) =>
        operatingSystemName.StartsWith("WINDOWS", StringComparison.Ordinal)
            ? ids.Next("WSAMZN-", 8, Ids.UpperAlnum)
            : ids.Next("A-", 8, Ids.UpperAlnum);

    /// <summary>The properties a new WorkSpace runs with, or the per-item error code and message.</summary>
    public static (WorkspacePropertiesRecord? Properties, string? Code, string? Message) PropertiesForCreate(
        WorkspaceProperties? requested, string bundleCompute, int bundleRoot, int bundleUser, string operatingSystem, string bundleProtocol)
    {
        var mode = requested?.RunningMode ?? "ALWAYS_ON";
        var timeout = requested?.RunningModeAutoStopTimeoutInMinutes;
        if (RunningModeError(mode, timeout) is { } runningModeError) return (null, runningModeError.Code, runningModeError.Message);
        if (requested?.ComputeTypeName is { } compute && compute != bundleCompute)
            return (null, "InvalidParameterValues", $"The compute type {compute} does not match the bundle's compute type {bundleCompute}.");
        var root = requested?.RootVolumeSizeGib ?? bundleRoot;
        var user = requested?.UserVolumeSizeGib ?? bundleUser;
        if (root < bundleRoot || user < bundleUser)
            return (null, "InvalidParameterValues", $"The volume sizes cannot be smaller than the bundle's ({bundleRoot} GiB root, {bundleUser} GiB user).");
        if (VolumeError(bundleCompute, root, user) is { } volumeError) return (null, "InvalidParameterValues", volumeError);
        var protocols = requested?.Protocols is { Count: > 0 } p ? p.Distinct().ToList() : [bundleProtocol];
        if (ProtocolError(protocols, operatingSystem, bundleCompute) is { } protocolError) return (null, "InvalidParameterValues", protocolError);
        return (new WorkspacePropertiesRecord(mode, mode == "AUTO_STOP" ? timeout ?? DefaultAutoStopMinutes : null, root, user, bundleCompute,
            protocols, requested?.OperatingSystemName ?? operatingSystem), null, null);
    }

    /// <summary>AutoStop timeouts apply only to AUTO_STOP WorkSpaces and come in 60-minute intervals.</summary>
    public static (string Code, string Message)? RunningModeError(string mode, int? timeout)
    {
        if (timeout is null) return null;
        if (mode == "ALWAYS_ON")
            return ("AutoStopTimeoutIsNotApplicableForAnAlwaysOnWorkspace",
                "RunningModeAutoStopTimeoutInMinutes is not applicable for WorkSpace with running mode set to ALWAYS_ON.");
        if (mode == "MANUAL")
            return ("AutoStopTimeoutIsNotDefaultForManualWorkspace",
                "RunningModeAutoStopTimeoutInMinutes is not applicable for WorkSpace with running mode set to MANUAL.");
        // Difference from AWS: AWS documents 60-minute intervals but no maximum; the emulator caps at 36000 minutes.
        if (timeout <= 0 || timeout % 60 != 0 || timeout > 36000)
            return ("InvalidParameterValues", "RunningModeAutoStopTimeoutInMinutes must be a positive multiple of 60.");
        return null;
    }

    /// <summary>Root/user volume pairs come in fixed groups: [80,10], [80,50], [80,100], [175–2000, 100–2000];
    /// graphics bundles start at 100/100.</summary>
    public static string? VolumeError(string compute, int root, int user)
    {
        if (root > 2000 || user > 2000) return "Volume sizes cannot exceed 2000 GiB.";
        if (IsGraphics(compute))
            return root >= 100 && user >= 100 ? null : "Graphics WorkSpaces need at least 100 GiB root and 100 GiB user volumes.";
        if (root == 80 && user is 10 or 50 or 100) return null;
        if (root >= 175 && user >= 100) return null;
        return $"The volume size combination root {root} GiB / user {user} GiB is not supported. Supported: 80/10, 80/50, 80/100, or 175-2000/100-2000.";
    }

    public static string? ProtocolError(IReadOnlyList<string> protocols, string operatingSystem, string compute)
    {
        if (protocols.Count > 1) return "Only one streaming protocol (PCOIP or WSP) can be specified.";
        if (protocols[0] == "PCOIP" && operatingSystem.StartsWith("UBUNTU", StringComparison.Ordinal))
            return "Ubuntu WorkSpaces support only the WSP (DCV) protocol.";
        return null;
    }

    private static readonly HashSet<string> General = new(StringComparer.Ordinal)
        { "VALUE", "STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GENERALPURPOSE_4XLARGE", "GENERALPURPOSE_8XLARGE" };

    /// <summary>Compute changes: among Value…PowerPro/GeneralPurpose, or Graphics.g4dn ⇄ GraphicsPro.g4dn only.</summary>
    public static bool CanChangeCompute(string from, string to) =>
        from == to
        || (General.Contains(from) && General.Contains(to))
        || (from is "GRAPHICS_G4DN" or "GRAPHICSPRO_G4DN" && to is "GRAPHICS_G4DN" or "GRAPHICSPRO_G4DN");
}
