using System.Buffers.Binary;
using System.Numerics;

namespace WorkSpacesEmulator.Gateways.Radius;

/// <summary>MD4 (RFC 1320), which MS-CHAP's NT password hash needs and .NET does not ship. Used for nothing else.</summary>
public static class Md4
{
    public static byte[] Hash(ReadOnlySpan<byte> input)
    {
        var length = input.Length;
        var padded = new byte[((length + 8) / 64 + 1) * 64];
        input.CopyTo(padded);
        padded[length] = 0x80;
        BinaryPrimitives.WriteUInt64LittleEndian(padded.AsSpan(padded.Length - 8), (ulong)length * 8);

        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        Span<uint> x = stackalloc uint[16];
        for (var block = 0; block < padded.Length; block += 64)
        {
            for (var i = 0; i < 16; i++) x[i] = BinaryPrimitives.ReadUInt32LittleEndian(padded.AsSpan(block + i * 4));
            uint aa = a, bb = b, cc = c, dd = d;
            foreach (var i in new[] { 0, 4, 8, 12 })
            {
                a = R1(a, b, c, d, x[i], 3); d = R1(d, a, b, c, x[i + 1], 7); c = R1(c, d, a, b, x[i + 2], 11); b = R1(b, c, d, a, x[i + 3], 19);
            }
            foreach (var i in new[] { 0, 1, 2, 3 })
            {
                a = R2(a, b, c, d, x[i], 3); d = R2(d, a, b, c, x[i + 4], 5); c = R2(c, d, a, b, x[i + 8], 9); b = R2(b, c, d, a, x[i + 12], 13);
            }
            foreach (var i in new[] { 0, 2, 1, 3 })
            {
                a = R3(a, b, c, d, x[i], 3); d = R3(d, a, b, c, x[i + 8], 9); c = R3(c, d, a, b, x[i + 4], 11); b = R3(b, c, d, a, x[i + 12], 15);
            }
            a += aa; b += bb; c += cc; d += dd;
        }
        var output = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(output, a);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(12), d);
        return output;
    }

    private static uint R1(uint a, uint b, uint c, uint d, uint x, int s) => BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x, s);
    private static uint R2(uint a, uint b, uint c, uint d, uint x, int s) => BitOperations.RotateLeft(a + ((b & c) | (b & d) | (c & d)) + x + 0x5a827999, s);
    private static uint R3(uint a, uint b, uint c, uint d, uint x, int s) => BitOperations.RotateLeft(a + (b ^ c ^ d) + x + 0x6ed9eba1, s);
}
