using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WorkSpacesEmulator.Gateways.Radius;

/// <summary>RFC 2865 Access-Request encoding and response checking, for the protocols Directory Service offers
/// (PAP, CHAP, MS-CHAPv1, MS-CHAPv2).</summary>
public static class RadiusPacket
{
    public const byte AccessRequest = 1, AccessAccept = 2, AccessReject = 3, AccessChallenge = 11;
    private const byte UserName = 1, UserPassword = 2, ChapPassword = 3, NasIdentifier = 32, ChapChallenge = 60, VendorSpecific = 26, MessageAuthenticator = 80;
    private const uint Microsoft = 311;
    private const byte MsChapResponse = 1, MsChapChallenge = 11, MsChap2Response = 25;

    /// <summary>Builds an Access-Request; returns the packet and its Request Authenticator (needed to check the answer).</summary>
    public static (byte[] Packet, byte[] Authenticator) AccessRequestFor(byte identifier, string protocol, string userName, string password, byte[] secret)
    {
        var authenticator = RandomNumberGenerator.GetBytes(16);
        var attributes = new List<byte[]> { Attribute(UserName, Encoding.UTF8.GetBytes(userName)) };
        switch (protocol.ToUpperInvariant())
        {
            case "PAP":
                attributes.Add(Attribute(UserPassword, HidePassword(Encoding.UTF8.GetBytes(password), secret, authenticator)));
                break;
            case "CHAP":
            {
                var challenge = RandomNumberGenerator.GetBytes(16);
                var chapId = identifier;
                var digest = MD5.HashData([chapId, .. Encoding.UTF8.GetBytes(password), .. challenge]);
                attributes.Add(Attribute(ChapPassword, [chapId, .. digest]));
                attributes.Add(Attribute(ChapChallenge, challenge));
                break;
            }
            case "MS-CHAPV1":
            {
                var challenge = RandomNumberGenerator.GetBytes(8);
                var response = new byte[50];
                response[0] = identifier;
                response[1] = 1; // use the NT-Response
                MsChap.V1Response(challenge, password).CopyTo(response, 26);
                attributes.Add(Vendor(MsChapChallenge, challenge));
                attributes.Add(Vendor(MsChapResponse, response));
                break;
            }
            case "MS-CHAPV2":
            {
                var challenge = RandomNumberGenerator.GetBytes(16);
                var peer = RandomNumberGenerator.GetBytes(16);
                var response = new byte[50];
                response[0] = identifier;
                peer.CopyTo(response, 2);
                MsChap.V2Response(challenge, peer, BareUserName(userName), password).CopyTo(response, 26);
                attributes.Add(Vendor(MsChapChallenge, challenge));
                attributes.Add(Vendor(MsChap2Response, response));
                break;
            }
            default:
                throw new ArgumentException($"RADIUS authentication protocol {protocol} is not supported", nameof(protocol));
        }
        attributes.Add(Attribute(NasIdentifier, Encoding.ASCII.GetBytes("workspaces-emulator")));
        // Message-Authenticator (RFC 3579) protects the request as a whole; filled in once the packet is laid out.
        attributes.Add(Attribute(MessageAuthenticator, new byte[16]));

        var length = 20 + attributes.Sum(a => a.Length);
        var packet = new byte[length];
        packet[0] = AccessRequest;
        packet[1] = identifier;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)length);
        authenticator.CopyTo(packet, 4);
        var offset = 20;
        foreach (var a in attributes) { a.CopyTo(packet, offset); offset += a.Length; }
        HMACMD5.HashData(secret, packet).CopyTo(packet, length - 16);
        return (packet, authenticator);
    }

    /// <summary>The answer's code when it is a well-formed response to this request signed with the secret, else null.</summary>
    public static byte? VerifyResponse(ReadOnlySpan<byte> response, byte identifier, byte[] requestAuthenticator, byte[] secret)
    {
        if (response.Length < 20 || response[1] != identifier) return null;
        var length = BinaryPrimitives.ReadUInt16BigEndian(response[2..]);
        if (length < 20 || length > response.Length) return null;
        var copy = response[..length].ToArray();
        var received = copy[4..20];
        requestAuthenticator.CopyTo(copy, 4);
        var expected = MD5.HashData([.. copy, .. secret]);
        return CryptographicOperations.FixedTimeEquals(expected, received) ? copy[0] : null;
    }

    /// <summary>RFC 2865 §5.2: the password padded to 16-byte blocks, each XORed with MD5(secret + previous block).</summary>
    public static byte[] HidePassword(byte[] password, byte[] secret, byte[] authenticator)
    {
        var padded = new byte[Math.Max(16, (password.Length + 15) / 16 * 16)];
        password.CopyTo(padded, 0);
        var previous = authenticator;
        for (var i = 0; i < padded.Length; i += 16)
        {
            var b = MD5.HashData([.. secret, .. previous]);
            for (var j = 0; j < 16; j++) padded[i + j] ^= b[j];
            previous = padded[i..(i + 16)];
        }
        return padded;
    }

    private static string BareUserName(string userName)
    {
        var slash = userName.IndexOf('\\');
        return slash >= 0 ? userName[(slash + 1)..] : userName;
    }

    private static byte[] Attribute(byte type, byte[] value)
    {
        if (value.Length > 253) throw new ArgumentException("RADIUS attribute value too long");
        return [type, (byte)(value.Length + 2), .. value];
    }

    private static byte[] Vendor(byte vendorType, byte[] value)
    {
        var inner = new byte[6 + value.Length + 2];
        BinaryPrimitives.WriteUInt32BigEndian(inner, Microsoft);
        inner[4] = vendorType;
        inner[5] = (byte)(value.Length + 2);
        value.CopyTo(inner, 6);
        return Attribute(VendorSpecific, inner[..(6 + value.Length)]);
    }
}
