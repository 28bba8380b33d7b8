namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>What the reconciler should do with a directory now.</summary>
public enum DirectoryStepKind { None, Advance, Remove }

public readonly record struct DirectoryStep(DirectoryStepKind Kind, DirectoryRecord? Updated = null)
{
    public static readonly DirectoryStep None = new(DirectoryStepKind.None);
    public static readonly DirectoryStep Remove = new(DirectoryStepKind.Remove);
}

/// <summary>The directory lifecycle as a pure function of (record, clock, transition time), so it can be unit
/// tested without a host: Requested → Creating → Active, each after <c>transition</c>; Deleting → removed.</summary>
public static class DirectoryStateMachine
{
    public static DirectoryStep Next(DirectoryRecord directory, DateTimeOffset now, TimeSpan transition)
    {
        if (directory.NextTransitionAt is not { } due || due > now) return DirectoryStep.None;
        return directory.Stage switch
        {
            DirectoryStages.Requested => new(DirectoryStepKind.Advance, Enter(directory, DirectoryStages.Creating, now, now + transition)),
            DirectoryStages.Creating => new(DirectoryStepKind.Advance, Enter(directory, DirectoryStages.Active, now, null)),
            // The lifecycle puts the snapshot's users back before it stores this record.
            DirectoryStages.Restoring => new(DirectoryStepKind.Advance, Enter(directory, DirectoryStages.Active, now, null) with { RestoringSnapshotId = null }),
            DirectoryStages.Deleting => DirectoryStep.Remove,
            // A stable stage with a stale due time (e.g. written by an older version): just clear it.
            _ => new(DirectoryStepKind.Advance, directory with { NextTransitionAt = null }),
        };
    }

    /// <summary>The settled parts of an Active directory (RADIUS is probed by Gateways/RadiusProbeLifecycle): extra domain controllers
    /// Creating → Active / Deleting → removed, each when due. Returns null when nothing is due; <c>Removed</c> lists
    /// the controllers dropped (their network interfaces are the caller's to release).</summary>
    public static (DirectoryRecord Updated, IReadOnlyList<DomainControllerEntry> Removed)? NextExtras(DirectoryRecord directory, DateTimeOffset now)
    {
        var updated = directory;
        var removed = new List<DomainControllerEntry>();
        if (directory.ExtraDomainControllers is { } extras && extras.Any(dc => dc.NextTransitionAt is { } due && due <= now))
        {
            var kept = new List<DomainControllerEntry>();
            foreach (var dc in extras)
            {
                if (dc.NextTransitionAt is not { } due || due > now) kept.Add(dc);
                else if (dc.Status == DomainControllerStatuses.Deleting) removed.Add(dc);
                else kept.Add(dc with { Status = DomainControllerStatuses.Active, StatusLastUpdatedDateTime = now, NextTransitionAt = null });
            }
            updated = updated with { ExtraDomainControllers = kept };
        }
        return ReferenceEquals(updated, directory) ? null : (updated, removed);
    }

    /// <summary>A snapshot that is due: Creating → Completed.</summary>
    public static DirectorySnapshotRecord? NextSnapshot(DirectorySnapshotRecord snapshot, DateTimeOffset now) =>
        snapshot.Status == SnapshotStatuses.Creating && snapshot.NextTransitionAt is { } due && due <= now
            ? snapshot with { Status = SnapshotStatuses.Completed, NextTransitionAt = null }
            : null;

    /// <summary>The record entering <paramref name="stage"/> at <paramref name="now"/>.</summary>
    public static DirectoryRecord Enter(DirectoryRecord directory, string stage, DateTimeOffset now, DateTimeOffset? nextTransitionAt) =>
        directory with { Stage = stage, StageReason = null, StageLastUpdatedDateTime = now, NextTransitionAt = nextTransitionAt };
}
