using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Gateways;

public sealed class StreamingGatewayTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private async Task<WebSocket> Connect(string token, string? peer = null)
    {
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = r =>
        {
            r.Headers["Authorization"] = "Bearer " + token;
            if (peer is not null) r.Headers["X-Test-Peer"] = peer;
        };
        return await client.ConnectAsync(new Uri(factory.Server.BaseAddress, "/client/v1/stream"), CancellationToken.None);
    }

    private static Task<string> ReadUntil(WebSocket socket, string expected) => StreamText.ReadUntil(socket, expected);

    private static Task Send(WebSocket socket, string line) => StreamText.Send(socket, line);

    private async Task<string> ConnectionState(GatewayBed gw, string ws)
    {
        var body = (await gw.Bed.Call("DescribeWorkspacesConnectionStatus", new { WorkspaceIds = new[] { ws } })).Ok();
        return body["WorkspacesConnectionStatus"]![0]!["ConnectionState"].S();
    }

    [Fact]
    public async Task A_bulk_STREAM_from_the_desktop_arrives_complete_through_the_gateway()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("bulky");
        var ws = await gw.AvailableWorkspaceAsync("bulky");
        using var socket = await Connect(await gw.SignIn("bulky"));
        (await ReadUntil(socket, "\n")).Should().Be($"WORKSPACES-EMULATOR PCOIP {ws}\r\n");
        const int bytes = 300_000;
        await Send(socket, $"STREAM {bytes}");
        var buffer = new byte[64 * 1024];
        var received = 0;
        var expected = true;
        while (received < bytes)
        {
            var r = await socket.ReceiveAsync(buffer, CancellationToken.None);
            r.Count.Should().BePositive();
            for (var i = 0; i < r.Count; i++) expected &= buffer[i] == (byte)((received + i) % (64 * 1024));
            received += r.Count;
        }
        received.Should().Be(bytes);
        expected.Should().BeTrue("the desktop's bulk pattern arrives unchanged and in order");
        await Send(socket, "PING");
        (await ReadUntil(socket, "PONG")).Should().Be("PONG\r\n", "the stream goes on after the bulk data");
    }

    [Fact]
    public async Task The_stream_carries_the_desktops_console_and_the_workspace_is_CONNECTED_while_it_is_open()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        var ws = await gw.AvailableWorkspaceAsync("jdoe");
        (await ConnectionState(gw, ws)).Should().Be("DISCONNECTED");
        var token = await gw.SignIn("jdoe");

        using var socket = await Connect(token);
        (await ReadUntil(socket, "\n")).Should().Be($"WORKSPACES-EMULATOR PCOIP {ws}\r\n");
        await Send(socket, "PING");
        (await ReadUntil(socket, "PONG")).Should().Be("PONG\r\n");
        await Send(socket, "CONSOLE");
        await ReadUntil(socket, "$ ");
        await Send(socket, "echo hi > ~/note");
        await ReadUntil(socket, "$ ");
        await Send(socket, "cat ~/note");
        (await ReadUntil(socket, "$ ")).Should().StartWith("hi\r\n");
        await Send(socket, "whoami");
        (await ReadUntil(socket, "$ ")).Should().StartWith("jdoe\r\n");

        (await ConnectionState(gw, ws)).Should().Be("CONNECTED");
        (await gw.Session(token)).Ok()["ConnectionState"].S().Should().Be("CONNECTED");
        var status = (await gw.Bed.Call("DescribeWorkspacesConnectionStatus", new { WorkspaceIds = new[] { ws } })).Ok()["WorkspacesConnectionStatus"]![0]!;
        status["LastKnownUserConnectionTimestamp"]!.GetValue<double>().Should().BeGreaterThan(0);
        status["ConnectionStateCheckTimestamp"]!.GetValue<double>().Should().BeGreaterThan(0);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await Eventually.WaitAsync(() => ConnectionState(gw, ws), s => s == "DISCONNECTED", "DISCONNECTED after the stream closed");
    }

    [Fact]
    public async Task Streaming_needs_a_websocket_a_valid_session_and_an_available_workspace()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        var ws = await gw.AvailableWorkspaceAsync("jdoe");
        var token = await gw.SignIn("jdoe");
        (await gw.Send(HttpMethod.Get, "/client/v1/stream", null, token)).ShouldBeError(400, "WebSocketRequired");
        (await gw.Send(HttpMethod.Get, "/client/v1/stream", null)).ShouldBeError(401, "InvalidSessionToken");
        (await gw.Send(HttpMethod.Get, "/client/v1/stream?token=" + token, null)).ShouldBeError(400, "WebSocketRequired"); // the query names the session too

        var refused = () => Connect("bogus");
        await refused.Should().ThrowAsync<InvalidOperationException>(); // 401 instead of 101
        var otherAddress = () => Connect(token, peer: "198.51.100.99");
        await otherAddress.Should().ThrowAsync<InvalidOperationException>();

        (await gw.Bed.Call("ModifyWorkspaceState", new { WorkspaceId = ws, WorkspaceState = "ADMIN_MAINTENANCE" })).Ok();
        (await gw.Send(HttpMethod.Get, "/client/v1/stream", null, token)).ShouldBeError(409, "WorkspaceUnavailable");
    }

    [Fact]
    public async Task Stopping_the_workspace_closes_its_stream()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        var ws = await gw.AvailableWorkspaceAsync("jdoe", new { RunningMode = "AUTO_STOP" });
        var token = await gw.SignIn("jdoe");
        using var socket = await Connect(token);
        await ReadUntil(socket, "\n");
        (await gw.Bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        WebSocketReceiveResult r;
        do r = await socket.ReceiveAsync(buffer, timeout.Token); while (r.MessageType != WebSocketMessageType.Close);
        r.CloseStatusDescription.Should().Be("session ended");
        (await gw.Session(token)).ShouldBeError(401, "InvalidSessionToken");
    }
}
