using System.Security.Cryptography;

namespace WorkSpacesEmulator.Storage;

/// <summary>The one id service: every resource id is made here, in the formats the models' patterns require
/// (<c>ws-[0-9a-z]{9}</c>, <c>d-[0-9a-f]{10}</c>, <c>vpc-[0-9a-f]{17}</c>, …). Injectable so tests are deterministic.</summary>
public interface IIdGenerator
{
    /// <summary><paramref name="prefix"/> followed by <paramref name="length"/> characters of <paramref name="alphabet"/>.</summary>
    string Next(string prefix, int length, string alphabet);
}

public sealed class RandomIdGenerator : IIdGenerator
{
    public string Next(string prefix, int length, string alphabet) =>
        prefix + RandomNumberGenerator.GetString(alphabet, length);
}

public static class Ids
{
    public const string Hex = "0123456789abcdef";
    public const string LowerAlnum = "0123456789abcdefghijklmnopqrstuvwxyz";
    public const string UpperAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string Workspace(this IIdGenerator g) => g.Next("ws-", 9, LowerAlnum);
    public static string Bundle(this IIdGenerator g) => g.Next("wsb-", 9, LowerAlnum);
    public static string Directory(this IIdGenerator g) => g.Next("d-", 10, Hex);
    public static string Vpc(this IIdGenerator g) => g.Next("vpc-", 17, Hex);
    public static string Subnet(this IIdGenerator g) => g.Next("subnet-", 17, Hex);
    public static string SecurityGroup(this IIdGenerator g) => g.Next("sg-", 17, Hex);
    public static string NetworkInterface(this IIdGenerator g) => g.Next("eni-", 17, Hex);
    public static string Attachment(this IIdGenerator g) => g.Next("eni-attach-", 17, Hex);
}
