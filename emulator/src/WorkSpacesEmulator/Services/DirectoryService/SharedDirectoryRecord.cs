using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>One share of an owner's Managed AD directory with a consumer account. Stored in the OWNER's scope and
/// keyed by the consumer-side directory id (<see cref="Id"/> = SharedDirectoryId, a d- id unique across all scopes);
/// the consumer's Accept/Reject find it by that id across scopes (see Sharing.cs).</summary>
public sealed record SharedDirectoryRecord(
    string Id,
    string Scope,
    string OwnerAccountId,
    string OwnerDirectoryId,
    string ShareMethod,        // HANDSHAKE | ORGANIZATIONS
    string SharedAccountId,
    string ShareStatus,        // ds ShareStatus
    string? ShareNotes,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset LastUpdatedDateTime,
    DateTimeOffset? NextTransitionAt) : IResource
{
    public string Region => Scope[(Scope.IndexOf('/') + 1)..];

    /// <summary>Counts against the share limit and blocks another share with the same account.</summary>
    public bool IsLive => ShareStatus is not (ShareStatuses.Rejected or ShareStatuses.Deleting or ShareStatuses.Deleted);
}

public static class ShareStatuses
{
    public const string PendingAcceptance = "PendingAcceptance";
    public const string Sharing = "Sharing";
    public const string Shared = "Shared";
    public const string Rejecting = "Rejecting";
    public const string Rejected = "Rejected";
    public const string Deleting = "Deleting";
    public const string Deleted = "Deleted";

    /// <summary>Sharing → Shared, Rejecting → Rejected, Deleting → removed (null); unchanged when nothing is due.</summary>
    public static SharedDirectoryRecord? Next(SharedDirectoryRecord share, DateTimeOffset now)
    {
        if (share.NextTransitionAt is not { } due || due > now) return share;
        return share.ShareStatus switch
        {
            Sharing => share with { ShareStatus = Shared, LastUpdatedDateTime = now, NextTransitionAt = null },
            Rejecting => share with { ShareStatus = Rejected, LastUpdatedDateTime = now, NextTransitionAt = null },
            Deleting => null,
            _ => share with { NextTransitionAt = null },
        };
    }
}
