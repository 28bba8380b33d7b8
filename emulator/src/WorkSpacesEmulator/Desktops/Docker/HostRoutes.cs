using System.Globalization;
using WorkSpacesEmulator.Networking;

namespace WorkSpacesEmulator.Desktops.Docker;

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
