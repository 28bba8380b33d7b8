using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.DirectoryService.Data;

namespace WorkSpacesEmulator.Directories;

/// <summary>A new user as ds-data's CreateUser describes it.</summary>
public sealed record NewDirectoryUser(string SAMAccountName, string? GivenName, string? Surname, string? EmailAddress,
    IReadOnlyDictionary<string, LdapValue>? OtherAttributes);

/// <summary>A group as ds-data describes it (GroupType Security | Distribution; GroupScope DomainLocal | Global |
/// Universal | BuiltinLocal), wherever it lives.</summary>
public sealed record DirectoryGroup(string SAMAccountName, string Sid, string DistinguishedName, string GroupType, string GroupScope,
    IReadOnlyDictionary<string, LdapValue>? OtherAttributes);

/// <summary>A new group as ds-data's CreateGroup describes it.</summary>
public sealed record NewDirectoryGroup(string SAMAccountName, string GroupType, string GroupScope, IReadOnlyDictionary<string, LdapValue>? OtherAttributes);

/// <summary>One page of a listing: at most Limit objects after Cursor (the store's own position: an offset for records,
/// the last sAMAccountName for LDAP), optionally only those whose SearchAttributes contain SearchString.</summary>
public sealed record DirectoryQuery(int Limit, string? Cursor, string? SearchString = null, IReadOnlyList<string>? SearchAttributes = null);

/// <summary>NextCursor null: the listing is complete.</summary>
public sealed record DirectoryPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>What a membership change did (the store looks the member up first, then the group). NotDomainLocal: a
/// member of a trusted domain and a group that is not domain local.</summary>
public enum MembershipChange { Done, MemberMissing, GroupMissing, Self, AlreadyMember, NotMember, NotDomainLocal }

/// <summary>The users and groups of one directory, wherever they live: records in the store (simulated directories) or
/// the directory's domain controller over LDAP (DC-backed directories and AD Connector's on-premises directory). Handlers
/// ask <see cref="DirectoryUserStores"/> for the store of a directory and never branch on which it is.
/// Users come back as <see cref="DirectoryUserRecord"/> (an LDAP user has no PasswordHash). Deleting a user or group
/// removes it from every group that lists it (AD does so itself). Listings come a page at a time, in the store's
/// stable order.</summary>
public interface IDirectoryUserStore
{
    DirectoryUserRecord? Find(DirectoryRecord directory, string samAccountName);

    DirectoryPage<DirectoryUserRecord> List(DirectoryRecord directory, DirectoryQuery query);

    /// <summary>Throws <see cref="DirectoryConflict"/> when the name is taken by a user or group.</summary>
    DirectoryUserRecord Create(DirectoryRecord directory, NewDirectoryUser user, DateTimeOffset now);

    /// <summary>Applies change to the current user (names, mail, other attributes, Enabled); null when there is no such user.</summary>
    DirectoryUserRecord? Update(DirectoryRecord directory, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change, DateTimeOffset now);

    bool Delete(DirectoryRecord directory, string samAccountName);

    /// <summary>Sets the password and enables the account. Throws <see cref="DirectoryPasswordRejected"/> when the
    /// directory's policy refuses it.</summary>
    Task SetPasswordAsync(DirectoryRecord directory, string samAccountName, string password, DateTimeOffset now, CancellationToken cancellationToken);

    DirectoryGroup? FindGroup(DirectoryRecord directory, string samAccountName);

    DirectoryPage<DirectoryGroup> ListGroups(DirectoryRecord directory, DirectoryQuery query);

    // The reads a trusted realm's store answers too (ds-data's Realm): that store reads through the trust with an exec
    // into the directory's DC and answers only these; the directory's own stores answer them at once.

    ValueTask<DirectoryUserRecord?> FindAsync(DirectoryRecord directory, string samAccountName, CancellationToken cancellationToken) =>
        new(Find(directory, samAccountName));

    ValueTask<DirectoryPage<DirectoryUserRecord>> ListAsync(DirectoryRecord directory, DirectoryQuery query, CancellationToken cancellationToken) =>
        new(List(directory, query));

    ValueTask<DirectoryGroup?> FindGroupAsync(DirectoryRecord directory, string samAccountName, CancellationToken cancellationToken) =>
        new(FindGroup(directory, samAccountName));

    ValueTask<DirectoryPage<DirectoryGroup>> ListGroupsAsync(DirectoryRecord directory, DirectoryQuery query, CancellationToken cancellationToken) =>
        new(ListGroups(directory, query));

    /// <summary>Throws <see cref="DirectoryConflict"/> when the name is taken by a user or group.</summary>
    DirectoryGroup CreateGroup(DirectoryRecord directory, NewDirectoryGroup group, DateTimeOffset now);

    /// <summary>Applies change to the current group (type, scope, other attributes); null when there is no such group.</summary>
    DirectoryGroup? UpdateGroup(DirectoryRecord directory, string samAccountName, Func<DirectoryGroup, DirectoryGroup> change, DateTimeOffset now);

    bool DeleteGroup(DirectoryRecord directory, string samAccountName);

    /// <summary>The user, group or computer of that sAMAccountName (one namespace, so at most one).</summary>
    GroupMember? FindMember(DirectoryRecord directory, string name);

    MembershipChange AddMember(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now);

    MembershipChange RemoveMember(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now);

    /// <summary>The group's direct members; null when there is no such group.</summary>
    DirectoryPage<GroupMember>? Members(DirectoryRecord directory, string groupName, DirectoryQuery query);

    /// <summary>The groups that list the member directly; null when there is no such member.</summary>
    DirectoryPage<DirectoryGroup>? GroupsOf(DirectoryRecord directory, string memberName, DirectoryQuery query);
}

public sealed class DirectoryConflict(string message) : Exception(message);

public sealed class DirectoryPasswordRejected(string message) : Exception(message);

/// <summary>A listing cursor this store did not hand out (the handler answers INVALID_NEXT_TOKEN).</summary>
public sealed class DirectoryCursorInvalid() : Exception("The NextToken value is not valid.");
