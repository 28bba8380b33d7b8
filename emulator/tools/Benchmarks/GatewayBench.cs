using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>End-user access figures: sign-in (authenticate → an AVAILABLE session) latency and rate, streaming-gateway
/// throughput compared with the desktop's port directly, and 50 concurrent streams held.</summary>
static class GatewayBench
{
    private const string Password = "Bench-Passw0rd";

    public static async Task RunAsync(HttpClient http, Api api, string directoryId, string bundleId, string endpoint, Process server)
    {
        const int users = 50;
        await api.CreateUsersAsync(directoryId, users, "g");
        for (var i = 0; i < users; i++)
            await api.CallAsync("DirectoryService_20150416.ResetUserPassword", "ds", new { DirectoryId = directoryId, UserName = $"g{i:000}", NewPassword = Password });
        await api.CreateAndWaitAsync(directoryId, bundleId, [.. Enumerable.Range(0, 25).Select(i => $"g{i:000}")]);
        await api.CreateAndWaitAsync(directoryId, bundleId, [.. Enumerable.Range(25, 25).Select(i => $"g{i:000}")]);
        var code = (await api.CallAsync("WorkspacesService.DescribeWorkspaceDirectories", "workspaces", new { DirectoryIds = new[] { directoryId } }))
            ["Directories"]![0]!["RegistrationCode"]!.GetValue<string>();

        async Task<JsonNode> Authenticate(string user)
        {
            using var r = await http.PostAsync("/client/v1/authenticate", new StringContent(
                System.Text.Json.JsonSerializer.Serialize(new { RegistrationCode = code, UserName = user, Password, DeviceType = "WINDOWS" }), Encoding.UTF8, "application/json"));
            var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
            if (!r.IsSuccessStatusCode || body["State"]!.GetValue<string>() != "AVAILABLE") throw new InvalidOperationException(body.ToJsonString());
            return body;
        }

        await Authenticate("g000"); // warm-up
        var latencies = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var sw = Stopwatch.StartNew();
            await Authenticate($"g{i % users:000}");
            latencies.Add(sw.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        Console.WriteLine($"gateway: authenticate → AVAILABLE session, sequential: p50 {latencies[latencies.Count / 2]:0.0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:0.0} ms, max {latencies[^1]:0.0} ms (PBKDF2-SHA256 100k password check included)");

        var count = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(5)) { await Authenticate($"g{(w * 7 + count) % users:000}"); Interlocked.Increment(ref count); }
        }));
        Console.WriteLine($"gateway: authentications per second, 8 concurrent clients for 5 s: {count / clock.Elapsed.TotalSeconds:0.0}");

        // Throughput: 16 KiB echo lines through the simulated desktop's console, direct and through the gateway.
        var token = (await Authenticate("g001"))["SessionToken"]!.GetValue<string>();
        var wsId = (await Authenticate("g001"))["WorkspaceId"]!.GetValue<string>();
        var view = JsonNode.Parse(await http.GetStringAsync($"/_emulator/workspaces/{wsId}"))!;
        var desktop = view["streamingEndpoints"]!["PCOIP"]!.GetValue<string>();
        var line = Encoding.ASCII.GetBytes("CONSOLE\n");
        var payload = Encoding.ASCII.GetBytes("echo " + new string('x', 16 * 1024) + "\n");
        const int rounds = 2000;
        var direct = await DirectAsync(desktop, line, payload, rounds);
        var proxied = await ProxiedAsync(endpoint, token, line, payload, rounds);
        var mb = 2.0 * rounds * payload.Length / 1e6; // up and down
        Console.WriteLine($"gateway: streaming throughput (16 KiB echo round trips, up+down): direct to the desktop port {mb / direct.TotalSeconds:0.0} MB/s, through /client/v1/stream {mb / proxied.TotalSeconds:0.0} MB/s");

        // 50 concurrent sessions, each with an open stream.
        var sockets = new List<ClientWebSocket>();
        clock.Restart();
        foreach (var i in Enumerable.Range(0, users))
        {
            var t = (await Authenticate($"g{i:000}"))["SessionToken"]!.GetValue<string>();
            var s = new ClientWebSocket();
            s.Options.SetRequestHeader("Authorization", "Bearer " + t);
            await s.ConnectAsync(new Uri(endpoint.Replace("http", "ws") + "/client/v1/stream"), CancellationToken.None);
            var buffer = new byte[256];
            await s.ReceiveAsync(buffer, CancellationToken.None); // the banner
            sockets.Add(s);
        }
        var status = await api.CallAsync("WorkspacesService.DescribeWorkspacesConnectionStatus", "workspaces", new { });
        var connected = status["WorkspacesConnectionStatus"]!.AsArray().Count(c => c!["ConnectionState"]!.GetValue<string>() == "CONNECTED");
        server.Refresh();
        Console.WriteLine($"gateway: {sockets.Count} concurrent sessions streaming, opened in {clock.Elapsed.TotalSeconds:0.00} s; first page of DescribeWorkspacesConnectionStatus shows {connected} CONNECTED; emulator working set {server.WorkingSet64 / 1048576} MiB");
        foreach (var s in sockets) { await s.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); s.Dispose(); }
    }

    private static async Task<TimeSpan> DirectAsync(string endpoint, byte[] start, byte[] payload, int rounds)
    {
        using var tcp = new TcpClient();
        var colon = endpoint.LastIndexOf(':');
        await tcp.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..]));
        var stream = tcp.GetStream();
        await stream.WriteAsync(start);
        var buffer = new byte[64 * 1024];
        await ReadUntilPrompt(async b => await stream.ReadAsync(b), buffer);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            await stream.WriteAsync(payload);
            await ReadUntilPrompt(async b => await stream.ReadAsync(b), buffer);
        }
        return sw.Elapsed;
    }

    private static async Task<TimeSpan> ProxiedAsync(string endpoint, string token, byte[] start, byte[] payload, int rounds)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(new Uri(endpoint.Replace("http", "ws") + "/client/v1/stream"), CancellationToken.None);
        await socket.SendAsync(start, WebSocketMessageType.Binary, true, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        async Task<int> Read(Memory<byte> b) => (await socket.ReceiveAsync(b, CancellationToken.None)).Count;
        await ReadUntilPrompt(Read, buffer);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
            await ReadUntilPrompt(Read, buffer);
        }
        return sw.Elapsed;
    }

    /// <summary>Reads until the console's prompt ("$ ") ends what arrived.</summary>
    private static async Task ReadUntilPrompt(Func<Memory<byte>, Task<int>> read, byte[] buffer)
    {
        byte last = 0, before = 0;
        while (true)
        {
            var n = await read(buffer);
            if (n == 0) throw new IOException("stream closed");
            if (n >= 2) { before = buffer[n - 2]; last = buffer[n - 1]; }
            else { before = last; last = buffer[0]; }
            if (before == (byte)'$' && last == (byte)' ') return;
        }
    }
}
