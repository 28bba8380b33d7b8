using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>Directory groups: create, describe, list, search, update, delete (in the directory's store: its DC, or records).</summary>
// Difference from AWS: ClientToken idempotency is not emulated (a retried CreateGroup answers ConflictException).
// Difference from AWS: simulated directories have no built-in groups (Domain Users, Domain Admins …); DC-backed ones have the DC's.
public sealed partial class DirectoryServiceDataHandlers
{
    public override async Task<CreateGroupResult> CreateGroup(RequestContext context, CreateGroupRequest request, CancellationToken cancellationToken)
    {
        var (directory, groups) = await OpenAsync(context, request.DirectoryId!, cancellationToken);
        var attributes = LdapAttributes.FromWire(request.OtherAttributes, "INVALID_ATTRIBUTE_FOR_GROUP");
        var scope = request.GroupScope ?? GroupKinds.Global;
        if (scope == GroupKinds.BuiltinLocal) throw BuiltinLocalRefused();
        try
        {
            var group = groups.CreateGroup(directory, new NewDirectoryGroup(request.SAMAccountName!, request.GroupType ?? GroupKinds.Security, scope, attributes), time.GetUtcNow());
            return new CreateGroupResult { DirectoryId = directory.Id, SAMAccountName = group.SAMAccountName, SID = group.Sid };
        }
        catch (DirectoryConflict e)
        {
            throw new AwsException(DirectoryServiceDataErrors.ConflictException, e.Message);
        }
    }

    public override async Task<DescribeGroupResult> DescribeGroup(RequestContext context, DescribeGroupRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, groups) = await RealmAsync(context, request.DirectoryId!, request.Realm, cancellationToken);
        var group = await groups.FindGroupAsync(directory, request.SAMAccountName!, cancellationToken) ?? throw GroupNotFound(directory.Id, request.SAMAccountName!);
        return new DescribeGroupResult
        {
            DirectoryId = directory.Id,
            Realm = realm,
            SAMAccountName = group.SAMAccountName,
            SID = group.Sid,
            DistinguishedName = group.DistinguishedName,
            GroupType = group.GroupType,
            GroupScope = group.GroupScope,
            OtherAttributes = LdapAttributes.Select(group, request.OtherAttributes),
        };
    }

    public override async Task<ListGroupsResult> ListGroups(RequestContext context, ListGroupsRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, groups) = await RealmAsync(context, request.DirectoryId!, request.Realm, cancellationToken);
        var (page, next) = await ListedAsync("ds-data.ListGroups:" + directory.Id + ":" + realm, request.MaxResults, request.NextToken, async q => await groups.ListGroupsAsync(directory, q, cancellationToken), InvalidNextToken);
        return new ListGroupsResult { DirectoryId = directory.Id, Realm = realm, Groups = page.Items.Select(Summary).ToList(), NextToken = next };
    }

    public override async Task<SearchGroupsResult> SearchGroups(RequestContext context, SearchGroupsRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, groups) = await RealmAsync(context, request.DirectoryId!, request.Realm, cancellationToken);
        var (page, next) = await ListedAsync("ds-data.SearchGroups:" + directory.Id + ":" + realm + ":" + request.SearchString + ":" + string.Join(',', request.SearchAttributes ?? []),
            request.MaxResults, request.NextToken, async q => await groups.ListGroupsAsync(directory, q, cancellationToken), InvalidNextToken, request.SearchString!, request.SearchAttributes);
        return new SearchGroupsResult
        {
            DirectoryId = directory.Id,
            Realm = realm,
            Groups = page.Items.Select(g => new Group
            {
                SAMAccountName = g.SAMAccountName, SID = g.Sid, GroupType = g.GroupType, GroupScope = g.GroupScope,
                DistinguishedName = g.DistinguishedName, OtherAttributes = LdapAttributes.ToWire(g.OtherAttributes),
            }).ToList(),
            NextToken = next,
        };
    }

    public override async Task<UpdateGroupResult> UpdateGroup(RequestContext context, UpdateGroupRequest request, CancellationToken cancellationToken)
    {
        var (directory, groups) = await OpenAsync(context, request.DirectoryId!, cancellationToken);
        // REPLACE when no type is given, as UpdateUser.
        var updateType = request.UpdateType ?? "REPLACE";
        var change = LdapAttributes.FromWire(request.OtherAttributes, "INVALID_ATTRIBUTE_FOR_MODIFY");
        // Type and scope are one AD attribute (groupType) that every group has: they can be changed, never cleared.
        if (updateType == "REMOVE" && (request.GroupType is not null || request.GroupScope is not null))
            throw DataErrors.Validation("INVALID_ATTRIBUTE_FOR_MODIFY", "A group always has a GroupType and a GroupScope; they cannot be removed.");
        if (request.GroupScope == GroupKinds.BuiltinLocal) throw BuiltinLocalRefused();
        _ = groups.UpdateGroup(directory, request.SAMAccountName!, group =>
        {
            var scope = request.GroupScope ?? group.GroupScope;
            if (!ScopeChangeAllowed(group.GroupScope, scope))
                throw DataErrors.Validation("LDAP_UNSUPPORTED_OPERATION",
                    $"The scope of group {group.SAMAccountName} cannot change from {group.GroupScope} to {scope} directly; convert it to Universal first.");
            return group with
            {
                GroupType = request.GroupType ?? group.GroupType,
                GroupScope = scope,
                OtherAttributes = change is null ? group.OtherAttributes : LdapAttributes.Apply(group.OtherAttributes, change, updateType),
            };
        }, time.GetUtcNow()) ?? throw GroupNotFound(directory.Id, request.SAMAccountName!);
        return new UpdateGroupResult();
    }

    public override async Task<DeleteGroupResult> DeleteGroup(RequestContext context, DeleteGroupRequest request, CancellationToken cancellationToken)
    {
        var (directory, groups) = await OpenAsync(context, request.DirectoryId!, cancellationToken);
        // The store drops the group's own memberships in other groups too.
        if (!groups.DeleteGroup(directory, request.SAMAccountName!)) throw GroupNotFound(directory.Id, request.SAMAccountName!);
        return new DeleteGroupResult();
    }

    private static GroupSummary Summary(DirectoryGroup group) =>
        new() { SAMAccountName = group.SAMAccountName, SID = group.Sid, GroupType = group.GroupType, GroupScope = group.GroupScope };

    /// <summary>AD converts Global and Domain Local groups only to and from Universal.</summary>
    private static bool ScopeChangeAllowed(string from, string to) =>
        from == to || to == GroupKinds.Universal || from == GroupKinds.Universal;

    private static AwsException BuiltinLocalRefused() =>
        DataErrors.Validation("INVALID_ATTRIBUTE_VALUE", "GroupScope BuiltinLocal is reserved for the directory's built-in groups.");

    private static AwsException GroupNotFound(string directoryId, string groupName) =>
        new(DirectoryServiceDataErrors.ResourceNotFoundException, $"Group {groupName} does not exist in directory {directoryId}.");
}
