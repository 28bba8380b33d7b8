using System.Net;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Services.WorkSpaces;

namespace WorkSpacesEmulator.Gateways;

/// <summary>The access checks of a sign-in that do not involve the directory: the caller's address against the
/// directory's IP access control groups, and the device type against its WorkspaceAccessProperties.</summary>
public static class ClientAccess
{
    /// <summary>AWS's device types (the WorkspaceAccessProperties members) by the short names clients send.</summary>
    private static readonly Dictionary<string, string> DeviceTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WINDOWS"] = "DeviceTypeWindows", ["OSX"] = "DeviceTypeOsx", ["WEB"] = "DeviceTypeWeb", ["IOS"] = "DeviceTypeIos",
        ["ANDROID"] = "DeviceTypeAndroid", ["CHROMEOS"] = "DeviceTypeChromeOs", ["ZEROCLIENT"] = "DeviceTypeZeroClient",
        ["LINUX"] = "DeviceTypeLinux", ["WORKSPACESTHINCLIENT"] = "DeviceTypeWorkSpacesThinClient",
    };

    /// <summary>"WEB" or "DeviceTypeWeb" → "DeviceTypeWeb"; null for anything else.</summary>
    public static string? NormalizeDeviceType(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "DeviceTypeWeb";
        if (DeviceTypes.TryGetValue(value, out var name)) return name;
        return DeviceTypes.Values.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
    }

    public static bool DeviceAllowed(AccessPropertiesRecord? configured, string deviceType)
    {
        var p = configured ?? AccessPropertiesRecord.Default;
        var value = deviceType switch
        {
            "DeviceTypeWindows" => p.DeviceTypeWindows,
            "DeviceTypeOsx" => p.DeviceTypeOsx,
            "DeviceTypeWeb" => p.DeviceTypeWeb,
            "DeviceTypeIos" => p.DeviceTypeIos,
            "DeviceTypeAndroid" => p.DeviceTypeAndroid,
            "DeviceTypeChromeOs" => p.DeviceTypeChromeOs,
            "DeviceTypeZeroClient" => p.DeviceTypeZeroClient,
            "DeviceTypeLinux" => p.DeviceTypeLinux,
            "DeviceTypeWorkSpacesThinClient" => p.DeviceTypeWorkSpacesThinClient,
            _ => "DENY",
        };
        return value == "ALLOW";
    }

    /// <summary>No group associated: every address may connect (as in AWS). Otherwise some rule of some
    /// associated group must contain the address.</summary>
    public static bool AddressAllowed(IReadOnlyList<IpGroupRecord> groups, string clientAddress)
    {
        if (groups.Count == 0) return true;
        if (!Ipv4Cidr.TryParseAddress(clientAddress, out var address)) return false;
        return groups.SelectMany(g => g.UserRules).Any(r =>
            Ipv4Cidr.TryParse(r.IpRule.Contains('/') ? r.IpRule : r.IpRule + "/32", out var cidr) && cidr.Contains(address));
    }

    /// <summary>The caller's address: the TCP peer, or — only when the peer is a configured trusted proxy — the
    /// nearest untrusted address of X-Forwarded-For.</summary>
    public static string ClientAddress(HttpContext context, IReadOnlyList<Ipv4Cidr> trustedProxies)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null) return "";
        if (peer.IsIPv4MappedToIPv6) peer = peer.MapToIPv4();
        var address = peer.ToString();
        if (trustedProxies.Count == 0 || !IsTrusted(address, trustedProxies)) return address;
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length == 0) return address;
        var hops = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop)) return address;
            var text = (hop.IsIPv4MappedToIPv6 ? hop.MapToIPv4() : hop).ToString();
            if (i == 0 || !IsTrusted(text, trustedProxies)) return text;
        }
        return address;
    }

    private static bool IsTrusted(string address, IReadOnlyList<Ipv4Cidr> trusted) =>
        Ipv4Cidr.TryParseAddress(address, out var a) && trusted.Any(c => c.Contains(a));
}
