using Microsoft.Extensions.Time.Testing;
using WorkSpacesEmulator.Services.WorkSpaces;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class WorkspaceStateMachineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly TimeSpan Transition = TimeSpan.FromSeconds(2);

    private WorkspaceStep Step(string state, bool issued, DesktopHealth health = DesktopHealth.NotObserved, string? pending = null,
        DateTimeOffset? due = null, bool wasHealthy = false) =>
        WorkspaceStateMachine.Next(new WorkspaceStepInput(state, pending, due, _time.GetUtcNow(), issued, health, wasHealthy));

    [Theory]
    [InlineData("PENDING", DesktopCommand.Start)]
    [InlineData("STARTING", DesktopCommand.Start)]
    [InlineData("REBOOTING", DesktopCommand.Reboot)]
    [InlineData("REBUILDING", DesktopCommand.Rebuild)]
    public void Booting_states_start_the_desktop_at_once_and_become_AVAILABLE_when_due_and_healthy(string state, DesktopCommand command)
    {
        var due = _time.GetUtcNow() + Transition;
        Step(state, issued: false, due: due).Should().Be(new WorkspaceStep(command, null));
        Step(state, issued: true, DesktopHealth.Healthy, due: due).Should().Be(WorkspaceStep.Nothing, "the state lasts at least the transition time");
        _time.Advance(Transition);
        Step(state, issued: true, DesktopHealth.NotHealthy, due: due).Should().Be(WorkspaceStep.Nothing, "a desktop that is not healthy yet keeps the state");
        Step(state, issued: true, DesktopHealth.Healthy, due: due).Should().Be(new WorkspaceStep(DesktopCommand.None, "AVAILABLE", Settled: true));
    }

    [Fact]
    public void Stopping_stops_the_desktop_when_due()
    {
        var due = _time.GetUtcNow() + Transition;
        Step("STOPPING", issued: false, due: due).Should().Be(WorkspaceStep.Nothing);
        _time.Advance(Transition);
        Step("STOPPING", issued: false, due: due).Should().Be(new WorkspaceStep(DesktopCommand.Stop, "STOPPED", Settled: true));
    }

    [Fact]
    public void Terminating_removes_the_desktop_then_TERMINATED_disappears()
    {
        var due = _time.GetUtcNow() + Transition;
        Step("TERMINATING", issued: false, due: due).Should().Be(WorkspaceStep.Nothing);
        _time.Advance(Transition);
        Step("TERMINATING", issued: false, due: due).Should().Be(new WorkspaceStep(DesktopCommand.Remove, "TERMINATED", Settled: true));
        var goneAt = _time.GetUtcNow() + Transition;
        Step("TERMINATED", issued: false, due: goneAt).Delete.Should().BeFalse();
        _time.Advance(Transition);
        Step("TERMINATED", issued: false, due: goneAt).Delete.Should().BeTrue();
    }

    [Fact]
    public void After_a_restart_steady_states_bring_their_desktop_in_line()
    {
        Step("AVAILABLE", issued: false).Command.Should().Be(DesktopCommand.Start);
        Step("ADMIN_MAINTENANCE", issued: false).Command.Should().Be(DesktopCommand.Start);
        Step("STOPPED", issued: false).Command.Should().Be(DesktopCommand.Stop);
        Step("AVAILABLE", issued: true, DesktopHealth.Healthy, wasHealthy: true).Should().Be(WorkspaceStep.Nothing);
    }

    [Fact]
    public void An_AVAILABLE_desktop_that_stops_answering_becomes_UNHEALTHY_but_not_before_it_was_ever_healthy()
    {
        Step("AVAILABLE", issued: true, DesktopHealth.NotHealthy, wasHealthy: false).Should().Be(WorkspaceStep.Nothing);
        Step("AVAILABLE", issued: true, DesktopHealth.NotHealthy, wasHealthy: true).NextState.Should().Be("UNHEALTHY");
        Step("ADMIN_MAINTENANCE", issued: true, DesktopHealth.NotHealthy, wasHealthy: true).Should().Be(WorkspaceStep.Nothing);
        Step("UNHEALTHY", issued: true, DesktopHealth.Healthy).Should().Be(WorkspaceStep.Nothing, "only a reboot or rebuild heals it");
    }

    [Fact]
    public void A_pending_modification_restarts_a_running_desktop_and_settles_a_stopped_one()
    {
        var due = _time.GetUtcNow() + Transition;
        Step("AVAILABLE", issued: true, DesktopHealth.Healthy, "MODIFY", due, true).Should().Be(WorkspaceStep.Nothing);
        _time.Advance(Transition);
        Step("AVAILABLE", issued: true, DesktopHealth.Healthy, "MODIFY", due, true).Should().Be(new WorkspaceStep(DesktopCommand.Reboot, null, Settled: true));
        Step("STOPPED", issued: true, pending: "MODIFY", due: due).Should().Be(new WorkspaceStep(DesktopCommand.None, null, Settled: true));
    }

    [Fact]
    public void Health_is_observed_only_where_it_decides_something()
    {
        WorkspaceStateMachine.ObservesHealth("PENDING", true).Should().BeTrue();
        WorkspaceStateMachine.ObservesHealth("PENDING", false).Should().BeFalse();
        WorkspaceStateMachine.ObservesHealth("AVAILABLE", true).Should().BeTrue();
        WorkspaceStateMachine.ObservesHealth("STOPPED", true).Should().BeFalse();
    }

    [Fact]
    public void Runtime_outage_makes_AVAILABLE_unhealthy_and_it_recovers_by_itself_when_the_runtime_answers()
    {
        var outage = Step("AVAILABLE", issued: true, DesktopHealth.RuntimeUnavailable, wasHealthy: true);
        outage.Should().Be(new WorkspaceStep(DesktopCommand.None, "UNHEALTHY", PendingAction: WorkspaceStateMachine.RuntimeUnavailableAction));
        WorkspaceStateMachine.ObservesHealth("UNHEALTHY", true, WorkspaceStateMachine.RuntimeUnavailableAction).Should().BeTrue();
        Step("UNHEALTHY", issued: true, DesktopHealth.RuntimeUnavailable, pending: WorkspaceStateMachine.RuntimeUnavailableAction)
            .Should().Be(WorkspaceStep.Nothing, "still down");
        Step("UNHEALTHY", issued: true, DesktopHealth.Healthy, pending: WorkspaceStateMachine.RuntimeUnavailableAction)
            .Should().Be(new WorkspaceStep(DesktopCommand.None, "AVAILABLE", Settled: true));
    }

    [Fact]
    public void A_desktop_that_died_stays_UNHEALTHY_until_an_operator_acts()
    {
        WorkspaceStateMachine.ObservesHealth("UNHEALTHY", true, null).Should().BeFalse();
        Step("UNHEALTHY", issued: true, DesktopHealth.Healthy).Should().Be(WorkspaceStep.Nothing);
    }
}
