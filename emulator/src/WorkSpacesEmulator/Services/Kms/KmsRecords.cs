using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Kms;

/// <summary>A KMS key (regional: scoped to account + Region). Id is the key id (a UUID).</summary>
public sealed record KmsKeyRecord(string Id, string Scope, string? Description, string KeyUsage, string KeySpec, string KeyState,
    string KeyManager, string Origin, bool MultiRegion, DateTimeOffset CreationDate, DateTimeOffset? DeletionDate, int? PendingWindowInDays,
    IReadOnlyList<TagPair> Tags) : IResource
{
    public bool Enabled => KeyState == "Enabled";
}

/// <summary>An alias (<c>alias/…</c>) pointing at a key of the same scope.</summary>
public sealed record KmsAliasRecord(string Id, string Scope, string TargetKeyId, DateTimeOffset CreationDate, DateTimeOffset LastUpdatedDate) : IResource;
