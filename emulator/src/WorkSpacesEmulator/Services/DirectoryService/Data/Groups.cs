using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>Directory groups: create, describe, list, search, update, delete.</summary>
// Difference from AWS: ClientToken idempotency is not emulated (a retried CreateGroup answers ConflictException).
// Difference from AWS: no built-in groups (Domain Users, Domain Admins, AWS Delegated Administrators …) are created.
public sealed partial class DirectoryServiceDataHandlers
{
    private ResourceTable<DirectoryGroupRecord> Groups => store.Table<DirectoryGroupRecord>(ResourceKinds.DirectoryGroups);

    public override Task<CreateGroupResult> CreateGroup(RequestContext context, CreateGroupRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!);
        var attributes = LdapAttributes.FromWire(request.OtherAttributes, "INVALID_ATTRIBUTE_FOR_GROUP");
        var scope = request.GroupScope ?? GroupScopes.Global;
        if (scope == GroupScopes.BuiltinLocal) throw BuiltinLocalRefused();
        // The same gate as CreateUser: users and groups share one sAMAccountName namespace in AD.
        lock (_userGate)
        {
            if (FindGroup(directory, request.SAMAccountName!) is not null || FindUser(directory, request.SAMAccountName!) is not null)
                throw new AwsException(DirectoryServiceDataErrors.ConflictException,
                    $"An object with SAMAccountName {request.SAMAccountName} already exists in directory {directory.Id}.");
            var rid = AllocateRid(directory);
            var now = time.GetUtcNow();
            var group = new DirectoryGroupRecord(DirectoryGroupRecord.KeyFor(directory.Id, request.SAMAccountName!), directory.Scope, directory.Id,
                request.SAMAccountName!, $"{directory.DomainSid}-{rid}", DirectoryUsers.DistinguishedName(directory, request.SAMAccountName!),
                request.GroupType ?? GroupTypes.Security, scope, attributes, [], now, now);
            Groups.Put(group);
            return Task.FromResult(new CreateGroupResult { DirectoryId = directory.Id, SAMAccountName = group.SAMAccountName, SID = group.Sid });
        }
    }

    public override Task<DescribeGroupResult> DescribeGroup(RequestContext context, DescribeGroupRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!, request.Realm);
        var group = RequireGroup(directory, request.SAMAccountName!);
        return Task.FromResult(new DescribeGroupResult
        {
            DirectoryId = directory.Id,
            Realm = directory.Name,
            SAMAccountName = group.SAMAccountName,
            SID = group.Sid,
            DistinguishedName = group.DistinguishedName,
            GroupType = group.GroupType,
            GroupScope = group.GroupScope,
            OtherAttributes = SelectAttributes(group, request.OtherAttributes),
        });
    }

    public override Task<ListGroupsResult> ListGroups(RequestContext context, ListGroupsRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!, request.Realm);
        var page = Paging.Take(GroupsOf(directory), request.MaxResults ?? DefaultMaxResults, request.NextToken,
            "ds-data.ListGroups:" + directory.Id, InvalidNextToken);
        return Task.FromResult(new ListGroupsResult
        {
            DirectoryId = directory.Id,
            Realm = directory.Name,
            Groups = page.Items.Select(Summary).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<SearchGroupsResult> SearchGroups(RequestContext context, SearchGroupsRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!, request.Realm);
        var needle = request.SearchString!.Trim('*');
        // A group matches when any searched attribute contains the search string (case-insensitive, as LDAP substring filters).
        bool Matches(DirectoryGroupRecord group) =>
            SelectAttributes(group, request.SearchAttributes)?.Values.SelectMany(LdapAttributes.Texts)
                .Any(text => text.Contains(needle, StringComparison.OrdinalIgnoreCase)) == true;
        var matches = GroupsOf(directory).Where(Matches).ToList();
        var page = Paging.Take(matches, request.MaxResults ?? DefaultMaxResults, request.NextToken,
            "ds-data.SearchGroups:" + directory.Id + ":" + request.SearchString + ":" + string.Join(',', request.SearchAttributes ?? []), InvalidNextToken);
        return Task.FromResult(new SearchGroupsResult
        {
            DirectoryId = directory.Id,
            Realm = directory.Name,
            Groups = page.Items.Select(g => new Group
            {
                SAMAccountName = g.SAMAccountName, SID = g.Sid, GroupType = g.GroupType, GroupScope = g.GroupScope,
                DistinguishedName = g.DistinguishedName,
                OtherAttributes = g.OtherAttributes is { Count: > 0 } other ? other.ToDictionary(a => a.Key, a => LdapAttributes.ToWire(a.Value)) : null,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<UpdateGroupResult> UpdateGroup(RequestContext context, UpdateGroupRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!);
        // REPLACE when no type is given, as UpdateUser.
        var updateType = request.UpdateType ?? "REPLACE";
        var change = LdapAttributes.FromWire(request.OtherAttributes, "INVALID_ATTRIBUTE_FOR_MODIFY");
        // Type and scope are one AD attribute (groupType) that every group has: they can be changed, never cleared.
        if (updateType == "REMOVE" && (request.GroupType is not null || request.GroupScope is not null))
            throw DataErrors.Validation("INVALID_ATTRIBUTE_FOR_MODIFY", "A group always has a GroupType and a GroupScope; they cannot be removed.");
        if (request.GroupScope == GroupScopes.BuiltinLocal) throw BuiltinLocalRefused();
        UpdateGroupRecord(directory, request.SAMAccountName!, group =>
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
        });
        return Task.FromResult(new UpdateGroupResult());
    }

    public override Task<DeleteGroupResult> DeleteGroup(RequestContext context, DeleteGroupRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!);
        var group = RequireGroup(directory, request.SAMAccountName!);
        if (!Groups.Delete(directory.Scope, group.Id)) throw GroupNotFound(directory.Id, request.SAMAccountName!);
        // Its own member list goes with the record; its memberships in other groups go now.
        RemoveFromAllGroups(directory, group.Sid);
        return Task.FromResult(new DeleteGroupResult());
    }

    private DirectoryGroupRecord? FindGroup(DirectoryRecord directory, string samAccountName) =>
        Groups.Get(directory.Scope, DirectoryGroupRecord.KeyFor(directory.Id, samAccountName));

    private DirectoryGroupRecord RequireGroup(DirectoryRecord directory, string samAccountName) =>
        FindGroup(directory, samAccountName) ?? throw GroupNotFound(directory.Id, samAccountName);

    private List<DirectoryGroupRecord> GroupsOf(DirectoryRecord directory) =>
        Groups.List(directory.Scope).Where(g => g.DirectoryId == directory.Id).ToList();

    private void UpdateGroupRecord(DirectoryRecord directory, string samAccountName, Func<DirectoryGroupRecord, DirectoryGroupRecord> change)
    {
        var key = RequireGroup(directory, samAccountName).Id;
        _ = Groups.Update(directory.Scope, key, group => change(group) with { UpdatedAt = time.GetUtcNow() }) ?? RequireGroup(directory, samAccountName);
    }

    private static GroupSummary Summary(DirectoryGroupRecord group) =>
        new() { SAMAccountName = group.SAMAccountName, SID = group.Sid, GroupType = group.GroupType, GroupScope = group.GroupScope };

    private static Dictionary<string, AttributeValue>? SelectAttributes(DirectoryGroupRecord group, IEnumerable<string>? requested) =>
        LdapAttributes.Select(group.OtherAttributes, name => name.ToLowerInvariant() switch
        {
            "samaccountname" => new() { S = group.SAMAccountName },
            "distinguishedname" => new() { S = group.DistinguishedName },
            "objectsid" => new() { S = group.Sid },
            "grouptype" => new() { N = GroupTypeFlags(group) },
            _ => null,
        }, requested);

    /// <summary>AD's groupType bits, read back as the signed 32-bit value LDAP returns (e.g. -2147483646 for a global security group).</summary>
    private static long GroupTypeFlags(DirectoryGroupRecord group)
    {
        var scope = group.GroupScope switch
        {
            GroupScopes.BuiltinLocal => 0x1u,
            GroupScopes.DomainLocal => 0x4u,
            GroupScopes.Universal => 0x8u,
            _ => 0x2u,
        };
        return unchecked((int)(group.GroupType == GroupTypes.Security ? scope | 0x80000000u : scope));
    }

    /// <summary>AD converts Global and Domain Local groups only to and from Universal.</summary>
    private static bool ScopeChangeAllowed(string from, string to) =>
        from == to || to == GroupScopes.Universal || from == GroupScopes.Universal;

    private static AwsException BuiltinLocalRefused() =>
        DataErrors.Validation("INVALID_ATTRIBUTE_VALUE", "GroupScope BuiltinLocal is reserved for the directory's built-in groups.");

    private static AwsException GroupNotFound(string directoryId, string groupName) =>
        new(DirectoryServiceDataErrors.ResourceNotFoundException, $"Group {groupName} does not exist in directory {directoryId}.");

    private static class GroupTypes
    {
        public const string Security = "Security";
    }

    private static class GroupScopes
    {
        public const string Global = "Global";
        public const string DomainLocal = "DomainLocal";
        public const string Universal = "Universal";
        public const string BuiltinLocal = "BuiltinLocal";
    }
}
