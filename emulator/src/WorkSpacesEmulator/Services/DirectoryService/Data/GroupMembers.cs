using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>Group membership: add, remove, list the members of a group and the groups of a member (direct only,
/// as AD's <c>member</c> / <c>memberOf</c>). Members are users or groups; the emulator holds no computer objects.</summary>
// Difference from AWS: group scope nesting rules (e.g. a Global group holding only same-domain Global groups) are not enforced.
public sealed partial class DirectoryServiceDataHandlers
{
    private const string UserMember = "USER";
    private const string GroupMemberType = "GROUP";

    public override Task<AddGroupMemberResult> AddGroupMember(RequestContext context, AddGroupMemberRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!, request.MemberRealm);
        // Membership changes share the user/group gate so a member deleted meanwhile never stays behind in a group.
        lock (_userGate)
        {
            var member = RequireMember(directory, request.MemberName!);
            UpdateGroupRecord(directory, request.GroupName!, group =>
            {
                if (member.Sid == group.Sid)
                    throw DataErrors.Validation("LDAP_UNSUPPORTED_OPERATION", $"Group {group.SAMAccountName} cannot be a member of itself.");
                // Documented: ConflictException "when adding a member to a group that the member is already in".
                if (group.Members.Any(m => m.Sid == member.Sid))
                    throw new AwsException(DirectoryServiceDataErrors.ConflictException,
                        $"{member.SAMAccountName} is already a member of group {group.SAMAccountName} in directory {directory.Id}.");
                return group with { Members = [.. group.Members, member] };
            });
        }
        return Task.FromResult(new AddGroupMemberResult());
    }

    public override Task<RemoveGroupMemberResult> RemoveGroupMember(RequestContext context, RemoveGroupMemberRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!, request.MemberRealm);
        lock (_userGate)
        {
            var member = RequireMember(directory, request.MemberName!);
            UpdateGroupRecord(directory, request.GroupName!, group =>
                // Not documented; AD refuses to remove a non-member, and ResourceNotFoundException is the model's nearest error.
                group.Members.Any(m => m.Sid == member.Sid)
                    ? group with { Members = group.Members.Where(m => m.Sid != member.Sid).ToList() }
                    : throw new AwsException(DirectoryServiceDataErrors.ResourceNotFoundException,
                        $"{member.SAMAccountName} is not a member of group {group.SAMAccountName} in directory {directory.Id}."));
        }
        return Task.FromResult(new RemoveGroupMemberResult());
    }

    public override Task<ListGroupMembersResult> ListGroupMembers(RequestContext context, ListGroupMembersRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!, request.Realm);
        if (request.MemberRealm is not null) UsableDirectory(context, request.DirectoryId!, request.MemberRealm);
        var group = RequireGroup(directory, request.SAMAccountName!);
        var page = Paging.Take(group.Members, request.MaxResults ?? DefaultMaxResults, request.NextToken,
            "ds-data.ListGroupMembers:" + directory.Id + ":" + group.Sid, InvalidNextToken);
        return Task.FromResult(new ListGroupMembersResult
        {
            DirectoryId = directory.Id,
            Realm = directory.Name,
            MemberRealm = directory.Name,
            Members = page.Items.Select(m => new Member { SAMAccountName = m.SAMAccountName, SID = m.Sid, MemberType = m.MemberType }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<ListGroupsForMemberResult> ListGroupsForMember(RequestContext context, ListGroupsForMemberRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!, request.Realm);
        if (request.MemberRealm is not null) UsableDirectory(context, request.DirectoryId!, request.MemberRealm);
        var member = RequireMember(directory, request.SAMAccountName!);
        var groups = GroupsOf(directory).Where(g => g.Members.Any(m => m.Sid == member.Sid)).ToList();
        var page = Paging.Take(groups, request.MaxResults ?? DefaultMaxResults, request.NextToken,
            "ds-data.ListGroupsForMember:" + directory.Id + ":" + member.Sid, InvalidNextToken);
        return Task.FromResult(new ListGroupsForMemberResult
        {
            DirectoryId = directory.Id,
            Realm = directory.Name,
            MemberRealm = directory.Name,
            Groups = page.Items.Select(Summary).ToList(),
            NextToken = page.NextToken,
        });
    }

    /// <summary>The user or group named (one sAMAccountName namespace, so at most one matches).</summary>
    private GroupMember RequireMember(DirectoryRecord directory, string name) =>
        FindUser(directory, name) is { } user ? new GroupMember(UserMember, user.SAMAccountName, user.Sid)
        : FindGroup(directory, name) is { } group ? new GroupMember(GroupMemberType, group.SAMAccountName, group.Sid)
        : throw new AwsException(DirectoryServiceDataErrors.ResourceNotFoundException,
            $"No user, group or computer named {name} exists in directory {directory.Id}.");

    /// <summary>Drops a deleted user or group from every group of the directory that lists it.</summary>
    private void RemoveFromAllGroups(DirectoryRecord directory, string sid)
    {
        lock (_userGate)
        {
            foreach (var listed in GroupsOf(directory).Where(g => g.Members.Any(m => m.Sid == sid)))
            {
                var group = listed;
                while (group is not null && !Groups.Replace(group, group with { Members = group.Members.Where(m => m.Sid != sid).ToList(), UpdatedAt = time.GetUtcNow() }))
                    group = Groups.Get(directory.Scope, listed.Id);
            }
        }
    }
}
