using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Iam;

/// <summary>An IAM role. IAM is global: the scope is the account alone. Id is the lower-cased name (IAM names are
/// unique case-insensitively).</summary>
public sealed record RoleRecord(string Id, string Scope, string RoleName, string RoleId, string Path, string AssumeRolePolicyDocument,
    string? Description, int MaxSessionDuration, IReadOnlyList<string> AttachedPolicyArns, IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<TagPair> Tags, DateTimeOffset CreateDate) : IResource
{
    public string Arn(string account) => $"arn:aws:iam::{account}:role{Path}{RoleName}";
}

/// <summary>An AWS managed policy of the fixed catalogue the emulator knows.</summary>
public sealed record ManagedPolicy(string PolicyName, string PolicyId, string Path, string DefaultVersionId, string Description, DateTimeOffset CreateDate)
{
    public string Arn => $"arn:aws:iam::aws:policy{Path}{PolicyName}";
}
