using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>The emulator as users run it: a separate process on a real loopback port, with its own data
/// folder. <see cref="KillAndRestartAsync"/> kills it with SIGKILL and starts it again on the same data.</summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private Process? _process;
    private readonly List<string> _output = [];

    public EmulatorProcess(double transitionSeconds = 0.2)
    {
        TransitionSeconds = transitionSeconds;
        DataDir = Path.Combine(Path.GetTempPath(), "wse-sdk-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public int Port { get; private set; }
    public string DataDir { get; }
    public double TransitionSeconds { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Extra EMULATOR_* settings (applied after the defaults above, so they win).</summary>
    public Dictionary<string, string> Environment { get; } = new();
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

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The emulator exited with {_process.ExitCode}:\n{Output}");
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
        try { Directory.Delete(DataDir, true); } catch (IOException) { }
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
