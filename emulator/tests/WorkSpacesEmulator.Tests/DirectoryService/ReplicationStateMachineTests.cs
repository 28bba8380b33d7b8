using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>The exact state sequences of additional Regions, schema extensions and OS updates, with a controlled clock.</summary>
public sealed class ReplicationStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(true, new[] { "CreatingSnapshot", "UpdatingSchema", "Replicating", "Completed" })]
    [InlineData(false, new[] { "UpdatingSchema", "Replicating", "Completed" })]
    public void A_schema_extension_walks_its_states_one_step_per_transition(bool snapshot, string[] expected)
    {
        var e = new SchemaExtensionRecord("e-0123456789", "a/r", "d-0123456789", "x", "ldif", snapshot,
            SchemaExtensionStatuses.Initializing, null, T0, null, T0 + Step);
        ReplicationStateMachine.NextExtension(e, T0, Step).Should().BeSameAs(e, "nothing is due yet");
        var now = T0;
        var seen = new List<string>();
        while (e.NextTransitionAt is not null)
        {
            now += Step;
            e = ReplicationStateMachine.NextExtension(e, now, Step);
            seen.Add(e.Status);
        }
        seen.Should().Equal(expected);
        e.EndDateTime.Should().Be(now);
    }

    [Fact]
    public void A_cancelled_extension_ends_Cancelled()
    {
        var e = new SchemaExtensionRecord("e-0123456789", "a/r", "d-0123456789", "x", "ldif", false,
            SchemaExtensionStatuses.CancelInProgress, null, T0, null, T0 + Step);
        var next = ReplicationStateMachine.NextExtension(e, T0 + Step, Step);
        next.Status.Should().Be(SchemaExtensionStatuses.Cancelled);
        next.NextTransitionAt.Should().BeNull();
        SchemaExtensionStatuses.IsCancellable(SchemaExtensionStatuses.Replicating).Should().BeFalse();
        SchemaExtensionStatuses.IsCancellable(SchemaExtensionStatuses.UpdatingSchema).Should().BeTrue();
    }

    [Fact]
    public void A_region_goes_Creating_Active_and_a_removed_one_disappears()
    {
        var r = new RegionRecord("d-0123456789", "a/us-west-2", "a/us-east-1", "us-west-2", "Creating", "vpc-1", ["s1", "s2"], "sg-1",
            ["eni-1", "eni-2"], ["10.0.0.4", "10.0.16.4"], 2, T0, T0, T0, T0 + Step);
        ReplicationStateMachine.NextRegion(r, T0).Should().BeSameAs(r);
        var active = ReplicationStateMachine.NextRegion(r, T0 + Step)!;
        active.Status.Should().Be("Active");
        active.NextTransitionAt.Should().BeNull();
        ReplicationStateMachine.NextRegion(active with { Status = "Deleting", NextTransitionAt = T0 + Step }, T0 + Step).Should().BeNull();
    }

    [Fact]
    public void An_update_goes_Updating_Updated()
    {
        var u = new DirectoryUpdateRecord("u-0123456789", "a/r", "d-0123456789", "OS", "r", UpdateStatuses.Updating, null, "a",
            "SERVER_2012", "SERVER_2019", T0, T0, T0 + Step);
        ReplicationStateMachine.NextUpdate(u, T0).Should().BeSameAs(u);
        var done = ReplicationStateMachine.NextUpdate(u, T0 + Step);
        done.Status.Should().Be(UpdateStatuses.Updated);
        done.LastUpdatedDateTime.Should().Be(T0 + Step);
    }
}
