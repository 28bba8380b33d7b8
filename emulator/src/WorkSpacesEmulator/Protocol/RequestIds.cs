namespace WorkSpacesEmulator.Protocol;

/// <summary>Request ids (<c>x-amzn-RequestId</c>) in AWS's form, a version-4 UUID. They must be unique, not secret, so
/// they come from the process's fast generator: <c>Guid.NewGuid</c> asks the kernel for random bytes on every call (a
/// getrandom system call per request with this glibc), which showed in the request profile.</summary>
public static class RequestIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (high nibble of the little-endian third group)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}
