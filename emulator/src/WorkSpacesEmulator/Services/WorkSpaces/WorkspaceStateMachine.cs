namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>What the reconciler asks the desktop runtime to do.</summary>
public enum DesktopCommand { None, Start, Stop, Reboot, Rebuild, Remove }

/// <summary>What the reconciler last saw of a desktop (only looked at when <see cref="WorkspaceStateMachine.ObservesHealth"/>).</summary>
public enum DesktopHealth { NotObserved, Healthy, NotHealthy, RuntimeUnavailable }

/// <param name="CommandIssued">Whether this state's desktop command was already given since the emulator started
/// (kept in memory, so after a restart every desktop is brought back in line with its stored state).</param>
/// <param name="WasHealthy">Whether the desktop has been seen healthy since its command was issued.</param>
public readonly record struct WorkspaceStepInput(
    string State, string? PendingAction, DateTimeOffset? NextTransitionAt, DateTimeOffset Now,
    bool CommandIssued, DesktopHealth Health, bool WasHealthy)
{
    public bool Due => NextTransitionAt is null || NextTransitionAt <= Now;
}

/// <param name="NextState">The state to move to (null = stay).</param>
/// <param name="Delete">The WorkSpace is gone (after TERMINATED).</param>
/// <param name="Settled">The pending action and modification states are done (cleared on the record).</param>
/// <param name="PendingAction">A pending action to record with the new state.</param>
public readonly record struct WorkspaceStep(DesktopCommand Command, string? NextState, bool Delete = false, bool Settled = false, string? PendingAction = null)
{
    public static readonly WorkspaceStep Nothing = new(DesktopCommand.None, null);
}

/// <summary>The WorkSpace lifecycle as a pure function (state, pending action, desktop health, clock) → next step.
/// Transitional states last at least their NextTransitionAt; states that need a running desktop end only once
/// the runtime reports it healthy (a Docker desktop may take seconds).</summary>
public static class WorkspaceStateMachine
{
    /// <summary>States whose desktop command is given at once (the desktop boots while the state lasts).</summary>
    private static DesktopCommand BootCommand(string state) => state switch
    {
        "PENDING" or "STARTING" => DesktopCommand.Start,
        "REBOOTING" => DesktopCommand.Reboot,
        "REBUILDING" or "RESTORING" => DesktopCommand.Rebuild,
        _ => DesktopCommand.None,
    };

    /// <summary>Pending action of a WorkSpace made UNHEALTHY because the desktop runtime stopped answering: it
    /// returns to AVAILABLE by itself once the runtime answers and the desktop is healthy.</summary>
    public const string RuntimeUnavailableAction = "RUNTIME_UNAVAILABLE";

    /// <summary>Pending action of a WorkSpace SUSPENDED while CreateWorkspaceImage captures it: it returns to
    /// AVAILABLE when the capture is due (the image itself is finished by the image lifecycle at the same time).</summary>
    public const string ImageCaptureAction = "CREATE_IMAGE";

    /// <summary>Whether the reconciler should look at the desktop's health before calling <see cref="Next"/>.</summary>
    public static bool ObservesHealth(string state, bool commandIssued, string? pendingAction = null) =>
        commandIssued && (state is "PENDING" or "STARTING" or "REBOOTING" or "REBUILDING" or "RESTORING" or "AVAILABLE"
            || (state == "UNHEALTHY" && pendingAction == RuntimeUnavailableAction));

    public static WorkspaceStep Next(in WorkspaceStepInput i)
    {
        switch (i.State)
        {
            case "PENDING" or "STARTING" or "REBOOTING" or "REBUILDING" or "RESTORING":
                if (!i.CommandIssued) return new(BootCommand(i.State), null);
                return i.Due && i.Health == DesktopHealth.Healthy ? new(DesktopCommand.None, "AVAILABLE", Settled: true) : WorkspaceStep.Nothing;

            case "STOPPING":
                return i.Due ? new(DesktopCommand.Stop, "STOPPED", Settled: true) : WorkspaceStep.Nothing;

            case "TERMINATING":
                return i.Due ? new(DesktopCommand.Remove, "TERMINATED", Settled: true) : WorkspaceStep.Nothing;

            case "TERMINATED":
                return i.Due ? new(DesktopCommand.None, null, Delete: true) : WorkspaceStep.Nothing;

            case "AVAILABLE" or "ADMIN_MAINTENANCE":
                // After a restart (or a first look) make sure the desktop runs.
                if (!i.CommandIssued) return new(DesktopCommand.Start, null);
                // A compute or protocol change takes effect with a restart of the desktop.
                if (i.PendingAction == "MODIFY" && i.Due) return new(DesktopCommand.Reboot, null, Settled: true);
                // A desktop that was healthy and stops answering is UNHEALTHY until rebooted or rebuilt.
                if (i.State == "AVAILABLE" && i.WasHealthy && i.Health == DesktopHealth.NotHealthy) return new(DesktopCommand.None, "UNHEALTHY");
                // The runtime itself is gone (engine down): UNHEALTHY, but recovering without an operator.
                if (i.State == "AVAILABLE" && i.Health == DesktopHealth.RuntimeUnavailable)
                    return new(DesktopCommand.None, "UNHEALTHY", PendingAction: RuntimeUnavailableAction);
                return WorkspaceStep.Nothing;

            case "UNHEALTHY" when i.PendingAction == RuntimeUnavailableAction:
                return i.Health == DesktopHealth.Healthy ? new(DesktopCommand.None, "AVAILABLE", Settled: true) : WorkspaceStep.Nothing;

            case "SUSPENDED" when i.PendingAction == ImageCaptureAction:
                // The desktop keeps running while it is captured (after a restart, make sure it does again).
                if (!i.CommandIssued) return new(DesktopCommand.Start, null);
                return i.Due ? new(DesktopCommand.None, "AVAILABLE", Settled: true) : WorkspaceStep.Nothing;

            case "STOPPED":
                if (!i.CommandIssued) return new(DesktopCommand.Stop, null);
                return i.PendingAction == "MODIFY" && i.Due ? new(DesktopCommand.None, null, Settled: true) : WorkspaceStep.Nothing;

            default:
                // UNHEALTHY, IMPAIRED, ERROR, SUSPENDED, MAINTENANCE, UPDATING: wait for an operator action.
                return WorkspaceStep.Nothing;
        }
    }
}
