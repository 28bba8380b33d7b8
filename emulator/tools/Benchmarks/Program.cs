// Benchmark command (prints figures; never a pass/fail test):
//   dotnet run -c Release --project emulator/tools/Benchmarks [-- --seconds 10 --connections 32 --workspaces 1000 --runtime simulated|docker
//     --warmup 20 --rounds 3 --no-request-log]
//   dotnet run -c Release --project emulator/tools/Benchmarks -- --cold-start     (cold start next to moto, see ColdStart.cs)
//   dotnet run -c Release --project emulator/tools/Benchmarks -- --directories   (real domain controllers; DirectoryBenchmark.cs)
// 1. start-up: process start → /_emulator/health answers 200 (fresh data folder);
// 2. seeds a directory, users and N WorkSpaces through the API (EMULATOR_TRANSITION_SECONDS=0);
// 3. DescribeWorkspaces (default Limit 25, first page; and one WorkspaceIds entry) with K keep-alive connections for S
//    seconds (wrk when installed) and raw Kestrel serving the same answer as a fixed body (RawKestrel.cs) with the same
//    load: both warmed up, then alternating rounds; prints req/s, server CPU µs per request, and the median ratio;
// 4. with --runtime docker: CreateWorkspaces → AVAILABLE for 1 and for 25 desktops, idle desktop memory.
// With --gateway instead of 3./4.: end-user access (GatewayBench: sign-in latency and rate, streaming-gateway
// throughput against the desktop port directly, 50 concurrent streams).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

var settings = Args.Parse(args);
var root = FindRoot();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
if (args.Contains("--raw-kestrel"))
{
    await RawKestrel.ServeAsync(settings.Port, args[Array.IndexOf(args, "--raw-kestrel") + 1]);
    return;
}
if (args.Contains("--cold-start"))
{
    await ColdStart.RunAsync(root);
    return;
}

var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "-v", "q", "--nologo", Path.Combine(root, "emulator/src/WorkSpacesEmulator")]) { RedirectStandardOutput = true })!;
await build.StandardOutput.ReadToEndAsync();
await build.WaitForExitAsync();
if (build.ExitCode != 0) throw new InvalidOperationException("build failed");
var dll = Path.Combine(root, "emulator/src/WorkSpacesEmulator/bin/Release/net10.0/WorkSpacesEmulator.dll");
// Real directories (Docker + the directory image): DirectoryBenchmark.cs.
if (args.Contains("--directories"))
{
    await DirectoryBenchmark.RunAsync(dll, settings.Seconds);
    return;
}

var dataDir = Path.Combine(Path.GetTempPath(), "wse-bench-" + Guid.NewGuid().ToString("N")[..8]);
var port = ColdStart.FreePort();
var endpoint = $"http://127.0.0.1:{port}";
var sw = Stopwatch.StartNew();
var server = Process.Start(new ProcessStartInfo("dotnet", [dll])
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    Environment =
    {
        ["EMULATOR_PORT"] = port.ToString(CultureInfo.InvariantCulture),
        ["EMULATOR_DATA_DIR"] = dataDir,
        ["EMULATOR_TRANSITION_SECONDS"] = settings.Runtime == "docker" ? "0" : "0",
        ["EMULATOR_DESKTOP_RUNTIME"] = settings.Runtime,
        // The request log line is on unless --no-request-log: it is the default, and its cost is the emulator's.
        ["EMULATOR_LOG_REQUESTS"] = settings.LogRequests ? "true" : "false",
        // The read cache is on unless --no-read-cache: then every answer is computed (the first read after a change).
        ["EMULATOR_READ_CACHE"] = args.Contains("--no-read-cache") ? "false" : "true",
    },
})!;
// The emulator's log is read in blocks and counted, not kept: reading it line by line here (BeginOutputReadLine) cost
// this process, on the same two cores, a string and an event per request line; writing it to a file put ~25 MB/s of
// disk writes (and their I/O wait) into the measurement. The emulator does all its log work either way.
var logBytes = new CountingSink();
var logCopy = server.StandardOutput.BaseStream.CopyToAsync(logBytes, 64 * 1024);
server.ErrorDataReceived += (_, _) => { };
server.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(60) };
    while (true)
    {
        try { if ((await http.GetAsync("/_emulator/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
        await Task.Delay(5);
    }
    Console.WriteLine($"startup (process start → health 200): {sw.ElapsedMilliseconds} ms");
    Console.WriteLine("health: " + await http.GetStringAsync("/_emulator/health"));
    Console.WriteLine(args.Contains("--no-read-cache") ? "read cache: off (--no-read-cache): every answer computed" : "read cache: on (default): repeated reads answered from it until the next stored change");

    var api = new Api(http);
    var directoryId = await api.CreateRegisteredDirectoryAsync();
    var bundleId = await api.BundleAsync("VALUE");

    if (args.Contains("--gateway"))
    {
        await GatewayBench.RunAsync(http, api, directoryId, bundleId, endpoint, Process.GetProcessById(server.Id));
    }
    else if (settings.Runtime == "docker")
    {
        await api.CreateUsersAsync(directoryId, 26, "dk");
        var one = await api.CreateAndWaitAsync(directoryId, bundleId, ["dk000"]);
        Console.WriteLine($"docker: CreateWorkspaces → AVAILABLE, 1 desktop: {one.TotalSeconds:0.00} s");
        var batch = Enumerable.Range(1, 25).Select(i => $"dk{i:000}").ToArray();
        var many = await api.CreateAndWaitAsync(directoryId, bundleId, batch);
        Console.WriteLine($"docker: CreateWorkspaces → AVAILABLE, batch of 25: {many.TotalSeconds:0.00} s");
        await Task.Delay(3000);
        var stats = Process.Start(new ProcessStartInfo("docker", ["stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}"]) { RedirectStandardOutput = true })!;
        var lines = (await stats.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("wse-", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"docker: idle desktop memory (first 3 of {lines.Count}): {string.Join(" | ", lines.Take(3))}");
        await http.PostAsync("/_emulator/reset", null);
    }
    else
    {
        sw.Restart();
        await api.CreateUsersAsync(directoryId, settings.Workspaces, "u");
        var seeded = 0;
        for (var i = 0; i < settings.Workspaces; i += 25)
        {
            var users = Enumerable.Range(i, Math.Min(25, settings.Workspaces - i)).Select(n => $"u{n:000}").ToArray();
            seeded += await api.CreateWorkspacesAsync(directoryId, bundleId, users);
        }
        Console.WriteLine($"seeded {seeded} WorkSpaces (+{settings.Workspaces} users) in {sw.ElapsedMilliseconds} ms");

        // Each workload against the emulator and against raw Kestrel serving the emulator's answer as a fixed body
        // (RawKestrel.cs), same load generator and connections. Both are warmed up first: on this shared machine the
        // JIT's tiering (PGO) of the emulator's request path took 20-30 s under load, and a cold emulator measured
        // against a warm-enough baseline gave ratios of 20-40 % that said nothing about steady state. Then rounds
        // alternate baseline/emulator so both see the same machine; the median ratio is the figure. Each server's CPU
        // time per request (from the kernel's accounting) is printed too: it moves less with other load than req/s.
        var single = $"{{\"WorkspaceIds\":[\"{api.LastWorkspaceId}\"]}}";
        var emulatorProcess = Process.GetProcessById(server.Id);
        foreach (var (name, request) in new[] { ($"25 per page, {seeded} stored", "{}"), ("one id", single) })
        {
            var answer = await api.RawAsync("WorkspacesService.DescribeWorkspaces", request);
            await using var raw = await RawKestrel.StartAsync(answer, request);
            var warm = settings with { Seconds = settings.WarmupSeconds };
            await Measure.RunAsync(port, request, warm, null);
            await Measure.RunAsync(raw.Port, request, warm, null);
            var ratios = new List<double>();
            var cpuRatios = new List<double>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                var baseline = await Measure.RunAsync(raw.Port, request, settings, raw.Process);
                var emulator = await Measure.RunAsync(port, request, settings, emulatorProcess);
                ratios.Add(emulator.RequestsPerSecond / baseline.RequestsPerSecond);
                cpuRatios.Add(baseline.CpuMicrosPerRequest / emulator.CpuMicrosPerRequest);
                Console.WriteLine($"DescribeWorkspaces ({name}; {answer.Length:N0}-byte answer; {emulator.Tool}, {settings.Connections} connections, {settings.Seconds} s; round {round}): " +
                    $"emulator {emulator.RequestsPerSecond:N0} req/s ({emulator.CpuMicrosPerRequest:0.0} µs CPU/req, p50 {emulator.P50}, p99 {emulator.P99}, errors {emulator.Errors}) | " +
                    $"raw Kestrel {baseline.RequestsPerSecond:N0} req/s ({baseline.CpuMicrosPerRequest:0.0} µs CPU/req, p50 {baseline.P50}, p99 {baseline.P99}) | ratio {ratios[^1]:P0}");
            }
            ratios.Sort();
            cpuRatios.Sort();
            Console.WriteLine($"DescribeWorkspaces ({name}): median ratio emulator ÷ raw Kestrel over {ratios.Count} rounds: {ratios[ratios.Count / 2]:P0} (range {ratios[0]:P0} – {ratios[^1]:P0}); " +
                $"CPU per request, raw Kestrel ÷ emulator (moves less with the machine's load): {cpuRatios[cpuRatios.Count / 2]:P0} (range {cpuRatios[0]:P0} – {cpuRatios[^1]:P0})");
        }
        var limitOne = "{\"Limit\":1}"u8.ToArray();
        var result = await Load.RunAsync(port, "WorkspacesService.DescribeWorkspaces", limitOne, settings.Connections, TimeSpan.FromSeconds(settings.Seconds));
        Console.WriteLine($"DescribeWorkspaces (Limit 1 of {seeded}; built-in client): {result.Requests / result.Elapsed.TotalSeconds:N0} req/s, errors {result.Errors}, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms");
        Console.WriteLine($"emulator working set after load: {Process.GetProcessById(server.Id).WorkingSet64 / 1048576} MiB");
    }
}
finally
{
    server.Kill(true);
    await logCopy.ContinueWith(_ => { }, TaskScheduler.Default);
    Console.WriteLine($"emulator log: {logBytes.Length / 1048576.0:0.0} MiB of log lines read from its stdout");
    await server.WaitForExitAsync();
    try { Directory.Delete(dataDir, true); } catch (IOException) { }
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkSpacesEmulator.sln"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}


sealed record Args(int Seconds, int Connections, int Workspaces, string Runtime, int Port, int WarmupSeconds, int Rounds, bool LogRequests)
{
    public static Args Parse(string[] a)
    {
        string Get(string name, string fallback) { var i = Array.IndexOf(a, name); return i >= 0 && i + 1 < a.Length ? a[i + 1] : fallback; }
        int Int(string name, string fallback) => int.Parse(Get(name, fallback), CultureInfo.InvariantCulture);
        return new Args(Int("--seconds", "10"), Int("--connections", "32"), Int("--workspaces", "1000"), Get("--runtime", "simulated"), Int("--port", "0"),
            Int("--warmup", "20"), Int("--rounds", "3"), !a.Contains("--no-request-log"));
    }
}

sealed class Api(HttpClient http)
{
    public string? LastWorkspaceId { get; private set; }

    public async Task<JsonNode> CallAsync(string target, string service, object body, string? path = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path ?? "/");
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=000000000000/20261126/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0");
        if (target.Length > 0) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, target.Length > 0 ? "application/x-amz-json-1.1" : "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{target}{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The exact response body of one awsJson1_1 call.</summary>
    public async Task<byte[]> RawAsync(string target, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=000000000000/20261126/us-east-1/workspaces/aws4_request, SignedHeaders=host, Signature=0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1");
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{target}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    public async Task<string> CreateRegisteredDirectoryAsync()
    {
        var form = new FormUrlEncodedContent([new("Action", "DescribeSubnets"), new("Version", "2016-11-15")]);
        var xml = System.Xml.Linq.XDocument.Parse(await (await http.PostAsync("/", form)).Content.ReadAsStringAsync());
        var items = xml.Descendants().Where(e => e.Name.LocalName == "item" && e.Elements().Any(c => c.Name.LocalName == "subnetId"))
            .Select(e => (Id: e.Elements().First(c => c.Name.LocalName == "subnetId").Value, Vpc: e.Elements().First(c => c.Name.LocalName == "vpcId").Value,
                Az: e.Elements().First(c => c.Name.LocalName == "availabilityZone").Value)).ToList();
        var a = items[0];
        var b = items.First(s => s.Az != a.Az);
        var d = (await CallAsync("DirectoryService_20150416.CreateDirectory", "ds", new
        {
            Name = "bench.example.com", Password = "Sup3rSecret!", Size = "Large",
            VpcSettings = new { VpcId = a.Vpc, SubnetIds = new[] { a.Id, b.Id } },
        }))["DirectoryId"]!.GetValue<string>();
        await WaitAsync(async () => (await CallAsync("DirectoryService_20150416.DescribeDirectories", "ds", new { DirectoryIds = new[] { d } }))["DirectoryDescriptions"]![0]!["Stage"]!.GetValue<string>() == "Active");
        await CallAsync("WorkspacesService.RegisterWorkspaceDirectory", "workspaces", new { DirectoryId = d });
        await WaitAsync(async () => (await CallAsync("WorkspacesService.DescribeWorkspaceDirectories", "workspaces", new { DirectoryIds = new[] { d } }))["Directories"]![0]!["State"]!.GetValue<string>() == "REGISTERED");
        return d;
    }

    public async Task<string> BundleAsync(string compute) =>
        (await CallAsync("WorkspacesService.DescribeWorkspaceBundles", "workspaces", new { Owner = "AMAZON" }))["Bundles"]!.AsArray()
        .First(b => b!["ComputeType"]!["Name"]!.GetValue<string>() == compute)!["BundleId"]!.GetValue<string>();

    public async Task CreateUsersAsync(string directoryId, int count, string prefix)
    {
        var tasks = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            tasks.Add(CallAsync("", "ds-data", new { SAMAccountName = $"{prefix}{i:000}" }, $"/Users/CreateUser?DirectoryId={directoryId}"));
            if (tasks.Count == 16) { await Task.WhenAll(tasks); tasks.Clear(); }
        }
        await Task.WhenAll(tasks);
    }

    public async Task<int> CreateWorkspacesAsync(string directoryId, string bundleId, string[] users)
    {
        var result = await CallAsync("WorkspacesService.CreateWorkspaces", "workspaces", new
        {
            Workspaces = users.Select(u => new { DirectoryId = directoryId, UserName = u, BundleId = bundleId }).ToArray(),
        });
        var pending = result["PendingRequests"]!.AsArray();
        if (pending.Count > 0) LastWorkspaceId = pending[^1]!["WorkspaceId"]!.GetValue<string>();
        return pending.Count;
    }

    public async Task<TimeSpan> CreateAndWaitAsync(string directoryId, string bundleId, string[] users)
    {
        var sw = Stopwatch.StartNew();
        var result = await CallAsync("WorkspacesService.CreateWorkspaces", "workspaces", new
        {
            Workspaces = users.Select(u => new { DirectoryId = directoryId, UserName = u, BundleId = bundleId }).ToArray(),
        });
        var ids = result["PendingRequests"]!.AsArray().Select(p => p!["WorkspaceId"]!.GetValue<string>()).ToArray();
        if (ids.Length != users.Length) throw new InvalidOperationException("create failed: " + result.ToJsonString());
        await WaitAsync(async () => (await CallAsync("WorkspacesService.DescribeWorkspaces", "workspaces", new { WorkspaceIds = ids }))["Workspaces"]!.AsArray()
            .All(w => w!["State"]!.GetValue<string>() == "AVAILABLE"), 120);
        return sw.Elapsed;
    }

    private static async Task WaitAsync(Func<Task<bool>> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(20);
        }
    }
}

/// <summary>One DescribeWorkspaces workload: wrk (Debian package) when installed, else the built-in client.</summary>
static class Measure
{
    public sealed record Result(string Tool, double RequestsPerSecond, string P50, string P99, long Errors, double CpuMicrosPerRequest);

    /// <summary>Runs the workload; with <paramref name="server"/>, also that process's CPU time per request.</summary>
    public static async Task<Result> RunAsync(int port, string body, Args settings, Process? server)
    {
        server?.Refresh();
        var cpuBefore = server?.TotalProcessorTime ?? TimeSpan.Zero;
        var result = await RunLoadAsync(port, body, settings);
        if (server is null) return result;
        server.Refresh();
        var requests = result.RequestsPerSecond * settings.Seconds;
        return result with { CpuMicrosPerRequest = (server.TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, requests) };
    }

    private static async Task<Result> RunLoadAsync(int port, string body, Args settings)
    {
        var lua = Path.Combine(Path.GetTempPath(), $"wse-bench-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(lua, $$"""
            wrk.method = "POST"
            wrk.body = [[{{body}}]]
            wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
            wrk.headers["X-Amz-Target"] = "WorkspacesService.DescribeWorkspaces"
            wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=000000000000/20261126/us-east-1/workspaces/aws4_request, SignedHeaders=host, Signature=0"
            """);
        Process? wrk = null;
        try
        {
            wrk = Process.Start(new ProcessStartInfo("wrk", ["-t1", $"-c{settings.Connections}", $"-d{settings.Seconds}s", "--latency", "-s", lua, $"http://127.0.0.1:{port}/"]) { RedirectStandardOutput = true, RedirectStandardError = true });
        }
        catch (System.ComponentModel.Win32Exception) { }
        if (wrk is null)
        {
            var r = await Load.RunAsync(port, "WorkspacesService.DescribeWorkspaces", Encoding.UTF8.GetBytes(body), settings.Connections, TimeSpan.FromSeconds(settings.Seconds));
            return new Result("built-in client (wrk not installed)", r.Requests / r.Elapsed.TotalSeconds, $"{r.P50:0.00}ms", $"{r.P99:0.00}ms", r.Errors, double.NaN);
        }
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        File.Delete(lua);
        string Field(string label) => output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal))?[label.Length..].Trim() ?? "?";
        var rps = double.Parse(Field("Requests/sec:"), CultureInfo.InvariantCulture);
        var non2xx = Field("Non-2xx or 3xx responses:");
        return new Result("wrk", rps, Field("50%"), Field("99%"), non2xx == "?" ? 0 : long.Parse(non2xx, CultureInfo.InvariantCulture), double.NaN);
    }
}

/// <summary>A minimal HTTP/1.1 keep-alive load generator on raw sockets, so the client costs as little CPU as possible.</summary>
static class Load
{
    public sealed record Result(long Requests, long Errors, TimeSpan Elapsed, double P50, double P99);

    public static async Task<Result> RunAsync(int port, string target, byte[] body, int connections, TimeSpan duration)
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.1\r\n" +
            $"Authorization: AWS4-HMAC-SHA256 Credential=000000000000/20261126/us-east-1/workspaces/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: {body.Length}\r\n\r\n");
        var request = head.Concat(body).ToArray();
        long requests = 0, errors = 0;
        var latencies = new List<double>[connections];
        var stop = DateTime.UtcNow + duration;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            latencies[c] = new List<double>(100_000);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            var buffer = new byte[1 << 20];
            while (DateTime.UtcNow < stop)
            {
                var t = Stopwatch.GetTimestamp();
                await socket.SendAsync(request);
                if (!await ReadResponseAsync(socket, buffer)) { Interlocked.Increment(ref errors); }
                latencies[c].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                Interlocked.Increment(ref requests);
            }
        }));
        var elapsed = sw.Elapsed;
        var all = latencies.SelectMany(l => l).OrderBy(x => x).ToArray();
        return new Result(requests, errors, elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    // Reads one response (headers + Content-Length body); true when the status is 200.
    private static async Task<bool> ReadResponseAsync(Socket socket, byte[] buffer)
    {
        var filled = 0;
        int headerEnd;
        while ((headerEnd = IndexOf(buffer, filled)) < 0)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled));
            if (n == 0) throw new IOException("connection closed");
            filled += n;
        }
        var headers = Encoding.ASCII.GetString(buffer, 0, headerEnd);
        var ok = headers.StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
        var at = headers.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
        var length = int.Parse(headers.AsSpan(at + 16, headers.IndexOf('\r', at) - at - 16), CultureInfo.InvariantCulture);
        var total = headerEnd + 4 + length;
        while (filled < total)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled));
            if (n == 0) throw new IOException("connection closed");
            filled += n;
        }
        return ok;
    }

    private static int IndexOf(byte[] buffer, int length)
    {
        for (var i = 3; i < length; i++)
            if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n') return i - 3;
        return -1;
    }
}

/// <summary>Takes the emulator's stdout and keeps only its length.</summary>
sealed class CountingSink : Stream
{
    private long _length;
    public override long Length => Interlocked.Read(ref _length);
    public override void Write(byte[] buffer, int offset, int count) => Interlocked.Add(ref _length, count);
    public override void Write(ReadOnlySpan<byte> buffer) => Interlocked.Add(ref _length, buffer.Length);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _length, buffer.Length);
        return ValueTask.CompletedTask;
    }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Position { get => Length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
