using System.Globalization;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>How a directory names its user objects (DN, UPN, SID), shared by ds and ds-data.</summary>
public static class DirectoryUsers
{
    /// <summary>Simple AD creates <c>Administrator</c> (a Samba domain's built-in RID 500); AWS Managed Microsoft
    /// AD creates a delegated <c>Admin</c> user in the directory's own OU instead.</summary>
    public static string AdminNameFor(string directoryType) => directoryType == DirectoryTypes.MicrosoftAD ? "Admin" : "Administrator";

    public static string NewDomainSid(IIdGenerator ids) =>
        "S-1-5-21-" + string.Join('-', Enumerable.Range(0, 3).Select(_ => uint.Parse(ids.Next("", 9, "0123456789"), CultureInfo.InvariantCulture)));

    public static string DomainDn(string dnsName) => string.Join(',', dnsName.Split('.').Select(label => "DC=" + label));

    /// <summary>Managed Microsoft AD keeps users in <c>OU=Users,OU=&lt;NetBIOS&gt;</c>; Simple AD (Samba) in <c>CN=Users</c>.</summary>
    public static string DistinguishedName(DirectoryRecord directory, string samAccountName) =>
        directory.Type == DirectoryTypes.MicrosoftAD
            ? $"CN={samAccountName},OU=Users,OU={directory.ShortName},{DomainDn(directory.Name)}"
            : $"CN={samAccountName},CN=Users,{DomainDn(directory.Name)}";

    public static string UserPrincipalName(DirectoryRecord directory, string samAccountName) =>
        $"{samAccountName}@{directory.Name.ToUpperInvariant()}";

    /// <summary>A new user record (no password, so disabled, as AD creates accounts without one).</summary>
    public static DirectoryUserRecord New(DirectoryRecord directory, string samAccountName, long rid, DateTimeOffset now,
        string? givenName = null, string? surname = null, string? email = null, IReadOnlyDictionary<string, LdapValue>? other = null) =>
        new(DirectoryUserRecord.KeyFor(directory.Id, samAccountName), directory.Scope, directory.Id, samAccountName,
            $"{directory.DomainSid}-{rid}", DistinguishedName(directory, samAccountName), UserPrincipalName(directory, samAccountName),
            givenName, surname, email, Enabled: false, PasswordHash: null, other, now, now);

    /// <summary>The administrator a new Simple AD / Managed AD directory starts with, enabled with the given password.</summary>
    public static DirectoryUserRecord Admin(DirectoryRecord directory, string password, DateTimeOffset now) =>
        New(directory, AdminNameFor(directory.Type), directory.Type == DirectoryTypes.SimpleAD ? 500 : 1103, now)
            with { Enabled = true, PasswordHash = PasswordHasher.Hash(password) };
}
