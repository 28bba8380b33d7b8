using System.Net;

namespace WorkSpacesEmulator.Services.Ec2;

/// <summary>An IPv4 CIDR block: parsing, containment, overlap and address arithmetic.</summary>
public readonly record struct Cidr(uint Network, int PrefixLength)
{
    public uint Size => PrefixLength == 0 ? uint.MaxValue : 1u << (32 - PrefixLength);
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public uint Last => Network + (Size - 1);

    public static bool TryParse(string? text, out Cidr cidr)
    {
        cidr = default;
        if (text is null) return false;
        var slash = text.IndexOf('/');
        if (slash <= 0 || !int.TryParse(text.AsSpan(slash + 1), out var prefix) || prefix is < 0 or > 32) return false;
        if (!TryParseAddress(text[..slash], out var address)) return false;
        var mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        if ((address & mask) != address) return false; // host bits set: EC2 rejects such blocks
        cidr = new Cidr(address, prefix);
        return true;
    }

    public static bool TryParseAddress(string text, out uint address)
    {
        address = 0;
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || text.Count(c => c == '.') != 3) return false;
        var b = ip.GetAddressBytes();
        address = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return true;
    }

    public static string Format(uint address) => $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";

    public bool Contains(uint address) => (address & Mask) == Network;
    public bool Contains(Cidr other) => other.PrefixLength >= PrefixLength && Contains(other.Network);
    public bool Overlaps(Cidr other) => Contains(other.Network) || other.Contains(Network);

    /// <summary>The address <paramref name="offset"/> places into the block (AWS reserves offsets 0-3 and the last).</summary>
    public string AddressAt(uint offset) => Format(Network + offset);

    public override string ToString() => $"{Format(Network)}/{PrefixLength}";
}
