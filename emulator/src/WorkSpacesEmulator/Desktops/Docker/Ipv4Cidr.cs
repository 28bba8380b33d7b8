using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>An IPv4 network; just what overlap checks and address reservation need.</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
    public uint Broadcast => Network | ~Mask;

    /// <summary>First usable address: the VPC router in AWS, the bridge gateway here.</summary>
    public IPAddress Gateway => ToAddress(Network + 1);

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool Overlaps(Ipv4Cidr other) => Contains(other.Network) || other.Contains(Network);

    /// <summary>AWS reserves the network address, the next three (router, DNS, future use) and the broadcast
    /// address of every subnet; a WorkSpace can never have one of them.</summary>
    public bool IsAwsReserved(uint address) => address - Network < 4 || address == Broadcast;

    public override string ToString() => $"{ToAddress(Network)}/{PrefixLength}";

    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        if (text is null) return false;
        var slash = text.IndexOf('/');
        if (slash <= 0
            || !TryParseAddress(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix is < 0 or > 32)
            return false;
        var c = new Ipv4Cidr(0, prefix);
        // Host bits are dropped, as EC2 and Docker both do.
        cidr = c with { Network = address & c.Mask };
        return true;
    }

    public static bool TryParseAddress(string? text, out uint address)
    {
        address = 0;
        if (text is null || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork) return false;
        var b = ip.GetAddressBytes();
        address = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return true;
    }

    public static IPAddress ToAddress(uint address) =>
        new([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]);
}

/// <summary>A route of the host, as /proc/net/route lists it.</summary>
public sealed record HostRoute(string Interface, Ipv4Cidr Destination);

/// <summary>Reads the host's IPv4 routes (Linux). Design §7: no Docker network may overlap one of them, or desktops
/// would hijack traffic the host sends to a real network (a VPN, the LAN, a cloud VPC).</summary>
public static class HostRoutes
{
    public static IReadOnlyList<HostRoute> Read(string path = "/proc/net/route")
    {
        if (!File.Exists(path)) return [];
        return Parse(File.ReadAllLines(path));
    }

    public static IReadOnlyList<HostRoute> Parse(IEnumerable<string> lines)
    {
        var routes = new List<HostRoute>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 8) continue;
            if (!uint.TryParse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var dest)
                || !uint.TryParse(f[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
                continue;
            // The kernel prints the values in host (little-endian) byte order of the network-order bytes.
            dest = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(dest);
            mask = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(mask);
            var prefix = System.Numerics.BitOperations.PopCount(mask);
            // The default route covers everything; overlapping it is what every network does, so it is no conflict.
            if (prefix == 0) continue;
            routes.Add(new HostRoute(f[0], new Ipv4Cidr(dest & new Ipv4Cidr(0, prefix).Mask, prefix)));
        }
        return routes;
    }
}
