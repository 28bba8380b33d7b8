using System.DirectoryServices.Protocols;
using System.Globalization;
using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Directories;

/// <summary>Users of a directory that lives in a domain controller, read and written over LDAP: the DC is the only
/// copy, so what samba-tool or ldapadd changes is what ds-data reports, and the other way round. Passwords are set
/// with samba-tool inside the DC (LDAP would need an encrypted connection for unicodePwd).</summary>
public sealed class LdapUserStore(Func<DirectoryRecord, LdapSession> open, IDomainControllerRuntime? runtime) : IDirectoryUserStore
{
    private const int AccountDisable = 0x2;
    private const int NormalAccount = 0x200;

    private static readonly string[] SummaryAttributes =
        ["sAMAccountName", "objectSid", "distinguishedName", "userPrincipalName", "givenName", "sn", "mail", "userAccountControl", "whenCreated", "whenChanged"];

    /// <summary>Operational and security attributes the directory maintains: never reported as OtherAttributes.</summary>
    private static readonly HashSet<string> System = new(StringComparer.OrdinalIgnoreCase)
    {
        "objectGUID", "objectSid", "objectClass", "objectCategory", "instanceType", "nTSecurityDescriptor", "whenCreated", "whenChanged",
        "uSNCreated", "uSNChanged", "pwdLastSet", "badPwdCount", "badPasswordTime", "lastLogon", "lastLogoff", "logonCount",
        "lastLogonTimestamp", "codePage", "countryCode", "accountExpires", "primaryGroupID", "sAMAccountType", "dSCorePropagationData",
        "isCriticalSystemObject", "showInAdvancedViewOnly", "adminCount", "msDS-SupportedEncryptionTypes", "name", "cn",
        "sAMAccountName", "distinguishedName", "userPrincipalName", "givenName", "sn", "mail", "userAccountControl", "memberOf",
        "supplementalCredentials", "unicodePwd", "dBCSPwd", "ntPwdHistory", "lmPwdHistory", "msDS-KeyVersionNumber", "replPropertyMetaData",
        "objectVersion", "isDeleted", "lockoutTime",
    };

    private static string UserFilter(string sam) => $"(&(objectCategory=person)(objectClass=user)(sAMAccountName={LdapSession.Escape(sam)}))";

    public DirectoryUserRecord? Find(DirectoryRecord directory, string samAccountName)
    {
        using var ldap = open(directory);
        var entry = ldap.Search(DirectoryUsers.DomainDn(directory.Name), UserFilter(samAccountName), "*").FirstOrDefault();
        return entry is null ? null : ToRecord(directory, entry, withOthers: true);
    }

    public IReadOnlyList<DirectoryUserRecord> List(DirectoryRecord directory)
    {
        using var ldap = open(directory);
        return [.. ldap.Search(DirectoryUsers.DomainDn(directory.Name), "(&(objectCategory=person)(objectClass=user))", SummaryAttributes)
            .Select(e => ToRecord(directory, e, withOthers: false))
            .OrderBy(u => u.SAMAccountName, StringComparer.OrdinalIgnoreCase)];
    }

    public DirectoryUserRecord Create(DirectoryRecord directory, NewDirectoryUser user, DateTimeOffset now)
    {
        using var ldap = open(directory);
        if (ldap.Search(DirectoryUsers.DomainDn(directory.Name), $"(sAMAccountName={LdapSession.Escape(user.SAMAccountName)})", "dn").Count > 0)
            throw new DirectoryConflict($"A user with SAMAccountName {user.SAMAccountName} already exists in directory {directory.Id}.");
        var dn = DirectoryUsers.DistinguishedName(directory, user.SAMAccountName);
        var request = new AddRequest(dn,
            new DirectoryAttribute("objectClass", "top", "person", "organizationalPerson", "user"),
            new DirectoryAttribute("sAMAccountName", user.SAMAccountName),
            new DirectoryAttribute("userPrincipalName", DirectoryUsers.UserPrincipalName(directory, user.SAMAccountName)),
            // No password yet: disabled, as AD creates such accounts.
            new DirectoryAttribute("userAccountControl", (NormalAccount | AccountDisable).ToString(CultureInfo.InvariantCulture)));
        if (user.GivenName is { } g) request.Attributes.Add(new DirectoryAttribute("givenName", g));
        if (user.Surname is { } s) request.Attributes.Add(new DirectoryAttribute("sn", s));
        if (user.EmailAddress is { } m) request.Attributes.Add(new DirectoryAttribute("mail", m));
        foreach (var (name, value) in user.OtherAttributes ?? new Dictionary<string, LdapValue>())
            request.Attributes.Add(new DirectoryAttribute(name, Values(value)));
        try
        {
            ldap.Send(request);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode is ResultCode.EntryAlreadyExists)
        {
            throw new DirectoryConflict($"A user with SAMAccountName {user.SAMAccountName} already exists in directory {directory.Id}.");
        }
        var entry = ldap.Search(DirectoryUsers.DomainDn(directory.Name), UserFilter(user.SAMAccountName), "*").First();
        return ToRecord(directory, entry, withOthers: true);
    }

    public DirectoryUserRecord? Update(DirectoryRecord directory, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change, DateTimeOffset now)
    {
        using var ldap = open(directory);
        var entry = ldap.Search(DirectoryUsers.DomainDn(directory.Name), UserFilter(samAccountName), "*").FirstOrDefault();
        if (entry is null) return null;
        var current = ToRecord(directory, entry, withOthers: true);
        var updated = change(current);
        var modify = new ModifyRequest(entry.DistinguishedName);
        void Field(string attribute, string? before, string? after)
        {
            if (before == after) return;
            modify.Modifications.Add(after is null
                ? new DirectoryAttributeModification { Name = attribute, Operation = DirectoryAttributeOperation.Delete }
                : Replace(attribute, after));
        }
        Field("givenName", current.GivenName, updated.GivenName);
        Field("sn", current.Surname, updated.Surname);
        Field("mail", current.EmailAddress, updated.EmailAddress);
        if (current.Enabled != updated.Enabled)
        {
            var uac = int.Parse(LdapSession.Text(entry, "userAccountControl") ?? "512", CultureInfo.InvariantCulture);
            uac = updated.Enabled ? uac & ~AccountDisable : uac | AccountDisable;
            modify.Modifications.Add(Replace("userAccountControl", uac.ToString(CultureInfo.InvariantCulture)));
        }
        var before = current.OtherAttributes ?? new Dictionary<string, LdapValue>();
        var after = updated.OtherAttributes ?? new Dictionary<string, LdapValue>();
        foreach (var (name, value) in after)
            if (!before.TryGetValue(name, out var old) || !Values(old).SequenceEqual(Values(value)))
                modify.Modifications.Add(Replace(name, Values(value)));
        foreach (var name in before.Keys.Where(k => !after.ContainsKey(k)))
            modify.Modifications.Add(new DirectoryAttributeModification { Name = name, Operation = DirectoryAttributeOperation.Delete });
        if (modify.Modifications.Count > 0) ldap.Send(modify);
        return updated;
    }

    public bool Delete(DirectoryRecord directory, string samAccountName)
    {
        using var ldap = open(directory);
        var entry = ldap.Search(DirectoryUsers.DomainDn(directory.Name), UserFilter(samAccountName), "dn").FirstOrDefault();
        if (entry is null) return false;
        ldap.Send(new DeleteRequest(entry.DistinguishedName));
        return true;
    }

    public async Task SetPasswordAsync(DirectoryRecord directory, string samAccountName, string password, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (runtime is null) throw new InvalidOperationException("passwords of this directory are managed outside the emulator");
        var set = await runtime.ExecAsync(directory.Id, ["samba-tool", "user", "setpassword", samAccountName, "--newpassword=" + password], cancellationToken);
        if (set.ExitCode != 0)
        {
            var why = (set.Stderr + set.Stdout).Trim();
            if (why.Contains("complexity", StringComparison.OrdinalIgnoreCase) || why.Contains("password", StringComparison.OrdinalIgnoreCase) && why.Contains("constraint", StringComparison.OrdinalIgnoreCase))
                throw new DirectoryPasswordRejected("The new password does not meet the directory's password policy: " + why);
            throw new InvalidOperationException($"samba-tool user setpassword {samAccountName} failed: {why}");
        }
        // A reset also re-enables the account (the documented way back from ds-data DisableUser).
        await runtime.ExecAsync(directory.Id, ["samba-tool", "user", "enable", samAccountName], cancellationToken);
    }

    private static DirectoryAttributeModification Replace(string name, params string[] values)
    {
        var m = new DirectoryAttributeModification { Name = name, Operation = DirectoryAttributeOperation.Replace };
        m.AddRange(values);
        return m;
    }

    private static string[] Values(LdapValue v) =>
        v.SS is { } ss ? [.. ss]
        : v.N is { } n ? [n.ToString(CultureInfo.InvariantCulture)]
        : v.Bool is { } b ? [b ? "TRUE" : "FALSE"]
        : [v.S ?? ""];

    internal static DirectoryUserRecord ToRecord(DirectoryRecord directory, SearchResultEntry e, bool withOthers)
    {
        var sam = LdapSession.Text(e, "sAMAccountName") ?? "";
        var uac = int.TryParse(LdapSession.Text(e, "userAccountControl"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? u : NormalAccount;
        Dictionary<string, LdapValue>? others = null;
        if (withOthers)
        {
            foreach (string name in e.Attributes.AttributeNames)
            {
                if (System.Contains(name)) continue;
                var values = LdapSession.Texts(e, name);
                if (values.Count == 0) continue;
                others ??= new Dictionary<string, LdapValue>(StringComparer.OrdinalIgnoreCase);
                others[name] = values.Count == 1 ? new LdapValue(S: values[0]) : new LdapValue(SS: values);
            }
        }
        return new DirectoryUserRecord(DirectoryUserRecord.KeyFor(directory.Id, sam), directory.Scope, directory.Id, sam,
            LdapSession.Sid(e) ?? "", e.DistinguishedName, LdapSession.Text(e, "userPrincipalName") ?? DirectoryUsers.UserPrincipalName(directory, sam),
            LdapSession.Text(e, "givenName"), LdapSession.Text(e, "sn"), LdapSession.Text(e, "mail"),
            Enabled: (uac & AccountDisable) == 0, PasswordHash: null, others, GeneralizedTime(LdapSession.Text(e, "whenCreated")),
            GeneralizedTime(LdapSession.Text(e, "whenChanged")));
    }

    private static DateTimeOffset GeneralizedTime(string? value) =>
        value is { Length: >= 14 } && DateTimeOffset.TryParseExact(value[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.UnixEpoch;
}
