using System.Security.Cryptography;
using System.Text;

namespace WorkSpacesEmulator.Gateways.Radius;

/// <summary>The MS-CHAP responses (RFC 2433 for v1, RFC 2759 for v2) a RADIUS client sends in the Microsoft
/// vendor-specific attributes (RFC 2548).</summary>
public static class MsChap
{
    public static byte[] NtPasswordHash(string password) => Md4.Hash(Encoding.Unicode.GetBytes(password));

    /// <summary>RFC 2759 ChallengeHash: the first 8 bytes of SHA1(peer challenge, authenticator challenge, user name).</summary>
    public static byte[] ChallengeHash(byte[] peerChallenge, byte[] authenticatorChallenge, string userName)
    {
        var user = Encoding.ASCII.GetBytes(userName);
        var all = new byte[peerChallenge.Length + authenticatorChallenge.Length + user.Length];
        peerChallenge.CopyTo(all, 0);
        authenticatorChallenge.CopyTo(all, peerChallenge.Length);
        user.CopyTo(all, peerChallenge.Length + authenticatorChallenge.Length);
        return SHA1.HashData(all)[..8];
    }

    /// <summary>The 24-byte response: the 8-byte challenge DES-encrypted with each 7-byte third of the 21-byte
    /// zero-padded password hash.</summary>
    public static byte[] ChallengeResponse(byte[] challenge, byte[] passwordHash)
    {
        var z = new byte[21];
        passwordHash.CopyTo(z, 0);
        var response = new byte[24];
        for (var i = 0; i < 3; i++)
        {
            using var des = DES.Create();
            des.Key = DesKey(z.AsSpan(i * 7, 7));
            des.EncryptEcb(challenge, PaddingMode.None).CopyTo(response, i * 8);
        }
        return response;
    }

    /// <summary>MS-CHAPv2 NT-Response for a user name (without the domain part).</summary>
    public static byte[] V2Response(byte[] authenticatorChallenge, byte[] peerChallenge, string userName, string password) =>
        ChallengeResponse(ChallengeHash(peerChallenge, authenticatorChallenge, userName), NtPasswordHash(password));

    public static byte[] V1Response(byte[] challenge, string password) => ChallengeResponse(challenge, NtPasswordHash(password));

    /// <summary>Spreads 56 key bits over 8 bytes (the low bit of each is DES parity, set odd).</summary>
    private static byte[] DesKey(ReadOnlySpan<byte> k)
    {
        var key = new byte[8];
        key[0] = k[0];
        key[1] = (byte)((k[0] << 7) | (k[1] >> 1));
        key[2] = (byte)((k[1] << 6) | (k[2] >> 2));
        key[3] = (byte)((k[2] << 5) | (k[3] >> 3));
        key[4] = (byte)((k[3] << 4) | (k[4] >> 4));
        key[5] = (byte)((k[4] << 3) | (k[5] >> 5));
        key[6] = (byte)((k[5] << 2) | (k[6] >> 6));
        key[7] = (byte)(k[6] << 1);
        for (var i = 0; i < 8; i++)
        {
            var b = key[i] & 0xfe;
            key[i] = (byte)(b | (BitOperationsParity(b) ? 0 : 1));
        }
        return key;
    }

    private static bool BitOperationsParity(int b) => (System.Numerics.BitOperations.PopCount((uint)b) & 1) == 1;
}
