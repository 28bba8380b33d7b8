using Microsoft.Extensions.Time.Testing;
using WorkSpacesEmulator.Services.WorkSpaces;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

/// <summary>The SUSPENDED step of the WorkSpace state machine: a WorkSpace captured by CreateWorkspaceImage.</summary>
public sealed class ImageCaptureStateMachineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly TimeSpan Transition = TimeSpan.FromSeconds(2);

    private WorkspaceStep Step(string state, bool issued, string? pending, DateTimeOffset? due, DesktopHealth health = DesktopHealth.NotObserved) =>
        WorkspaceStateMachine.Next(new WorkspaceStepInput(state, pending, due, _time.GetUtcNow(), issued, health, WasHealthy: false));

    [Fact]
    public void Suspended_for_an_image_returns_to_AVAILABLE_when_due()
    {
        var due = _time.GetUtcNow() + Transition;
        Step("SUSPENDED", issued: true, WorkspaceStateMachine.ImageCaptureAction, due).Should().Be(WorkspaceStep.Nothing);
        _time.Advance(Transition);
        Step("SUSPENDED", issued: true, WorkspaceStateMachine.ImageCaptureAction, due)
            .Should().Be(new WorkspaceStep(DesktopCommand.None, "AVAILABLE", Settled: true));
    }

    [Fact]
    public void Suspended_for_an_image_keeps_the_desktop_running_after_a_restart()
    {
        var due = _time.GetUtcNow() + Transition;
        Step("SUSPENDED", issued: false, WorkspaceStateMachine.ImageCaptureAction, due).Should().Be(new WorkspaceStep(DesktopCommand.Start, null));
        _time.Advance(Transition);
        Step("SUSPENDED", issued: false, WorkspaceStateMachine.ImageCaptureAction, due).Should().Be(new WorkspaceStep(DesktopCommand.Start, null),
            "the desktop is brought back first; the next step ends the suspension");
    }

    [Fact]
    public void Suspended_for_an_image_does_not_look_at_desktop_health()
    {
        WorkspaceStateMachine.ObservesHealth("SUSPENDED", commandIssued: true, WorkspaceStateMachine.ImageCaptureAction).Should().BeFalse();
        var due = _time.GetUtcNow() + Transition;
        Step("SUSPENDED", issued: true, WorkspaceStateMachine.ImageCaptureAction, due, DesktopHealth.NotHealthy).Should().Be(WorkspaceStep.Nothing);
    }

    [Fact]
    public void Suspended_without_an_image_capture_waits_for_an_operator()
    {
        _time.Advance(Transition);
        Step("SUSPENDED", issued: true, pending: null, due: null).Should().Be(WorkspaceStep.Nothing);
        Step("SUSPENDED", issued: false, pending: null, due: null).Should().Be(WorkspaceStep.Nothing);
    }
}
