using System.DirectoryServices.Protocols;
using System.Globalization;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.DirectoryService.Data;

namespace WorkSpacesEmulator.Directories;

/// <summary>Users, groups and memberships of a directory that lives in a domain controller, read and written over
/// LDAP: the DC is the only copy, so what samba-tool or ldapadd changes is what ds-data reports, and the other way
/// round. Listings are pages in sAMAccountName order, searched with a server-side sort and a size limit (the cursor
/// is the last sAMAccountName sent), so a page costs a page. Members are the group's <c>member</c> values (found
/// through the DC's <c>memberOf</c> back-links), as AD keeps them; deleting an object drops its memberships in the
/// DC itself. Passwords are set with samba-tool inside the DC (LDAP would need an encrypted connection for unicodePwd).</summary>
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
        "objectVersion", "isDeleted", "lockoutTime", "groupType", "member",
    };

    internal static readonly string[] GroupSummaryAttributes = ["sAMAccountName", "objectSid", "distinguishedName", "groupType"];
    internal static readonly string[] MemberAttributes = ["sAMAccountName", "objectSid", "objectClass"];

    private const string Users = "(&(objectCategory=person)(objectClass=user))";
    internal const string Groups = "(objectClass=group)";
    /// <summary>What can be a member (and a MemberName): users (and computers) and groups.</summary>
    internal const string MemberObjects = "(&(sAMAccountName=*)(|(objectClass=user)(objectClass=group)))";

    private static string UserFilter(string sam) => $"(&(objectCategory=person)(objectClass=user)(sAMAccountName={LdapSession.Escape(sam)}))";

    public DirectoryUserRecord? Find(DirectoryRecord directory, string samAccountName)
    {
        using var ldap = open(directory);
        var entry = ldap.First(DirectoryUsers.DomainDn(directory.Name), UserFilter(samAccountName), "*");
        return entry is null ? null : ToRecord(directory, entry, withOthers: true);
    }

    public DirectoryPage<DirectoryUserRecord> List(DirectoryRecord directory, DirectoryQuery query)
    {
        using var ldap = open(directory);
        // A search answers whole users (with their other attributes); a plain listing answers summaries.
        var searching = query.SearchString is not null;
        return Page(ldap, directory, Users, query, searching ? ["*"] : SummaryAttributes, e => ToRecord(directory, e, withOthers: searching));
    }

    public DirectoryUserRecord Create(DirectoryRecord directory, NewDirectoryUser user, DateTimeOffset now)
    {
        using var ldap = open(directory);
        if (Taken(ldap, directory, user.SAMAccountName))
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
        var entry = ldap.First(DirectoryUsers.DomainDn(directory.Name), UserFilter(user.SAMAccountName), "*")
            ?? throw new InvalidOperationException($"user {user.SAMAccountName} vanished right after it was added");
        return ToRecord(directory, entry, withOthers: true);
    }

    public DirectoryUserRecord? Update(DirectoryRecord directory, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change, DateTimeOffset now)
    {
        using var ldap = open(directory);
        var entry = ldap.First(DirectoryUsers.DomainDn(directory.Name), UserFilter(samAccountName), "*");
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
        OtherChanges(modify, current.OtherAttributes, updated.OtherAttributes);
        if (modify.Modifications.Count > 0) ldap.Send(modify);
        return updated;
    }

    /// <summary>The modifications that turn one set of other attributes into another.</summary>
    private static void OtherChanges(ModifyRequest modify, IReadOnlyDictionary<string, LdapValue>? current, IReadOnlyDictionary<string, LdapValue>? updated)
    {
        var before = current ?? new Dictionary<string, LdapValue>();
        var after = updated ?? new Dictionary<string, LdapValue>();
        foreach (var (name, value) in after)
            if (!before.TryGetValue(name, out var old) || !Values(old).SequenceEqual(Values(value)))
                modify.Modifications.Add(Replace(name, Values(value)));
        foreach (var name in before.Keys.Where(k => !after.ContainsKey(k)))
            modify.Modifications.Add(new DirectoryAttributeModification { Name = name, Operation = DirectoryAttributeOperation.Delete });
    }

    public bool Delete(DirectoryRecord directory, string samAccountName)
    {
        using var ldap = open(directory);
        var entry = ldap.First(DirectoryUsers.DomainDn(directory.Name), UserFilter(samAccountName), "dn");
        if (entry is null) return false;
        ldap.Send(new DeleteRequest(entry.DistinguishedName));
        return true;
    }

    public DirectoryGroup? FindGroup(DirectoryRecord directory, string samAccountName)
    {
        using var ldap = open(directory);
        return GroupEntry(ldap, directory, samAccountName, "*") is { } entry ? ToGroup(entry, withOthers: true) : null;
    }

    public DirectoryPage<DirectoryGroup> ListGroups(DirectoryRecord directory, DirectoryQuery query)
    {
        using var ldap = open(directory);
        var searching = query.SearchString is not null;
        return Page(ldap, directory, Groups, query, searching ? ["*"] : GroupSummaryAttributes, e => ToGroup(e, withOthers: searching));
    }

    public DirectoryGroup CreateGroup(DirectoryRecord directory, NewDirectoryGroup group, DateTimeOffset now)
    {
        using var ldap = open(directory);
        var conflict = new DirectoryConflict($"An object with SAMAccountName {group.SAMAccountName} already exists in directory {directory.Id}.");
        if (Taken(ldap, directory, group.SAMAccountName)) throw conflict;
        var request = new AddRequest(DirectoryUsers.DistinguishedName(directory, group.SAMAccountName),
            new DirectoryAttribute("objectClass", "top", "group"),
            new DirectoryAttribute("sAMAccountName", group.SAMAccountName),
            new DirectoryAttribute("groupType", GroupKinds.Flags(group.GroupType, group.GroupScope).ToString(CultureInfo.InvariantCulture)));
        foreach (var (name, value) in group.OtherAttributes ?? new Dictionary<string, LdapValue>())
            request.Attributes.Add(new DirectoryAttribute(name, Values(value)));
        try
        {
            ldap.Send(request);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode is ResultCode.EntryAlreadyExists)
        {
            throw conflict;
        }
        return ToGroup(GroupEntry(ldap, directory, group.SAMAccountName, "*")
            ?? throw new InvalidOperationException($"group {group.SAMAccountName} vanished right after it was added"), withOthers: true);
    }

    public DirectoryGroup? UpdateGroup(DirectoryRecord directory, string samAccountName, Func<DirectoryGroup, DirectoryGroup> change, DateTimeOffset now)
    {
        using var ldap = open(directory);
        if (GroupEntry(ldap, directory, samAccountName, "*") is not { } entry) return null;
        var current = ToGroup(entry, withOthers: true);
        var updated = change(current);
        var modify = new ModifyRequest(entry.DistinguishedName);
        var flags = GroupKinds.Flags(updated.GroupType, updated.GroupScope);
        if (flags != GroupKinds.Flags(current.GroupType, current.GroupScope))
            modify.Modifications.Add(Replace("groupType", flags.ToString(CultureInfo.InvariantCulture)));
        OtherChanges(modify, current.OtherAttributes, updated.OtherAttributes);
        if (modify.Modifications.Count > 0) ldap.Send(modify);
        return updated;
    }

    public bool DeleteGroup(DirectoryRecord directory, string samAccountName)
    {
        using var ldap = open(directory);
        if (GroupEntry(ldap, directory, samAccountName, "dn") is not { } entry) return false;
        ldap.Send(new DeleteRequest(entry.DistinguishedName));
        return true;
    }

    public GroupMember? FindMember(DirectoryRecord directory, string name)
    {
        using var ldap = open(directory);
        return MemberEntry(ldap, directory, name) is { } entry ? ToMember(entry) : null;
    }

    public MembershipChange AddMember(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now) =>
        ChangeMembers(directory, groupName, memberName, DirectoryAttributeOperation.Add);

    public MembershipChange RemoveMember(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now) =>
        ChangeMembers(directory, groupName, memberName, DirectoryAttributeOperation.Delete);

    public DirectoryPage<GroupMember>? Members(DirectoryRecord directory, string groupName, DirectoryQuery query)
    {
        using var ldap = open(directory);
        if (GroupEntry(ldap, directory, groupName, "dn") is not { } group) return null;
        return Page(ldap, directory, $"(&{MemberObjects}(memberOf={LdapSession.Escape(group.DistinguishedName)}))", query, MemberAttributes, ToMember);
    }

    public DirectoryPage<DirectoryGroup>? GroupsOf(DirectoryRecord directory, string memberName, DirectoryQuery query)
    {
        using var ldap = open(directory);
        if (MemberEntry(ldap, directory, memberName) is not { } member) return null;
        return Page(ldap, directory, $"(&{Groups}(member={LdapSession.Escape(member.DistinguishedName)}))", query, GroupSummaryAttributes, e => ToGroup(e, withOthers: false));
    }

    private MembershipChange ChangeMembers(DirectoryRecord directory, string groupName, string memberName, DirectoryAttributeOperation operation)
    {
        using var ldap = open(directory);
        if (MemberEntry(ldap, directory, memberName) is not { } member) return MembershipChange.MemberMissing;
        if (GroupEntry(ldap, directory, groupName, "dn") is not { } group) return MembershipChange.GroupMissing;
        if (string.Equals(member.DistinguishedName, group.DistinguishedName, StringComparison.OrdinalIgnoreCase)) return MembershipChange.Self;
        return ChangeMember(ldap, group.DistinguishedName, member.DistinguishedName, operation);
    }

    /// <summary>Adds a principal of a trusted domain to the directory's group, or removes it, by its SID: the member value
    /// <c>&lt;SID=S-1-…&gt;</c>, for which the DC creates (on add) and names the foreignSecurityPrincipal
    /// <c>CN=S-1-…,CN=ForeignSecurityPrincipals,…</c>, as Active Directory does. Only domain local groups take members
    /// of another forest or an external domain (AD's rule; Samba 4.17 does not check it).</summary>
    internal static MembershipChange ChangeForeignMember(LdapSession ldap, DirectoryRecord directory, string groupName, string sid, bool add)
    {
        if (GroupEntry(ldap, directory, groupName, "dn", "groupType") is not { } group) return MembershipChange.GroupMissing;
        if (add && ToGroup(group, withOthers: false).GroupScope != GroupKinds.DomainLocal) return MembershipChange.NotDomainLocal;
        return ChangeMember(ldap, group.DistinguishedName, $"<SID={sid}>", add ? DirectoryAttributeOperation.Add : DirectoryAttributeOperation.Delete);
    }

    private static MembershipChange ChangeMember(LdapSession ldap, string groupDn, string member, DirectoryAttributeOperation operation)
    {
        var modification = new DirectoryAttributeModification { Name = "member", Operation = operation };
        modification.Add(member);
        try
        {
            ldap.Send(new ModifyRequest(groupDn, modification));
            return MembershipChange.Done;
        }
        // AD answers an existing value with attributeOrValueExists (Samba: entryAlreadyExists), a missing one with
        // noSuchAttribute (also for the primary group, which is not a member value) or unwillingToPerform (Samba, also
        // for a <SID=…> it has no object for).
        catch (DirectoryOperationException e) when (operation == DirectoryAttributeOperation.Add
            && e.Response?.ResultCode is ResultCode.AttributeOrValueExists or ResultCode.EntryAlreadyExists)
        {
            return MembershipChange.AlreadyMember;
        }
        catch (DirectoryOperationException e) when (operation == DirectoryAttributeOperation.Delete
            && e.Response?.ResultCode is ResultCode.NoSuchAttribute or ResultCode.UnwillingToPerform)
        {
            return MembershipChange.NotMember;
        }
    }

    private static bool Taken(LdapSession ldap, DirectoryRecord directory, string samAccountName) =>
        ldap.First(DirectoryUsers.DomainDn(directory.Name), $"(sAMAccountName={LdapSession.Escape(samAccountName)})", "dn") is not null;

    private static SearchResultEntry? GroupEntry(LdapSession ldap, DirectoryRecord directory, string samAccountName, params string[] attributes) =>
        ldap.First(DirectoryUsers.DomainDn(directory.Name), $"(&{Groups}(sAMAccountName={LdapSession.Escape(samAccountName)}))", attributes);

    private static SearchResultEntry? MemberEntry(LdapSession ldap, DirectoryRecord directory, string name) =>
        ldap.First(DirectoryUsers.DomainDn(directory.Name), $"(&{MemberObjects}(sAMAccountName={LdapSession.Escape(name)}))", MemberAttributes);

    /// <summary>One page of a listing; a search adds ds-data's rule (any searched attribute contains the string) as an
    /// LDAP substring filter.</summary>
    private static DirectoryPage<T> Page<T>(LdapSession ldap, DirectoryRecord directory, string filter, DirectoryQuery query, string[] attributes,
        Func<SearchResultEntry, T> map)
    {
        if (query.SearchString is { } search) filter = $"(&{filter}{SearchFilter(search, query.SearchAttributes ?? [])})";
        var (entries, more) = ldap.Page(DirectoryUsers.DomainDn(directory.Name), filter, query.Limit, query.Cursor, attributes);
        return new DirectoryPage<T>([.. entries.Select(map)], more ? LdapSession.Text(entries[^1], "sAMAccountName") : null);
    }

    private static string SearchFilter(string search, IReadOnlyList<string> attributes)
    {
        var needle = LdapSession.Escape(search.Trim('*'));
        // Attribute names go into the filter as they are: only LDAP attribute descriptions (RFC 4512 keystrings) qualify.
        var terms = attributes.Where(a => a.Length > 0 && char.IsAsciiLetter(a[0]) && a.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            .Select(a => needle.Length == 0 ? $"({a}=*)" : $"({a}=*{needle}*)").ToList();
        return terms.Count == 0 ? "(!(objectClass=*))" : $"(|{string.Concat(terms)})";
    }

    private static DirectoryGroup ToGroup(SearchResultEntry e, bool withOthers)
    {
        var flags = int.TryParse(LdapSession.Text(e, "groupType"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f : GroupKinds.Flags(GroupKinds.Security, GroupKinds.Global);
        var (type, scope) = GroupKinds.FromFlags(flags);
        return new DirectoryGroup(LdapSession.Text(e, "sAMAccountName") ?? "", LdapSession.Sid(e) ?? "", e.DistinguishedName, type, scope,
            withOthers ? Others(e) : null);
    }

    private static GroupMember ToMember(SearchResultEntry e) =>
        new(MemberType(LdapSession.Texts(e, "objectClass")), LdapSession.Text(e, "sAMAccountName") ?? "", LdapSession.Sid(e) ?? "");

    /// <summary>ds-data's MemberType of an AD object by its objectClass values.</summary>
    internal static string MemberType(IReadOnlyList<string> classes) =>
        classes.Contains("computer", StringComparer.OrdinalIgnoreCase) ? "COMPUTER"
        : classes.Contains("group", StringComparer.OrdinalIgnoreCase) ? "GROUP" : "USER";

    /// <summary>The entry's attributes that are neither system-maintained nor ds-data members of their own.</summary>
    private static Dictionary<string, LdapValue>? Others(SearchResultEntry e)
    {
        Dictionary<string, LdapValue>? others = null;
        foreach (string name in e.Attributes.AttributeNames)
        {
            if (System.Contains(name)) continue;
            var values = LdapSession.Texts(e, name);
            if (values.Count == 0) continue;
            others ??= new Dictionary<string, LdapValue>(StringComparer.OrdinalIgnoreCase);
            others[name] = values.Count == 1 ? new LdapValue(S: values[0]) : new LdapValue(SS: values);
        }
        return others;
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
        var others = withOthers ? Others(e) : null;
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
