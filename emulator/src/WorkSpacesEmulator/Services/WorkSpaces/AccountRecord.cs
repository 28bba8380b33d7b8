using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>The BYOL (dedicated tenancy) configuration of one account in one Region; one record per scope
/// (Id = <see cref="SingletonId"/>). Absent means BYOL was never enabled.</summary>
public sealed record AccountRecord(
    string Id,
    string Scope,
    string DedicatedTenancySupport,              // ENABLED | DISABLED
    string? DedicatedTenancyManagementCidrRange,
    IReadOnlyList<AccountModificationRecord> Modifications) : IResource
{
    public const string SingletonId = "account";
}

/// <summary>One ModifyAccount request: PENDING until the reconciler completes it at <see cref="NextTransitionAt"/>.</summary>
public sealed record AccountModificationRecord(
    DateTimeOffset StartTime,
    string ModificationState,                    // PENDING | COMPLETED | FAILED
    string DedicatedTenancySupport,
    string? DedicatedTenancyManagementCidrRange,
    DateTimeOffset? NextTransitionAt);
