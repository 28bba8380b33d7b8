using System.Security.Cryptography;
using System.Text;

namespace WorkSpacesEmulator.Storage;

/// <summary>Keeps secrets that must be usable later (a RADIUS shared secret) out of the database file in clear:
/// AES-GCM with a key kept in its own file next to the database (<c>secrets.key</c>, mode 0600); with an
/// in-memory store the key lives only in memory.</summary>
public sealed class SecretProtector
{
    private const string Prefix = "enc:v1:";
    private readonly byte[] _key;

    public SecretProtector(Microsoft.Extensions.Options.IOptions<EmulatorOptions> configured)
    {
        var options = configured.Value;
        if (options.InMemory)
        {
            _key = RandomNumberGenerator.GetBytes(32);
            return;
        }
        Directory.CreateDirectory(options.DataDir);
        var path = Path.Combine(options.DataDir, "secrets.key");
        if (File.Exists(path) && File.ReadAllBytes(path) is { Length: 32 } existing)
        {
            _key = existing;
            return;
        }
        _key = RandomNumberGenerator.GetBytes(32);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            file.Write(_key);
        }
    }

    public string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(_key, 16)) aes.Encrypt(nonce, plain, cipher, tag);
        return Prefix + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    /// <summary>The clear secret; a value stored before secrets were protected is returned as it is.</summary>
    public string Unprotect(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal)) return stored;
        var all = Convert.FromBase64String(stored[Prefix.Length..]);
        var plain = new byte[all.Length - 28];
        using (var aes = new AesGcm(_key, 16)) aes.Decrypt(all.AsSpan(0, 12), all.AsSpan(28), all.AsSpan(12, 16), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
