using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>The emulator as users run it: a separate process on a real loopback port, with its own data
/// folder. <see cref="KillAndRestartAsync"/> kills it with SIGKILL and starts it again on the same data.
/// With <c>EMULATOR_TEST_ENDPOINT</c> set (e.g. <c>http://127.0.0.1:4566</c>) no process is started: the tests run
/// against that emulator (e.g. the container image, see .ci/run), reset first; <c>EMULATOR_TEST_CONTAINER</c> names its
/// container so that <see cref="KillAndRestartAsync"/> becomes <c>docker kill -s KILL</c> + <c>docker start</c>.
/// Run such suites without parallel test collections: they share one emulator.</summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    /// <summary>An emulator that is already running, or null to start one.</summary>
    public static string? ExternalEndpoint => System.Environment.GetEnvironmentVariable("EMULATOR_TEST_ENDPOINT") is { Length: > 0 } e ? e.TrimEnd('/') : null;

    /// <summary>The container of <see cref="ExternalEndpoint"/>, if it is one.</summary>
    public static string? ExternalContainer => System.Environment.GetEnvironmentVariable("EMULATOR_TEST_CONTAINER") is { Length: > 0 } c ? c : null;

    /// <summary>Whether the desktops' streaming endpoints (127.0.0.1:port as the emulator sees it) are reachable
    /// from here: not for simulated desktops of an emulator in a container on a bridge network
    /// (EMULATOR_TEST_DESKTOPS_REACHABLE=false), whose listeners are on the container's own loopback.</summary>
    public static bool DesktopsReachable => System.Environment.GetEnvironmentVariable("EMULATOR_TEST_DESKTOPS_REACHABLE") != "false";

    private Process? _process;
    private readonly List<string> _output = [];

    public EmulatorProcess(double transitionSeconds = 0.2)
    {
        TransitionSeconds = transitionSeconds;
        DataDir = Path.Combine(Path.GetTempPath(), "wse-sdk-" + Guid.NewGuid().ToString("N")[..8]);
    }

    /// <summary>Extra environment variables of the emulator process (e.g. EMULATOR_STRICT).</summary>
    public Dictionary<string, string> Environment { get; } = new();

    public int Port { get; private set; }
    public string DataDir { get; }
    public double TransitionSeconds { get; }
    public string Endpoint => ExternalEndpoint ?? $"http://127.0.0.1:{Port}";
    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkSpacesEmulator.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (WorkSpacesEmulator.sln).");
        }
    }

    public async Task StartAsync()
    {
        if (ExternalEndpoint is not null)
        {
            await WaitHealthyAsync();
            using var http = new HttpClient();
            (await http.PostAsync($"{Endpoint}/_emulator/reset", null)).EnsureSuccessStatusCode();
            return;
        }
        Port = FreePort();
        // The emulator's own build output (same configuration as this test assembly).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot, "emulator", "src", "WorkSpacesEmulator", "bin", configuration, "net10.0", "WorkSpacesEmulator.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["EMULATOR_PORT"] = Port.ToString();
        start.Environment["EMULATOR_DATA_DIR"] = DataDir;
        start.Environment["EMULATOR_TRANSITION_SECONDS"] = TransitionSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["EMULATOR_DESKTOP_RUNTIME"] = "simulated";
        foreach (var (key, value) in Environment) start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync();
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true }) throw new InvalidOperationException($"The emulator exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync($"{Endpoint}/_emulator/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The emulator did not become healthy:\n{Output}");
    }

    /// <summary>SIGKILL (no graceful shutdown), then start again on the same data folder.</summary>
    public async Task KillAndRestartAsync()
    {
        if (ExternalEndpoint is not null)
        {
            var container = ExternalContainer ?? throw new InvalidOperationException(
                "EMULATOR_TEST_ENDPOINT is set without EMULATOR_TEST_CONTAINER: an external emulator cannot be restarted by the test.");
            (await ExternalTool.RunAsync("docker", ["kill", "--signal", "KILL", container], new Dictionary<string, string>())).Ok();
            (await ExternalTool.RunAsync("docker", ["start", container], new Dictionary<string, string>())).Ok();
            await WaitHealthyAsync();
            return;
        }
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        if (ExternalEndpoint is null)
        {
            try { Directory.Delete(DataDir, true); } catch (IOException) { }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>One emulator process shared by a test class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorProcess Emulator { get; } = new();
    public Task InitializeAsync() => Emulator.StartAsync();
    public Task DisposeAsync() => Emulator.DisposeAsync().AsTask();
}

/// <summary>One emulator process with instant transitions (EMULATOR_TRANSITION_SECONDS=0).</summary>
public sealed class InstantEmulatorFixture : IAsyncLifetime
{
    public EmulatorProcess Emulator { get; } = new(transitionSeconds: 0);
    public Task InitializeAsync() => Emulator.StartAsync();
    public Task DisposeAsync() => Emulator.DisposeAsync().AsTask();
}
