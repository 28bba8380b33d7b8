using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>Group membership: add, remove, list the members of a group and the groups of a member (direct only,
/// as AD's <c>member</c> / <c>memberOf</c>). Members are users, groups or (DC-backed directories) computers.</summary>
// Difference from AWS: group scope nesting rules (e.g. a Global group holding only same-domain Global groups) are not
// enforced for simulated directories (a DC enforces its own).
public sealed partial class DirectoryServiceDataHandlers
{
    public override async Task<AddGroupMemberResult> AddGroupMember(RequestContext context, AddGroupMemberRequest request, CancellationToken cancellationToken)
    {
        var (directory, groups) = await OpenAsync(context, request.DirectoryId!, cancellationToken, request.MemberRealm);
        Membership(directory, request.GroupName!, request.MemberName!, groups.AddMember(directory, request.GroupName!, request.MemberName!, time.GetUtcNow()));
        return new AddGroupMemberResult();
    }

    public override async Task<RemoveGroupMemberResult> RemoveGroupMember(RequestContext context, RemoveGroupMemberRequest request, CancellationToken cancellationToken)
    {
        var (directory, groups) = await OpenAsync(context, request.DirectoryId!, cancellationToken, request.MemberRealm);
        Membership(directory, request.GroupName!, request.MemberName!, groups.RemoveMember(directory, request.GroupName!, request.MemberName!, time.GetUtcNow()));
        return new RemoveGroupMemberResult();
    }

    public override async Task<ListGroupMembersResult> ListGroupMembers(RequestContext context, ListGroupMembersRequest request, CancellationToken cancellationToken)
    {
        var (directory, groups) = await OpenAsync(context, request.DirectoryId!, cancellationToken, request.Realm);
        if (request.MemberRealm is not null) UsableDirectory(context, request.DirectoryId!, request.MemberRealm);
        var name = request.SAMAccountName!;
        var (page, next) = Listed("ds-data.ListGroupMembers:" + directory.Id + ":" + name.ToLowerInvariant(), request.MaxResults, request.NextToken,
            q => groups.Members(directory, name, q), () => GroupNotFound(directory.Id, name));
        return new ListGroupMembersResult
        {
            DirectoryId = directory.Id,
            Realm = directory.Name,
            MemberRealm = directory.Name,
            Members = page.Items.Select(m => new Member { SAMAccountName = m.SAMAccountName, SID = m.Sid, MemberType = m.MemberType }).ToList(),
            NextToken = next,
        };
    }

    public override async Task<ListGroupsForMemberResult> ListGroupsForMember(RequestContext context, ListGroupsForMemberRequest request, CancellationToken cancellationToken)
    {
        var (directory, groups) = await OpenAsync(context, request.DirectoryId!, cancellationToken, request.Realm);
        if (request.MemberRealm is not null) UsableDirectory(context, request.DirectoryId!, request.MemberRealm);
        var name = request.SAMAccountName!;
        var (page, next) = Listed("ds-data.ListGroupsForMember:" + directory.Id + ":" + name.ToLowerInvariant(), request.MaxResults, request.NextToken,
            q => groups.GroupsOf(directory, name, q), () => MemberNotFound(directory, name));
        return new ListGroupsForMemberResult
        {
            DirectoryId = directory.Id,
            Realm = directory.Name,
            MemberRealm = directory.Name,
            Groups = page.Items.Select(Summary).ToList(),
            NextToken = next,
        };
    }

    /// <summary>The answer to a membership change the store did not make.</summary>
    private static void Membership(DirectoryRecord directory, string groupName, string memberName, MembershipChange outcome)
    {
        switch (outcome)
        {
            case MembershipChange.Done:
                return;
            case MembershipChange.MemberMissing:
                throw MemberNotFound(directory, memberName);
            case MembershipChange.GroupMissing:
                throw GroupNotFound(directory.Id, groupName);
            case MembershipChange.Self:
                throw DataErrors.Validation("LDAP_UNSUPPORTED_OPERATION", $"Group {groupName} cannot be a member of itself.");
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

    private static AwsException MemberNotFound(DirectoryRecord directory, string name) =>
        new(DirectoryServiceDataErrors.ResourceNotFoundException, $"No user, group or computer named {name} exists in directory {directory.Id}.");
}
