using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>A cross-account link (Id = <c>link-…</c>), stored in the scope of the source (inviting) account and Region.
/// Status (AccountLinkStatusEnum) PENDING_ACCEPTANCE_BY_TARGET_ACCOUNT → LINKED | REJECTED; deleting removes it.</summary>
public sealed record AccountLinkRecord(
    string Id,
    string Scope,
    string SourceAccountId,
    string TargetAccountId,
    string Status,
    DateTimeOffset CreatedAt) : IResource;
