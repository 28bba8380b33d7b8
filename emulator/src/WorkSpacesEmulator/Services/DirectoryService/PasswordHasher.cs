using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Directory passwords are stored only as salted PBKDF2 hashes (never returned by any API), in the
/// form <c>pbkdf2-sha256$iterations$salt$hash</c> (base64), so the iteration count can change later.</summary>
public static partial class PasswordHasher
{
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    // PBKDF2 (100k rounds, ~50 ms of CPU here) was most of every sign-in. A password already proven against a stored
    // hash is remembered in this process's memory only, as HMAC-SHA256(a random per-process key, stored hash + password):
    // the stored hash stays PBKDF2 (nothing reversible is ever persisted), a wrong password always pays the full PBKDF2,
    // and a changed password has a new stored hash (new salt), so an old entry can never match it.
    private const int MaxVerified = 10_000;
    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);
    private static readonly ConcurrentDictionary<string, byte[]> Verified = new(StringComparer.Ordinal);

    public static bool Verify(string? stored, string password)
    {
        if (stored is null) return false;
        var proof = HMACSHA256.HashData(ProcessKey, Encoding.UTF8.GetBytes(stored + "\0" + password));
        if (Verified.TryGetValue(stored, out var known) && CryptographicOperations.FixedTimeEquals(known, proof)) return true;
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations)) return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected)) return false;
        if (Verified.Count >= MaxVerified) Verified.Clear();
        Verified[stored] = proof;
        return true;
    }

    /// <summary>The ds <c>Password</c> shape's rule (8–64 characters, three of: lower case, upper case, digit,
    /// non-alphanumeric), which is also what the directories' default password policy enforces on resets.</summary>
    public static bool IsComplex(string password) => ComplexPassword().IsMatch(password);

    [GeneratedRegex(@"(?=^.{8,64}$)((?=.*\d)(?=.*[A-Z])(?=.*[a-z])|(?=.*\d)(?=.*[^A-Za-z0-9\s])(?=.*[a-z])|(?=.*[^A-Za-z0-9\s])(?=.*[A-Z])(?=.*[a-z])|(?=.*\d)(?=.*[A-Z])(?=.*[^A-Za-z0-9\s]))^.*")]
    private static partial Regex ComplexPassword();
}
