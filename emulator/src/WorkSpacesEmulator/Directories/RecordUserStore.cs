using System.Globalization;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.DirectoryService.Data;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Directories;

/// <summary>Users and groups of a simulated directory: records in the store, passwords as salted hashes, members
/// listed on the group record. Listings are in creation order, paged by offset.</summary>
public sealed class RecordUserStore(Store store, TimeProvider time) : IDirectoryUserStore
{
    private const string UserMember = "USER";
    private const string GroupMemberType = "GROUP";

    // Users and groups share one sAMAccountName namespace; membership changes take the same gate so that a member
    // deleted meanwhile never stays behind in a group.
    private readonly Lock _gate = new();

    private ResourceTable<DirectoryUserRecord> Users => store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);
    private ResourceTable<DirectoryGroupRecord> Groups => store.Table<DirectoryGroupRecord>(ResourceKinds.DirectoryGroups);
    private ResourceTable<DirectoryRecord> Directories => store.Table<DirectoryRecord>(ResourceKinds.Directories);

    public DirectoryUserRecord? Find(DirectoryRecord directory, string samAccountName) =>
        Users.Get(directory.Scope, DirectoryUserRecord.KeyFor(directory.Id, samAccountName));

    public DirectoryPage<DirectoryUserRecord> List(DirectoryRecord directory, DirectoryQuery query) =>
        Page(Users.List(directory.Scope).Where(u => u.DirectoryId == directory.Id
            && (query.SearchString is null || LdapAttributes.Contains(LdapAttributes.Select(u, query.SearchAttributes), query.SearchString))), query);

    public DirectoryUserRecord Create(DirectoryRecord directory, NewDirectoryUser user, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (Find(directory, user.SAMAccountName) is not null || GroupRecord(directory, user.SAMAccountName) is not null)
                throw new DirectoryConflict($"A user with SAMAccountName {user.SAMAccountName} already exists in directory {directory.Id}.");
            var record = DirectoryUsers.New(directory, user.SAMAccountName, AllocateRid(directory), now,
                user.GivenName, user.Surname, user.EmailAddress, user.OtherAttributes);
            Users.Put(record);
            return record;
        }
    }

    public DirectoryUserRecord? Update(DirectoryRecord directory, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change, DateTimeOffset now) =>
        Find(directory, samAccountName) is { } user ? Users.Update(directory.Scope, user.Id, u => change(u) with { UpdatedAt = now }) : null;

    public bool Delete(DirectoryRecord directory, string samAccountName)
    {
        lock (_gate)
        {
            if (Find(directory, samAccountName) is not { } user || !Users.Delete(directory.Scope, user.Id)) return false;
            RemoveFromAllGroups(directory, user.Sid, time.GetUtcNow());
            return true;
        }
    }

    public Task SetPasswordAsync(DirectoryRecord directory, string samAccountName, string password, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Difference from AWS: one fixed policy (the CreateDirectory password rule) instead of the directory's own policy.
        if (!PasswordHasher.IsComplex(password))
            throw new DirectoryPasswordRejected("The new password does not meet the directory's password policy: 8 to 64 characters, including three of lower-case letters, upper-case letters, digits and non-alphanumeric characters.");
        Update(directory, samAccountName, u => u with { PasswordHash = PasswordHasher.Hash(password), Enabled = true }, now);
        return Task.CompletedTask;
    }

    public DirectoryGroup? FindGroup(DirectoryRecord directory, string samAccountName) => GroupRecord(directory, samAccountName)?.View();

    public DirectoryPage<DirectoryGroup> ListGroups(DirectoryRecord directory, DirectoryQuery query) =>
        Page(GroupRecords(directory).Select(g => g.View())
            .Where(g => query.SearchString is null || LdapAttributes.Contains(LdapAttributes.Select(g, query.SearchAttributes), query.SearchString)), query);

    public DirectoryGroup CreateGroup(DirectoryRecord directory, NewDirectoryGroup group, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (GroupRecord(directory, group.SAMAccountName) is not null || Find(directory, group.SAMAccountName) is not null)
                throw new DirectoryConflict($"An object with SAMAccountName {group.SAMAccountName} already exists in directory {directory.Id}.");
            var record = new DirectoryGroupRecord(DirectoryGroupRecord.KeyFor(directory.Id, group.SAMAccountName), directory.Scope, directory.Id,
                group.SAMAccountName, $"{directory.DomainSid}-{AllocateRid(directory)}", DirectoryUsers.DistinguishedName(directory, group.SAMAccountName),
                group.GroupType, group.GroupScope, group.OtherAttributes, [], now, now);
            Groups.Put(record);
            return record.View();
        }
    }

    public DirectoryGroup? UpdateGroup(DirectoryRecord directory, string samAccountName, Func<DirectoryGroup, DirectoryGroup> change, DateTimeOffset now)
    {
        if (GroupRecord(directory, samAccountName) is not { } current) return null;
        return Groups.Update(directory.Scope, current.Id, g =>
        {
            var changed = change(g.View());
            return g with { GroupType = changed.GroupType, GroupScope = changed.GroupScope, OtherAttributes = changed.OtherAttributes, UpdatedAt = now };
        })?.View();
    }

    public bool DeleteGroup(DirectoryRecord directory, string samAccountName)
    {
        lock (_gate)
        {
            if (GroupRecord(directory, samAccountName) is not { } group || !Groups.Delete(directory.Scope, group.Id)) return false;
            // Its own member list goes with the record; its memberships in other groups go now.
            RemoveFromAllGroups(directory, group.Sid, time.GetUtcNow());
            return true;
        }
    }

    public GroupMember? FindMember(DirectoryRecord directory, string name) =>
        Find(directory, name) is { } user ? new GroupMember(UserMember, user.SAMAccountName, user.Sid)
        : GroupRecord(directory, name) is { } group ? new GroupMember(GroupMemberType, group.SAMAccountName, group.Sid)
        : null;

    public MembershipChange AddMember(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now) =>
        ChangeMembers(directory, groupName, memberName, now, (group, member) =>
            member.Sid == group.Sid ? MembershipChange.Self
            : group.Members.Any(m => m.Sid == member.Sid) ? MembershipChange.AlreadyMember
            : MembershipChange.Done, (group, member) => [.. group.Members, member]);

    public MembershipChange RemoveMember(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now) =>
        ChangeMembers(directory, groupName, memberName, now, (group, member) =>
            group.Members.Any(m => m.Sid == member.Sid) ? MembershipChange.Done : MembershipChange.NotMember,
            (group, member) => [.. group.Members.Where(m => m.Sid != member.Sid)]);

    public DirectoryPage<GroupMember>? Members(DirectoryRecord directory, string groupName, DirectoryQuery query) =>
        GroupRecord(directory, groupName) is { } group ? Page(group.Members, query) : null;

    public DirectoryPage<DirectoryGroup>? GroupsOf(DirectoryRecord directory, string memberName, DirectoryQuery query) =>
        FindMember(directory, memberName) is { } member
            ? Page(GroupRecords(directory).Where(g => g.Members.Any(m => m.Sid == member.Sid)).Select(g => g.View()), query)
            : null;

    /// <summary>Hands out the directory's next RID (never reused, as in AD), retrying against concurrent updates.</summary>
    public long AllocateRid(DirectoryRecord directory)
    {
        var current = directory;
        while (true)
        {
            if (Directories.Replace(current, current with { NextRid = current.NextRid + 1 })) return current.NextRid;
            current = Directories.Get(directory.Scope, directory.Id)
                ?? throw new InvalidOperationException($"Directory {directory.Id} does not exist.");
        }
    }

    private MembershipChange ChangeMembers(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now,
        Func<DirectoryGroupRecord, GroupMember, MembershipChange> check, Func<DirectoryGroupRecord, GroupMember, IReadOnlyList<GroupMember>> apply)
    {
        lock (_gate)
        {
            if (FindMember(directory, memberName) is not { } member) return MembershipChange.MemberMissing;
            if (GroupRecord(directory, groupName) is not { } group) return MembershipChange.GroupMissing;
            var outcome = check(group, member);
            if (outcome == MembershipChange.Done) Groups.Update(directory.Scope, group.Id, g => g with { Members = apply(g, member), UpdatedAt = now });
            return outcome;
        }
    }

    private DirectoryGroupRecord? GroupRecord(DirectoryRecord directory, string name) =>
        Groups.Get(directory.Scope, DirectoryGroupRecord.KeyFor(directory.Id, name));

    private IEnumerable<DirectoryGroupRecord> GroupRecords(DirectoryRecord directory) =>
        Groups.List(directory.Scope).Where(g => g.DirectoryId == directory.Id);

    /// <summary>Drops a deleted user or group from every group of the directory that lists it (caller holds the gate).</summary>
    private void RemoveFromAllGroups(DirectoryRecord directory, string sid, DateTimeOffset now)
    {
        foreach (var listed in GroupRecords(directory).Where(g => g.Members.Any(m => m.Sid == sid)).ToList())
            Groups.Update(directory.Scope, listed.Id, g => g with { Members = [.. g.Members.Where(m => m.Sid != sid)], UpdatedAt = now });
    }

    /// <summary>One page of an in-memory listing; the cursor is the offset (also used for a trusted realm's users).</summary>
    internal static DirectoryPage<T> Page<T>(IEnumerable<T> items, DirectoryQuery query)
    {
        var offset = 0;
        if (query.Cursor is { } cursor && (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset))) throw new DirectoryCursorInvalid();
        var page = items.Skip(offset).Take(query.Limit + 1).ToList();
        return page.Count > query.Limit
            ? new DirectoryPage<T>(page[..query.Limit], (offset + query.Limit).ToString(CultureInfo.InvariantCulture))
            : new DirectoryPage<T>(page, null);
    }
}
