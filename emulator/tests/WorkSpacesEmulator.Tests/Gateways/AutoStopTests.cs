using System.Net.WebSockets;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WorkSpacesEmulator.Gateways;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Gateways;

public sealed class AutoStopRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static WorkspaceRecord Workspace(string mode = "AUTO_STOP", int? minutes = 60, string state = "AVAILABLE") =>
        new("ws-abcdefghi", "1/us-east-1", "d-1", "jdoe", "wsb-1", state, null, null, null, null, null, "A-1", null, false, false,
            new WorkspacePropertiesRecord(mode, minutes, 80, 50, "STANDARD", ["PCOIP"], null), [], null, null, null, T0, null, T0, []);

    [Fact]
    public void AutoStop_counts_from_becoming_available_or_the_last_disconnect_and_never_while_connected()
    {
        var minute = TimeSpan.FromMinutes(1);
        ClientSessionLifecycle.AutoStopDue(Workspace(), null, minute, T0.AddMinutes(59)).Should().BeFalse();
        ClientSessionLifecycle.AutoStopDue(Workspace(), null, minute, T0.AddMinutes(60)).Should().BeTrue();
        ClientSessionLifecycle.AutoStopDue(Workspace(minutes: null), null, minute, T0.AddMinutes(60)).Should().BeTrue(); // AWS's default 60
        ClientSessionLifecycle.AutoStopDue(Workspace("ALWAYS_ON"), null, minute, T0.AddDays(3)).Should().BeFalse();
        ClientSessionLifecycle.AutoStopDue(Workspace(state: "STOPPED"), null, minute, T0.AddDays(3)).Should().BeFalse();

        var time = new FakeTimeProvider(T0.AddMinutes(30));
        var sessions = new ClientSessions(time);
        var session = sessions.Issue("1/us-east-1", "d-1", "ws-abcdefghi", "jdoe", "127.0.0.1", "DeviceTypeWeb", TimeSpan.FromHours(1));
        var lease = sessions.OpenStream(session);
        ClientSessionLifecycle.AutoStopDue(Workspace(), sessions.Connections("ws-abcdefghi"), minute, T0.AddDays(1)).Should().BeFalse();
        time.SetUtcNow(T0.AddMinutes(90));
        lease.Dispose(); // disconnected at 10:30
        ClientSessionLifecycle.AutoStopDue(Workspace(), sessions.Connections("ws-abcdefghi"), minute, T0.AddMinutes(149)).Should().BeFalse();
        ClientSessionLifecycle.AutoStopDue(Workspace(), sessions.Connections("ws-abcdefghi"), minute, T0.AddMinutes(150)).Should().BeTrue();
    }

    [Fact]
    public async Task The_lifecycle_skips_idle_ticks_yet_stops_on_time_and_sees_a_disconnect_that_stored_nothing()
    {
        using var store = new Store(Options.Create(new EmulatorOptions { DataDir = ":memory:" }));
        var time = new FakeTimeProvider(T0);
        var sessions = new ClientSessions(time);
        var lifecycle = new ClientSessionLifecycle(store, sessions, new GatewayOptions(), Options.Create(new EmulatorOptions()),
            NullLogger<ClientSessionLifecycle>.Instance);
        var table = store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);
        string State(string id) => table.Get("1/us-east-1", id)!.State;
        table.Put(Workspace());
        table.Put(Workspace() with { Id = "ws-connected" });
        var lease = sessions.OpenStream(sessions.Issue("1/us-east-1", "d-1", "ws-connected", "kim", "127.0.0.1", "DeviceTypeWeb", TimeSpan.FromDays(1)));

        // The first pass settles until the earliest AutoStop time (10:00); the connected WorkSpace has none.
        await lifecycle.ReconcileAsync(T0.AddMinutes(1), default);
        await lifecycle.ReconcileAsync(T0.AddMinutes(59), default);
        State("ws-abcdefghi").Should().Be("AVAILABLE");
        await lifecycle.ReconcileAsync(T0.AddMinutes(60), default);
        State("ws-abcdefghi").Should().Be("STOPPING", "its AutoStop time came though nothing was stored since the last pass");

        // A disconnect changes no stored record, only the sessions: the next passes still count from it.
        await lifecycle.ReconcileAsync(T0.AddMinutes(61), default);
        time.SetUtcNow(T0.AddMinutes(62));
        lease.Dispose();
        await lifecycle.ReconcileAsync(T0.AddMinutes(121), default);
        State("ws-connected").Should().Be("AVAILABLE");
        await lifecycle.ReconcileAsync(T0.AddMinutes(122), default);
        State("ws-connected").Should().Be("STOPPING");
    }

    [Fact]
    public void Sessions_expire()
    {
        var time = new FakeTimeProvider(T0);
        var sessions = new ClientSessions(time);
        var s = sessions.Issue("1/us-east-1", "d-1", "ws-1", "jdoe", "10.0.0.1", "DeviceTypeWeb", TimeSpan.FromMinutes(10));
        sessions.Find(s.Token, "10.0.0.1").Result.Should().Be(SessionLookup.Valid);
        sessions.Find(s.Token, "10.0.0.2").Result.Should().Be(SessionLookup.WrongAddress);
        time.Advance(TimeSpan.FromMinutes(10));
        sessions.Find(s.Token, "10.0.0.1").Result.Should().Be(SessionLookup.Expired);
        sessions.Find(s.Token, "10.0.0.1").Result.Should().Be(SessionLookup.Unknown);
    }
}

/// <summary>One AutoStop minute lasts 30 ms here, so a 1-minute AutoStop WorkSpace stops soon after the disconnect.</summary>
public sealed class AutoStopTests(AutoStopTests.Factory factory) : IClassFixture<AutoStopTests.Factory>
{
    public sealed class Factory : GatewayFactory
    {
        public Factory() => Settings["EMULATOR_AUTOSTOP_MINUTE_SECONDS"] = "0.03";
    }

    [Fact]
    public async Task Connected_then_disconnected_then_stopped_by_AutoStop_then_resumed_by_sign_in()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        // A long AutoStop time while connecting (so it cannot stop first), shortened once connected.
        var ws = await gw.AvailableWorkspaceAsync("jdoe", new { RunningMode = "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes = 600 });
        var token = await gw.SignIn("jdoe");
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers["Authorization"] = "Bearer " + token;
        var socket = await client.ConnectAsync(new Uri(factory.Server.BaseAddress, "/client/v1/stream"), CancellationToken.None);
        await StreamText.ReadUntil(socket, "\n");
        (await gw.Bed.Call("ModifyWorkspaceProperties", new { WorkspaceId = ws, WorkspaceProperties = new { RunningModeAutoStopTimeoutInMinutes = 60 } })).Ok();
        await Eventually.WaitAsync(async () => (await gw.Bed.Workspace(ws))!["WorkspaceProperties"]!["RunningModeAutoStopTimeoutInMinutes"]!.GetValue<int>(), m => m == 60, "60 min");
        await Eventually.WaitAsync(() => gw.Bed.State(ws), s => s == "AVAILABLE", "AVAILABLE after the modification");
        // Still connected: the open stream keeps it running.
        (await gw.Bed.Call("DescribeWorkspacesConnectionStatus", new { WorkspaceIds = new[] { ws } })).Ok()["WorkspacesConnectionStatus"]![0]!["ConnectionState"].S()
            .Should().Be("CONNECTED");

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        socket.Dispose();
        await Eventually.WaitAsync(async () => (await gw.Bed.Call("DescribeWorkspacesConnectionStatus", new { WorkspaceIds = new[] { ws } })).Ok()
            ["WorkspacesConnectionStatus"]![0]!["ConnectionState"].S(), s => s is "DISCONNECTED" or "UNKNOWN", "DISCONNECTED");
        await Eventually.WaitAsync(() => gw.Bed.State(ws), s => s == "STOPPED", "stopped by AutoStop", 20_000);
        (await gw.Session(token)).ShouldBeError(401, "InvalidSessionToken");

        (await gw.Authenticate("jdoe")).Ok()["State"].S().Should().Be("STARTING");
        await gw.Bed.WaitForState(ws, "AVAILABLE");
    }
}
