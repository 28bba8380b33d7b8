using System.Text;

namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>Names and labels of the Docker objects that back desktops. Everything starts with "wse-" so an
/// operator can see at a glance what the emulator owns; labels (not names) are what clean-up trusts.</summary>
public static class DockerNames
{
    public const string Prefix = "wse-";

    /// <summary>Docker 20.10 names a container's interfaces (and picks its default route) in the alphabetical
    /// order of its network names whenever it (re)starts. Subnet networks are "wse-subnet-…", and "wse-mgmt"
    /// sorts before every one of them, so the management network is always eth0 and carries the default route.</summary>
    public const string ManagementNetwork = "wse-mgmt";

    public const string LabelManaged = "workspaces-emulator.managed";
    public const string LabelInstance = "workspaces-emulator.instance";
    public const string LabelWorkspaceId = "workspaces-emulator.workspace-id";
    public const string LabelAccount = "workspaces-emulator.account";
    public const string LabelRegion = "workspaces-emulator.region";
    public const string LabelRole = "workspaces-emulator.role";
    public const string LabelSubnetId = "workspaces-emulator.subnet-id";
    public const string LabelIpAddress = "workspaces-emulator.ip-address";
    public const string LabelImage = "workspaces-emulator.image";
    /// <summary>Why eth1 is missing (metadata-only networking), recorded when the container is created.</summary>
    public const string LabelEth1 = "workspaces-emulator.eth1";

    public const string RoleDesktop = "desktop";
    public const string RoleUserVolume = "user-volume";
    public const string RoleSnapshot = "snapshot";
    public const string RoleHelper = "helper";
    public const string RoleSubnetNetwork = "subnet-network";
    public const string RoleManagementNetwork = "management-network";
    // Domain controllers of DC-backed directories (Directories/Docker).
    public const string LabelDirectoryId = "workspaces-emulator.directory-id";
    public const string RoleDomainController = "domain-controller";
    public const string RoleDcData = "dc-data";
    public const string RoleDcSnapshot = "dc-snapshot";

    public static string Container(string workspaceId) => Prefix + workspaceId;
    public static string UserVolume(string workspaceId) => Prefix + workspaceId + "-user";
    public static string SnapshotVolume(string workspaceId) => Prefix + workspaceId + "-snap";
    public static string SubnetNetwork(string subnetId) => Prefix + subnetId;
    public static string DomainController(string directoryId) => Prefix + directoryId + "-dc";
    public static string DcDataVolume(string directoryId) => Prefix + directoryId + "-dc-data";
    public static string DcSnapshotVolume(string directoryId, string snapshotId) => Prefix + directoryId + "-" + snapshotId;

    /// <summary>The user's home directory as the desktop agent computes it: a name that cannot be a directory
    /// name falls back to "user" (docker/desktop/agent/init does the same).</summary>
    public static string HomeUser(string? userName) =>
        userName is null or "" or "." or ".." || userName.Contains('/') || userName.Contains('\0') ? "user" : userName;

    /// <summary>A valid host name (RFC 1123 label, at most 63 characters) from the WorkSpace's computer name.</summary>
    public static string HostName(string? computerName, string workspaceId)
    {
        var sb = new StringBuilder();
        foreach (var ch in computerName ?? "")
        {
            if (sb.Length == 63) break;
            sb.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '-');
        }
        var name = sb.ToString().Trim('-');
        return name.Length > 0 ? name : workspaceId;
    }
}
