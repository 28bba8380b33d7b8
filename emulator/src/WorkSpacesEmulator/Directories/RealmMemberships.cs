using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.DirectoryService.Data;

namespace WorkSpacesEmulator.Directories;

/// <summary>Group memberships of ds-data's Realm (where the group lives) and MemberRealm (where the member lives): the
/// directory's own domain (a null trust: its store) or a Verified trusted domain (read through the trust, see
/// <see cref="TrustedRealms"/>). A member from another domain is what Active Directory makes of it: a
/// foreignSecurityPrincipal named by the member's SID in the group's domain, which its own domain knows by name. So a
/// group's members of another realm are its foreignSecurityPrincipal members whose SIDs that realm resolves, and a
/// member's groups in any realm are those whose member value is its SID (<c>member=&lt;SID=…&gt;</c>, which the DC
/// resolves to the member itself or to its foreignSecurityPrincipal). Only the directory's own groups are written
/// (AddGroupMember and RemoveGroupMember have no Realm). Listings across realms are read whole and paged in memory.</summary>
public sealed partial class RealmMemberships(DirectoryUserStores stores, DomainControllers controllers, TrustedRealms realms)
{
    /// <summary>The group's direct members that belong to memberRealm, by their names there; null when groupRealm has no such group.</summary>
    public async ValueTask<DirectoryPage<GroupMember>?> MembersAsync(DirectoryRecord directory, TrustRecord? groupRealm, TrustRecord? memberRealm,
        string groupName, DirectoryQuery query, CancellationToken ct)
    {
        if (groupRealm is null && memberRealm is null) return stores.For(directory).Members(directory, groupName, query);
        var found = await SearchAsync(directory, groupRealm, $"(&{LdapUserStore.Groups}(sAMAccountName={LdapSession.Escape(groupName)}))", ["member"], ct);
        if (found.Count == 0) return null;
        if (Same(groupRealm, memberRealm))
            return Page(await SearchAsync(directory, groupRealm, $"(&{LdapUserStore.MemberObjects}(memberOf={LdapSession.Escape(found[0]["dn"][0])}))",
                LdapUserStore.MemberAttributes, ct), query);
        // The foreignSecurityPrincipals among the member values, by the SID they are named after (a trusted domain's
        // account may not read their memberOf back-links, but reads the group's member values).
        var sids = found[0].All("member").Select(v => ForeignSid().Match(v)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).ToList();
        if (sids.Count == 0) return RecordUserStore.Page(Array.Empty<GroupMember>(), query);
        var bySid = $"(|{string.Concat(sids.Select(s => $"(objectSid={LdapSession.Escape(s)})"))})";
        return Page(await SearchAsync(directory, memberRealm, $"(&{LdapUserStore.MemberObjects}{bySid})", LdapUserStore.MemberAttributes, ct), query);
    }

    /// <summary>The groups of groupRealm that list memberRealm's user, group or computer directly; null when memberRealm has no such member.</summary>
    public async ValueTask<DirectoryPage<DirectoryGroup>?> GroupsOfAsync(DirectoryRecord directory, TrustRecord? groupRealm, TrustRecord? memberRealm,
        string memberName, DirectoryQuery query, CancellationToken ct)
    {
        if (groupRealm is null && memberRealm is null) return stores.For(directory).GroupsOf(directory, memberName, query);
        if (await MemberAsync(directory, memberRealm, memberName, ct) is not { } member) return null;
        var groups = await SearchAsync(directory, groupRealm, $"(&{LdapUserStore.Groups}(member=<SID={LdapSession.Escape(member.Sid)}>))",
            LdapUserStore.GroupSummaryAttributes, ct);
        return RecordUserStore.Page(groups.Select(TrustedRealms.ToGroup).OrderBy(g => g.SAMAccountName, StringComparer.OrdinalIgnoreCase), query);
    }

    /// <summary>Adds memberRealm's user, group or computer to the directory's own group, or removes it (the store looks the
    /// member up first, then the group, as <see cref="IDirectoryUserStore.AddMember"/>).</summary>
    public async ValueTask<MembershipChange> ChangeAsync(DirectoryRecord directory, TrustRecord? memberRealm, string groupName, string memberName, bool add,
        DateTimeOffset now, CancellationToken ct)
    {
        if (memberRealm is null)
        {
            var own = stores.For(directory);
            return add ? own.AddMember(directory, groupName, memberName, now) : own.RemoveMember(directory, groupName, memberName, now);
        }
        if (await MemberAsync(directory, memberRealm, memberName, ct) is not { } member) return MembershipChange.MemberMissing;
        using var ldap = controllers.Open(directory);
        return LdapUserStore.ChangeForeignMember(ldap, directory, groupName, member.Sid, add);
    }

    private async Task<GroupMember?> MemberAsync(DirectoryRecord directory, TrustRecord? realm, string name, CancellationToken ct) =>
        (await SearchAsync(directory, realm, $"(&{LdapUserStore.MemberObjects}(sAMAccountName={LdapSession.Escape(name)}))", LdapUserStore.MemberAttributes, ct))
            .Select(ToMember).FirstOrDefault();

    /// <summary>A search of one realm's domain: the directory's DC over LDAP, or the trusted domain through the trust.</summary>
    private async Task<List<Dictionary<string, List<string>>>> SearchAsync(DirectoryRecord directory, TrustRecord? realm, string filter, string[] attributes,
        CancellationToken ct)
    {
        if (realm is not null) return await realms.SearchAsync(directory, realm, filter, ct, attributes);
        using var ldap = controllers.Open(directory);
        return ldap.Entries(DirectoryUsers.DomainDn(directory.Name), filter, attributes);
    }

    private static DirectoryPage<GroupMember> Page(IEnumerable<Dictionary<string, List<string>>> entries, DirectoryQuery query) =>
        RecordUserStore.Page(entries.Select(ToMember).OrderBy(m => m.SAMAccountName, StringComparer.OrdinalIgnoreCase), query);

    private static GroupMember ToMember(Dictionary<string, List<string>> e) =>
        new(LdapUserStore.MemberType(e.All("objectClass")), e.First("sAMAccountName") ?? "", e.First("objectSid") ?? "");

    [System.Text.RegularExpressions.GeneratedRegex(@"^CN=(S-1-[0-9-]+),CN=ForeignSecurityPrincipals,", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ForeignSid();

    private static bool Same(TrustRecord? a, TrustRecord? b) => a?.Id == b?.Id;
}
