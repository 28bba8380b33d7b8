namespace WorkSpacesEmulator.Protocol.Auth;

/// <summary>One configured access key: its secret and the account it signs in to.</summary>
public sealed record EmulatorCredential(string AccessKeyId, string SecretAccessKey, string Account);

/// <summary>The access keys strict mode accepts (EMULATOR_CREDENTIALS=AKID:SECRET[:ACCOUNT],…). A key without an
/// account signs in to the account its id names when that is 12 digits, else to the default account.</summary>
public sealed class EmulatorCredentials
{
    private readonly Dictionary<string, EmulatorCredential> _byKey;

    public EmulatorCredentials(IEnumerable<EmulatorCredential> credentials) =>
        _byKey = credentials.ToDictionary(c => c.AccessKeyId, StringComparer.Ordinal);

    public int Count => _byKey.Count;

    public EmulatorCredential? Find(string accessKeyId) => _byKey.GetValueOrDefault(accessKeyId);

    public static EmulatorCredentials Parse(string? text, string defaultAccount)
    {
        var list = new List<EmulatorCredential>();
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new FormatException($"EMULATOR_CREDENTIALS entry '{Mask(entry)}' is not AKID:SECRET[:ACCOUNT].");
            var account = parts.Length == 3 ? parts[2] : IsAccountId(parts[0]) ? parts[0] : defaultAccount;
            if (!IsAccountId(account))
                throw new FormatException($"EMULATOR_CREDENTIALS: the account of {parts[0]} must be 12 digits.");
            list.Add(new EmulatorCredential(parts[0], parts[1], account));
        }
        return new EmulatorCredentials(list);
    }

    public static bool IsAccountId(string s) => s.Length == 12 && s.All(char.IsAsciiDigit);

    // A configuration error must not print the secret.
    private static string Mask(string entry) => entry.Split(':')[0] + ":***";
}
