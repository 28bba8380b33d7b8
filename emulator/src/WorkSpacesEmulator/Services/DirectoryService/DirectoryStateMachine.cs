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
            DirectoryStages.Deleting => DirectoryStep.Remove,
            // A stable stage with a stale due time (e.g. written by an older version): just clear it.
            _ => new(DirectoryStepKind.Advance, directory with { NextTransitionAt = null }),
        };
    }

    /// <summary>The record entering <paramref name="stage"/> at <paramref name="now"/>.</summary>
    public static DirectoryRecord Enter(DirectoryRecord directory, string stage, DateTimeOffset now, DateTimeOffset? nextTransitionAt) =>
        directory with { Stage = stage, StageReason = null, StageLastUpdatedDateTime = now, NextTransitionAt = nextTransitionAt };
}
