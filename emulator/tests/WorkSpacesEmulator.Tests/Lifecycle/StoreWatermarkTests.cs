using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Billing;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Tests.Lifecycle;

/// <summary>Participants whose passes depend only on stored records skip ticks while nothing is stored, and still see
/// every change (the usage meter is one).</summary>
public sealed class StoreWatermarkTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static WorkspaceRecord Workspace(string state) =>
        new("ws-abcdefghi", "1/us-east-1", "d-1", "jdoe", "wsb-1", state, null, null, null, null, null, "A-1", null, false, false,
            new WorkspacePropertiesRecord("AUTO_STOP", 60, 80, 50, "STANDARD", ["PCOIP"], null), [], null, null, null, T0, null, T0, []);

    [Fact]
    public void A_pass_that_found_nothing_is_skipped_until_something_is_stored()
    {
        using var store = new Store(Options.Create(new EmulatorOptions { DataDir = ":memory:" }));
        var watermark = new StoreWatermark(store);
        var first = watermark.Begin();
        first.Should().NotBeNull();
        watermark.Begin().Should().Be(first, "a pass that was not settled runs again");
        watermark.Settled(first!.Value);
        watermark.Begin().Should().BeNull();

        store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).Put(Workspace("PENDING"));
        watermark.Begin().Should().Be(store.Version).And.NotBe(first);
    }

    [Fact]
    public async Task The_usage_meter_skips_unchanged_ticks_and_still_meters_every_state_change()
    {
        using var store = new Store(Options.Create(new EmulatorOptions { DataDir = ":memory:" }));
        var meter = new UsageMeter(store);
        var workspaces = store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);
        var usage = store.Table<UsageRecord>(UsageMeter.Kind);
        workspaces.Put(Workspace("AVAILABLE"));

        await meter.ReconcileAsync(T0, default);   // creates the usage record: a write, so not settled
        await meter.ReconcileAsync(T0, default);   // nothing new: settles at this version
        await meter.ReconcileAsync(T0.AddMinutes(1), default);   // skipped

        workspaces.Put(Workspace("STOPPED") with { StateChangedAt = T0.AddMinutes(5) });
        await meter.ReconcileAsync(T0.AddMinutes(6), default);
        usage.Get("1/us-east-1", "ws-abcdefghi")!.Segments.Select(s => (s.State, s.From)).Should().Equal(
            ("AVAILABLE", T0), ("STOPPED", T0.AddMinutes(5)));

        workspaces.Delete("1/us-east-1", "ws-abcdefghi");
        await meter.ReconcileAsync(T0.AddMinutes(7), default);
        usage.Get("1/us-east-1", "ws-abcdefghi")!.Segments[^1].State.Should().Be("TERMINATED");
    }
}
