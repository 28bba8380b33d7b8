using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WorkSpacesEmulator.Networking;

/// <summary>An IPv4 CIDR block, shared by the EC2 network model (VPCs, subnets, address allocation) and the Docker
/// runtime (subnet networks, overlap checks against host routes).</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
    public uint Broadcast => Network | ~Mask;
    public ulong Size => 1UL << (32 - PrefixLength);

    /// <summary>First usable address: the VPC router in AWS, the bridge gateway here.</summary>
    public IPAddress Gateway => ToAddress(Network + 1);

    public bool Contains(uint address) => (address & Mask) == Network;
    public bool Contains(Ipv4Cidr other) => other.PrefixLength >= PrefixLength && Contains(other.Network);
    public bool Overlaps(Ipv4Cidr other) => Contains(other.Network) || other.Contains(Network);

    /// <summary>AWS reserves the network address, the next three (router, DNS, future use) and the broadcast
    /// address of every subnet; a WorkSpace can never have one of them.</summary>
    public bool IsAwsReserved(uint address) => address - Network < 4 || address == Broadcast;

    /// <summary>The address <paramref name="offset"/> places into the block, as text.</summary>
    public string AddressAt(uint offset) => Format(Network + offset);

    public override string ToString() => $"{Format(Network)}/{PrefixLength}";

    /// <summary>Parses a block, dropping host bits as Docker does.</summary>
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
        cidr = c with { Network = address & c.Mask };
        return true;
    }

    /// <summary>Parses a block as EC2 accepts it: host bits set make it invalid.</summary>
    public static bool TryParseStrict(string? text, out Ipv4Cidr cidr) =>
        TryParse(text, out cidr) && TryParseAddress(text![..text!.IndexOf('/')], out var address) && address == cidr.Network;

    /// <summary>A dotted-quad IPv4 address (exactly four parts; "10.1" is not accepted).</summary>
    public static bool TryParseAddress(string? text, out uint address)
    {
        address = 0;
        if (text is null || text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork) return false;
        var b = ip.GetAddressBytes();
        address = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return true;
    }

    public static IPAddress ToAddress(uint address) =>
        new([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]);

    public static string Format(uint address) => $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";
}
