using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// IP access control groups: CreateIpGroup, DescribeIpGroups, DeleteIpGroup, AuthorizeIpRules, RevokeIpRules,
// UpdateRulesOfIpGroup, AssociateIpGroups, DisassociateIpGroups.
public sealed partial class WorkSpacesHandlers
{
    private const int MaxIpGroups = 100;          // per account and Region
    private const int MaxRulesPerIpGroup = 10;
    private const int MaxIpGroupsPerDirectory = 25;

    private ResourceTable<IpGroupRecord> IpGroups => store.Table<IpGroupRecord>(ResourceKinds.IpGroups);

    public override Task<CreateIpGroupResult> CreateIpGroup(RequestContext context, CreateIpGroupRequest request, CancellationToken ct)
    {
        var name = request.GroupName!;
        if (string.IsNullOrWhiteSpace(name)) throw InvalidParameter("The group name must not be empty.");
        var rules = ParseRules(request.UserRules);
        if (rules.Count > MaxRulesPerIpGroup)
            throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"An IP access control group can have at most {MaxRulesPerIpGroup} rules.");
        var tags = FromWire(request.Tags);
        if (tags.Any(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
            throw InvalidParameter("Tag keys starting with 'aws:' are reserved for AWS use.");
        if (tags.Count > MaxTags)
            throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"A resource can have at most {MaxTags} tags.");

        lock (_gate)
        {
            var existing = IpGroups.List(context.Scope);
            if (existing.Any(g => g.GroupName == name))
                throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException, $"An IP access control group named {name} already exists.");
            if (existing.Count >= MaxIpGroups)
                throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"The maximum number of IP access control groups ({MaxIpGroups}) has been reached.");
            var record = new IpGroupRecord(ids.Next("wsipg-", 9, Ids.LowerAlnum), context.Scope, name, request.GroupDesc, rules, TagList.Merge([], tags), Now);
            IpGroups.Put(record);
            return Task.FromResult(new CreateIpGroupResult { GroupId = record.Id });
        }
    }

    public override Task<DescribeIpGroupsResult> DescribeIpGroups(RequestContext context, DescribeIpGroupsRequest request, CancellationToken ct)
    {
        IReadOnlyList<IpGroupRecord> selected = IpGroups.List(context.Scope);
        if (request.GroupIds is { } wanted)
        {
            var set = wanted.ToHashSet(StringComparer.Ordinal);
            selected = selected.Where(g => set.Contains(g.Id)).ToList();
        }
        var page = Paging.Take(selected, request.MaxResults ?? 25, request.NextToken, "ip-groups", InvalidToken);
        var result = page.Items.Select(g => new WorkspacesIpGroup
        {
            GroupId = g.Id,
            GroupName = g.GroupName,
            GroupDesc = g.GroupDesc,
            UserRules = g.UserRules.Select(r => new IpRuleItem { IpRule = r.IpRule, RuleDesc = r.RuleDesc }).ToList(),
        }).ToList();
        return Task.FromResult(new DescribeIpGroupsResult { Result = result, NextToken = page.NextToken });
    }

    public override Task<DeleteIpGroupResult> DeleteIpGroup(RequestContext context, DeleteIpGroupRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var group = IpGroup(context, request.GroupId!);
            var associated = WorkspaceDirectories.List(context.Scope).Where(d => d.IpGroupIds.Contains(group.Id)).Select(d => d.Id).ToList();
            if (associated.Count > 0)
                throw new AwsException(WorkSpacesErrors.ResourceAssociatedException,
                    $"The IP access control group {group.Id} is associated with the directories {string.Join(", ", associated)}. Disassociate it first.");
            IpGroups.Delete(context.Scope, group.Id);
        }
        return Task.FromResult(new DeleteIpGroupResult());
    }

    public override Task<AuthorizeIpRulesResult> AuthorizeIpRules(RequestContext context, AuthorizeIpRulesRequest request, CancellationToken ct)
    {
        var added = ParseRules(request.UserRules);
        ChangeIpGroup(context, request.GroupId!, g =>
        {
            foreach (var rule in added)
                if (g.UserRules.Any(r => SameRule(r.IpRule, rule.IpRule)))
                    // Difference from AWS: the answer to authorizing a rule the group already has is not documented;
                    // the emulator refuses it rather than keeping two copies.
                    throw InvalidParameter($"The rule {rule.IpRule} already exists in the IP access control group {g.Id}.");
            if (g.UserRules.Count + added.Count > MaxRulesPerIpGroup)
                throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException,
                    $"An IP access control group can have at most {MaxRulesPerIpGroup} rules; {g.Id} has {g.UserRules.Count}.");
            return g with { UserRules = [.. g.UserRules, .. added] };
        });
        return Task.FromResult(new AuthorizeIpRulesResult());
    }

    public override Task<RevokeIpRulesResult> RevokeIpRules(RequestContext context, RevokeIpRulesRequest request, CancellationToken ct)
    {
        var revoked = request.UserRules!;
        foreach (var rule in revoked) ValidateRule(rule);
        // Difference from AWS: revoking a rule the group does not have is not documented; the emulator ignores it.
        ChangeIpGroup(context, request.GroupId!, g => g with
        {
            UserRules = g.UserRules.Where(r => !revoked.Any(x => SameRule(x, r.IpRule))).ToList(),
        });
        return Task.FromResult(new RevokeIpRulesResult());
    }

    public override Task<UpdateRulesOfIpGroupResult> UpdateRulesOfIpGroup(RequestContext context, UpdateRulesOfIpGroupRequest request, CancellationToken ct)
    {
        var rules = ParseRules(request.UserRules);
        if (rules.Count > MaxRulesPerIpGroup)
            throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"An IP access control group can have at most {MaxRulesPerIpGroup} rules.");
        ChangeIpGroup(context, request.GroupId!, g => g with { UserRules = rules });
        return Task.FromResult(new UpdateRulesOfIpGroupResult());
    }

    public override Task<AssociateIpGroupsResult> AssociateIpGroups(RequestContext context, AssociateIpGroupsRequest request, CancellationToken ct)
    {
        lock (_gate)   // DeleteIpGroup checks associations under the same gate
        {
            ChangeDirectory(context, request.DirectoryId!, directory =>
            {
                if (directory.State != "REGISTERED")
                    throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                        $"The directory {directory.Id} is {directory.State}; IP access control groups can be associated only with a REGISTERED directory.");
                var groupIds = directory.IpGroupIds.ToList();
                foreach (var id in request.GroupIds!)
                {
                    IpGroup(context, id);
                    if (!groupIds.Contains(id)) groupIds.Add(id);   // associating an associated group again changes nothing
                }
                if (groupIds.Count > MaxIpGroupsPerDirectory)
                    throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException,
                        $"A directory can have at most {MaxIpGroupsPerDirectory} IP access control groups.");
                return groupIds.Count == directory.IpGroupIds.Count ? directory : directory with { IpGroupIds = groupIds };
            });
        }
        return Task.FromResult(new AssociateIpGroupsResult());
    }

    public override Task<DisassociateIpGroupsResult> DisassociateIpGroups(RequestContext context, DisassociateIpGroupsRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            ChangeDirectory(context, request.DirectoryId!, directory =>
            {
                foreach (var id in request.GroupIds!) IpGroup(context, id);
                // Difference from AWS: disassociating a group that is not associated is not documented; the emulator ignores it.
                var groupIds = directory.IpGroupIds.Where(id => !request.GroupIds.Contains(id)).ToList();
                return groupIds.Count == directory.IpGroupIds.Count ? directory : directory with { IpGroupIds = groupIds };
            });
        }
        return Task.FromResult(new DisassociateIpGroupsResult());
    }

    private IpGroupRecord IpGroup(RequestContext context, string id) =>
        IpGroups.Get(context.Scope, id)
        ?? throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The IP access control group {id} could not be found.",
            members: new Dictionary<string, string> { ["ResourceId"] = id });

    /// <summary>Changes a group's rules under the gate, so a concurrent AuthorizeIpRules cannot push it past the rule limit.</summary>
    private void ChangeIpGroup(RequestContext context, string id, Func<IpGroupRecord, IpGroupRecord> change)
    {
        lock (_gate)
        {
            var group = IpGroup(context, id);
            IpGroups.Put(change(group));
        }
    }

    private static List<IpRuleRecord> ParseRules(List<IpRuleItem>? items)
    {
        var rules = new List<IpRuleRecord>(items?.Count ?? 0);
        foreach (var item in items ?? [])
        {
            var rule = item.IpRule?.Trim() ?? "";
            ValidateRule(rule);
            if (rules.Any(r => SameRule(r.IpRule, rule)))
                throw InvalidParameter($"The rule {rule} is given more than once.");
            rules.Add(new IpRuleRecord(rule, item.RuleDesc));
        }
        return rules;
    }

    /// <summary>A rule is an IPv4 CIDR range (<c>10.0.0.0/16</c>) or a single IPv4 address.</summary>
    private static void ValidateRule(string rule)
    {
        // Difference from AWS: IPv6 ranges are refused (AWS IP access control groups are IPv4 only as far as documented);
        // host bits in a range are accepted and the rule is stored exactly as given.
        if (!TryNormaliseRule(rule, out _))
            throw InvalidParameter($"The IP rule {rule} is not a valid IPv4 address or CIDR range (for example 10.0.0.0/16).");
    }

    private static bool TryNormaliseRule(string rule, out Ipv4Cidr cidr)
    {
        if (rule.Contains('/')) return Ipv4Cidr.TryParse(rule, out cidr);
        cidr = default;
        if (!Ipv4Cidr.TryParseAddress(rule, out var address)) return false;
        cidr = new Ipv4Cidr(address, 32);
        return true;
    }

    /// <summary>Two rules are the same when they cover the same range (1.2.3.4 and 1.2.3.4/32 are one rule).</summary>
    private static bool SameRule(string a, string b) =>
        a == b || (TryNormaliseRule(a, out var x) && TryNormaliseRule(b, out var y) && x == y);
}
