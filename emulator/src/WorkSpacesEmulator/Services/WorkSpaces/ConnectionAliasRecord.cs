using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>A connection alias (Id = <c>wsca-…</c>), stored in its owner's scope. State CREATING | CREATED | DELETING;
/// <see cref="NextTransitionAt"/> is when the reconciler moves it (or its association) on.</summary>
public sealed record ConnectionAliasRecord(
    string Id,
    string Scope,
    string ConnectionString,
    string OwnerAccountId,
    string State,
    DateTimeOffset? NextTransitionAt,
    ConnectionAliasAssociationRecord? Association,
    IReadOnlyList<ConnectionAliasPermissionRecord> Permissions,
    IReadOnlyList<TagPair> Tags,
    DateTimeOffset CreatedAt) : IResource;

/// <summary>The alias's one association: a directory of the owner or of an account it is shared with.
/// Status PENDING_ASSOCIATION → ASSOCIATED_WITH_OWNER_ACCOUNT | ASSOCIATED_WITH_SHARED_ACCOUNT; PENDING_DISASSOCIATION → removed.</summary>
public sealed record ConnectionAliasAssociationRecord(
    string ResourceId,
    string AssociatedAccountId,
    string AssociationStatus,
    string ConnectionIdentifier,
    DateTimeOffset? NextTransitionAt);

/// <summary>An account the alias is shared with.</summary>
public sealed record ConnectionAliasPermissionRecord(string SharedAccountId, bool AllowAssociation);
