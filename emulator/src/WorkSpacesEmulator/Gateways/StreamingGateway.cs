using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Gateways;

/// <summary>The streaming gateway: GET /client/v1/stream upgraded to a WebSocket and pumped, chunk by chunk, to and
/// from the desktop's streaming port (WSP 4195 when the WorkSpace streams WSP, else PCoIP 4172). YARP proxies
/// WebSocket to WebSocket; the desktop speaks raw TCP, so this is a straight pump with two pooled buffers.</summary>
public sealed class StreamingGateway(Store store, IDesktopRuntime runtime, AuthenticationGateway auth, ClientSessions sessions, TimeProvider time,
    ILogger<StreamingGateway> log)
{
    private const int BufferSize = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        ClientSession session;
        System.Net.IPEndPoint endpoint;
        try
        {
            session = auth.RequireSession(context);
            var workspace = store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).Get(session.Scope, session.WorkspaceId);
            if (workspace is null) throw ClientApiException.Unavailable(session.WorkspaceId, "TERMINATED");
            if (workspace.State != "AVAILABLE") throw ClientApiException.Unavailable(workspace.Id, workspace.State);
            if (!context.WebSockets.IsWebSocketRequest)
                throw new ClientApiException(400, "WebSocketRequired", "GET /client/v1/stream must be a WebSocket upgrade.");
            endpoint = await DesktopEndpointAsync(workspace, context.RequestAborted);
        }
        catch (ClientApiException e)
        {
            log.LogInformation("client.Stream {Status} {Code}", e.Status, e.Code);
            await e.ToResult().ExecuteAsync(context);
            return;
        }

        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(endpoint, context.RequestAborted);
        }
        catch (SocketException e)
        {
            log.LogWarning("client.Stream 503 {Workspace}: desktop port {Endpoint} refused: {Reason}", session.WorkspaceId, endpoint, e.Message);
            await new ClientApiException(503, "DesktopUnavailable", "The desktop's streaming port does not answer.").ToResult().ExecuteAsync(context);
            return;
        }
        tcp.NoDelay = true;

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        // noVNC asks for "binary"; a terminal asks for nothing.
        using var socket = await context.WebSockets.AcceptWebSocketAsync(requested.Contains("binary") ? "binary" : null);
        using var lease = sessions.OpenStream(session);
        RecordConnection(session);
        log.LogInformation("client.Stream 101 {Workspace} connected to {Endpoint} for {User} from {Address}", session.WorkspaceId, endpoint, session.UserName, session.ClientAddress);

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(lease.Ended, context.RequestAborted);
        var stream = tcp.GetStream();
        // Counted as the bytes go, so a pump ended by cancellation (the other side closed, a sign-out) still reports its share.
        var up = new ByteCount();
        var down = new ByteCount();
        var toDesktop = Task.Run(() => PumpToDesktopAsync(socket, stream, up, ended.Token));
        var toClient = Task.Run(() => PumpToClientAsync(stream, socket, down, ended.Token));
        await Task.WhenAny(toDesktop, toClient);
        await ended.CancelAsync();
        try { await Task.WhenAll(toDesktop, toClient); }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException or SocketException or ObjectDisposedException) { }
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var why = lease.Ended.IsCancellationRequested ? "session ended" : "desktop closed the stream";
            try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, why, closing.Token); }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
        }
        log.LogInformation("client.Stream closed {Workspace}: {Up} bytes up, {Down} bytes down", session.WorkspaceId, up.Bytes, down.Bytes);
    }

    private async Task<System.Net.IPEndPoint> DesktopEndpointAsync(WorkspaceRecord workspace, CancellationToken ct)
    {
        var status = await runtime.GetAsync(workspace.Id, ct);
        var protocol = workspace.Properties.Protocols.Any(p => string.Equals(p, "WSP", StringComparison.OrdinalIgnoreCase)) ? "WSP" : "PCOIP";
        if (status is not { Running: true } || !status.StreamingEndpoints.TryGetValue(protocol, out var text) || !System.Net.IPEndPoint.TryParse(text, out var endpoint))
            throw new ClientApiException(503, "DesktopUnavailable", $"The desktop of {workspace.Id} has no {protocol} streaming port now.");
        return endpoint;
    }

    private void RecordConnection(ClientSession session)
    {
        var table = store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);
        var now = time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            if (table.Get(session.Scope, session.WorkspaceId) is not { } w) return;
            if (table.Replace(w, w with { LastKnownUserConnectionTimestamp = now })) return;
        }
    }

    private sealed class ByteCount
    {
        public long Bytes;
    }

    private static Task PumpToDesktopAsync(WebSocket socket, NetworkStream stream, ByteCount counted, CancellationToken ct) => PumpAsync(
        async (buffer, c) => await socket.ReceiveAsync(buffer, c) is { MessageType: not WebSocketMessageType.Close } r ? r.Count : -1,
        (data, c) => stream.WriteAsync(data, c), counted, ct);

    private static Task PumpToClientAsync(NetworkStream stream, WebSocket socket, ByteCount counted, CancellationToken ct) => PumpAsync(
        async (buffer, c) => await stream.ReadAsync(buffer, c) is > 0 and var n ? n : -1,
        (data, c) => socket.SendAsync(data, WebSocketMessageType.Binary, true, c), counted, ct);

    /// <summary>Copies chunk by chunk through one pooled buffer until <paramref name="read"/> says the end (-1).</summary>
    private static async Task PumpAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, ByteCount counted, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (await read(buffer, ct) is >= 0 and var n)
            {
                await write(buffer.AsMemory(0, n), ct);
                counted.Bytes += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
