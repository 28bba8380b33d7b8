using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>A schema extension applied (or being applied) to a Managed AD directory.</summary>
public sealed record SchemaExtensionRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string Description,
    string LdifContent,
    bool CreateSnapshot,
    string Status,             // ds SchemaExtensionStatus
    string? StatusReason,
    DateTimeOffset StartDateTime,
    DateTimeOffset? EndDateTime,
    DateTimeOffset? NextTransitionAt) : IResource;

public static class SchemaExtensionStatuses
{
    public const string Initializing = "Initializing";
    public const string CreatingSnapshot = "CreatingSnapshot";
    public const string UpdatingSchema = "UpdatingSchema";
    public const string Replicating = "Replicating";
    public const string CancelInProgress = "CancelInProgress";
    public const string RollbackInProgress = "RollbackInProgress";
    public const string Cancelled = "Cancelled";
    public const string Failed = "Failed";
    public const string Completed = "Completed";

    /// <summary>Once replication to the controllers has started an extension can no longer be cancelled.</summary>
    public static bool IsCancellable(string status) => status is Initializing or CreatingSnapshot or UpdatingSchema;

    public static bool IsFinished(string status) => status is Cancelled or Failed or Completed;
}

/// <summary>Pure lifecycles of the multi-Region, schema extension and directory update records, each step after
/// <c>transition</c>. Each returns the record unchanged when nothing is due, and null when it is to be removed.</summary>
public static class ReplicationStateMachine
{
    public static SchemaExtensionRecord NextExtension(SchemaExtensionRecord e, DateTimeOffset now, TimeSpan transition)
    {
        if (e.NextTransitionAt is not { } due || due > now) return e;
        var next = now + transition;
        return e.Status switch
        {
            SchemaExtensionStatuses.Initializing => e.CreateSnapshot
                ? e with { Status = SchemaExtensionStatuses.CreatingSnapshot, NextTransitionAt = next }
                : e with { Status = SchemaExtensionStatuses.UpdatingSchema, NextTransitionAt = next },
            SchemaExtensionStatuses.CreatingSnapshot => e with { Status = SchemaExtensionStatuses.UpdatingSchema, NextTransitionAt = next },
            SchemaExtensionStatuses.UpdatingSchema => e with { Status = SchemaExtensionStatuses.Replicating, NextTransitionAt = next },
            // Difference from AWS: the LDIF is never parsed or applied, so an extension always completes (never Failed).
            SchemaExtensionStatuses.Replicating => e with { Status = SchemaExtensionStatuses.Completed, StatusReason = "Schema updates are complete.", EndDateTime = now, NextTransitionAt = null },
            SchemaExtensionStatuses.CancelInProgress => e with { Status = SchemaExtensionStatuses.Cancelled, StatusReason = "Cancellation is complete.", EndDateTime = now, NextTransitionAt = null },
            _ => e with { NextTransitionAt = null },
        };
    }

    public static RegionRecord? NextRegion(RegionRecord r, DateTimeOffset now)
    {
        if (r.NextTransitionAt is not { } due || due > now) return r;
        return r.Status switch
        {
            DirectoryStages.Creating => r with { Status = DirectoryStages.Active, StatusLastUpdatedDateTime = now, LastUpdatedDateTime = now, NextTransitionAt = null },
            DirectoryStages.Deleting => null,
            _ => r with { NextTransitionAt = null },
        };
    }

    public static DirectoryUpdateRecord NextUpdate(DirectoryUpdateRecord u, DateTimeOffset now) =>
        u.Status == UpdateStatuses.Updating && u.NextTransitionAt is { } due && due <= now
            ? u with { Status = UpdateStatuses.Updated, LastUpdatedDateTime = now, NextTransitionAt = null }
            : u;
}

public static class UpdateStatuses
{
    public const string Updating = "Updating";
    public const string Updated = "Updated";
    public const string UpdateFailed = "UpdateFailed";
}
