using System.Security.Cryptography;
using System.Text;

namespace WorkSpacesEmulator.Admin;

/// <summary>Signs the links the emulator hands out for unauthenticated fetches (client-branding logos, which a
/// browser loads without SigV4), like the presigned S3 URLs AWS returns: knowing an account and directory id is not
/// enough to fetch another account's logo. The key lives for the process, so links expire at restart.</summary>
public static class LinkSigner
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public static string Sign(string path) => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(path)));

    public static bool Verify(string path, string? signature) =>
        signature is { Length: 64 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(path)), Encoding.ASCII.GetBytes(signature));
}
