using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>Group membership: add, remove, list the members of a group and the groups of a member (direct only,
/// as AD's <c>member</c> / <c>memberOf</c>). Members are users, groups or (DC-backed directories) computers, of the
/// directory's domain or (MemberRealm, Realm) of a domain it has a Verified trust with (<see cref="RealmMemberships"/>).</summary>
// Difference from AWS: group scope nesting rules (e.g. a Global group holding only same-domain Global groups) are not
// enforced for simulated directories (a DC enforces its own).
public sealed partial class DirectoryServiceDataHandlers
{
    public override async Task<AddGroupMemberResult> AddGroupMember(RequestContext context, AddGroupMemberRequest request, CancellationToken cancellationToken)
    {
        await ChangeMembershipAsync(context, request.DirectoryId!, request.GroupName!, request.MemberName!, request.MemberRealm, add: true, cancellationToken);
        return new AddGroupMemberResult();
    }

    public override async Task<RemoveGroupMemberResult> RemoveGroupMember(RequestContext context, RemoveGroupMemberRequest request, CancellationToken cancellationToken)
    {
        await ChangeMembershipAsync(context, request.DirectoryId!, request.GroupName!, request.MemberName!, request.MemberRealm, add: false, cancellationToken);
        return new RemoveGroupMemberResult();
    }

    /// <summary>Realm: the group's domain; MemberRealm (default: the directory's domain) the members'.</summary>
    public override async Task<ListGroupMembersResult> ListGroupMembers(RequestContext context, ListGroupMembersRequest request, CancellationToken cancellationToken)
    {
        var (directory, groupRealm, memberRealm) = await RealmsAsync(context, request.DirectoryId!, request.Realm, request.MemberRealm, cancellationToken);
        var name = request.SAMAccountName!;
        var (page, next) = await ListedAsync(Listing("ds-data.ListGroupMembers", directory, groupRealm, memberRealm, name), request.MaxResults, request.NextToken,
            q => memberships.MembersAsync(directory, groupRealm, memberRealm, name, q, cancellationToken), () => GroupNotFound(directory.Id, name));
        return new ListGroupMembersResult
        {
            DirectoryId = directory.Id,
            Realm = RealmName(directory, groupRealm),
            MemberRealm = RealmName(directory, memberRealm),
            Members = page.Items.Select(m => new Member { SAMAccountName = m.SAMAccountName, SID = m.Sid, MemberType = m.MemberType }).ToList(),
            NextToken = next,
        };
    }

    /// <summary>Realm: the groups' domain; MemberRealm (default: Realm) the member's.</summary>
    public override async Task<ListGroupsForMemberResult> ListGroupsForMember(RequestContext context, ListGroupsForMemberRequest request, CancellationToken cancellationToken)
    {
        var (directory, groupRealm, memberRealm) = await RealmsAsync(context, request.DirectoryId!, request.Realm, request.MemberRealm ?? request.Realm, cancellationToken);
        var name = request.SAMAccountName!;
        var (page, next) = await ListedAsync(Listing("ds-data.ListGroupsForMember", directory, groupRealm, memberRealm, name), request.MaxResults, request.NextToken,
            q => memberships.GroupsOfAsync(directory, groupRealm, memberRealm, name, q, cancellationToken), () => MemberNotFound(directory, memberRealm, name));
        return new ListGroupsForMemberResult
        {
            DirectoryId = directory.Id,
            Realm = RealmName(directory, groupRealm),
            MemberRealm = RealmName(directory, memberRealm),
            Groups = page.Items.Select(Summary).ToList(),
            NextToken = next,
        };
    }

    /// <summary>A directory's own group gains or loses a member of its own domain or (MemberRealm) of a trusted one.</summary>
    private async Task ChangeMembershipAsync(RequestContext context, string directoryId, string groupName, string memberName, string? memberRealm, bool add,
        CancellationToken cancellationToken)
    {
        var (directory, _, realm) = await RealmsAsync(context, directoryId, null, memberRealm, cancellationToken);
        var outcome = await memberships.ChangeAsync(directory, realm, groupName, memberName, add, time.GetUtcNow(), cancellationToken);
        Membership(directory, realm, groupName, memberName, outcome);
    }

    /// <summary>The directory (its DC located) and the realms of a group and of its members (null: the directory's own domain).</summary>
    private async Task<(DirectoryRecord Directory, TrustRecord? GroupRealm, TrustRecord? MemberRealm)> RealmsAsync(RequestContext context, string directoryId,
        string? groupRealm, string? memberRealm, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, directoryId);
        var realms = (TrustOf(directory, groupRealm), TrustOf(directory, memberRealm));
        await userStores.PrepareAsync(directory, cancellationToken);
        return (directory, realms.Item1, realms.Item2);
    }

    private static string Listing(string operation, DirectoryRecord directory, TrustRecord? groupRealm, TrustRecord? memberRealm, string name) =>
        $"{operation}:{directory.Id}:{RealmName(directory, groupRealm)}:{RealmName(directory, memberRealm)}:{name}".ToLowerInvariant();

    /// <summary>The answer to a membership change the store did not make.</summary>
    private static void Membership(DirectoryRecord directory, TrustRecord? memberRealm, string groupName, string memberName, MembershipChange outcome)
    {
        switch (outcome)
        {
            case MembershipChange.Done:
                return;
            case MembershipChange.MemberMissing:
                throw MemberNotFound(directory, memberRealm, memberName);
            case MembershipChange.GroupMissing:
                throw GroupNotFound(directory.Id, groupName);
            case MembershipChange.Self:
                throw DataErrors.Validation("LDAP_UNSUPPORTED_OPERATION", $"Group {groupName} cannot be a member of itself.");
            case MembershipChange.NotDomainLocal:
                // AD refuses (unwillingToPerform): only domain local groups hold members of another forest or an external domain.
                throw DataErrors.Validation("LDAP_UNSUPPORTED_OPERATION",
                    $"Group {groupName} is not a DomainLocal group; only DomainLocal groups can have members of the trusted domain {RealmName(directory, memberRealm)}.");
            case MembershipChange.AlreadyMember:
                // Documented: ConflictException "when adding a member to a group that the member is already in".
                throw new AwsException(DirectoryServiceDataErrors.ConflictException,
                    $"{memberName} is already a member of group {groupName} in directory {directory.Id}.");
            default:
                // Not documented; AD refuses to remove a non-member, and ResourceNotFoundException is the model's nearest error.
                throw new AwsException(DirectoryServiceDataErrors.ResourceNotFoundException,
                    $"{memberName} is not a member of group {groupName} in directory {directory.Id}.");
        }
    }

    private static AwsException MemberNotFound(DirectoryRecord directory, TrustRecord? realm, string name) =>
        new(DirectoryServiceDataErrors.ResourceNotFoundException, realm is null
            ? $"No user, group or computer named {name} exists in directory {directory.Id}."
            : $"No user, group or computer named {name} exists in {RealmName(directory, realm)}, trusted by directory {directory.Id}.");
}
