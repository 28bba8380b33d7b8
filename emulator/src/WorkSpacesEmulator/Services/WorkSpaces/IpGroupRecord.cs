using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>An IP access control group (Id = <c>wsipg-…</c>). Which directories it is associated with is kept on
/// the directories (<see cref="WorkspaceDirectoryRecord.IpGroupIds"/>), as DescribeWorkspaceDirectories reports it.</summary>
public sealed record IpGroupRecord(
    string Id,
    string Scope,
    string GroupName,
    string? GroupDesc,
    IReadOnlyList<IpRuleRecord> UserRules,
    IReadOnlyList<TagPair> Tags,
    DateTimeOffset CreatedAt) : IResource;

/// <summary>One rule: an IPv4 address or CIDR range and its description.</summary>
public sealed record IpRuleRecord(string IpRule, string? RuleDesc);
