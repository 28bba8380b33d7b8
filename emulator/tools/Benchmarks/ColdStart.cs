using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

/// <summary>`--cold-start`: process start → first 200, median of 5 fresh starts each, measured in one run for
/// the emulator as shipped (self-contained ReadyToRun publish, the image's binary), the framework-dependent build
/// (`dotnet WorkSpacesEmulator.dll`), moto's server, and `docker run` of the image (to /_emulator/health 200 from the
/// host, and to Docker's own "healthy"). Also the first API request right after health, so start-up work moved
/// into it would show.</summary>
static class ColdStart
{
    private const int Runs = 5;

    /// <summary>The image `docker run` starts (EMULATOR_IMAGE, default the one build-offline.sh tags).</summary>
    private static readonly string Image = Environment.GetEnvironmentVariable("EMULATOR_IMAGE") is { Length: > 0 } i ? i : "workspaces-emulator:latest";

    public static async Task RunAsync(string root)
    {
        var publish = Path.Combine(Path.GetTempPath(), "wse-bench-publish");
        // The project's publish properties make a self-contained publish the shipped binary (trimmed ReadyToRun composite).
        Run("dotnet", ["publish", Path.Combine(root, "emulator/src/WorkSpacesEmulator"), "-c", "Release", "-r", "linux-x64", "--self-contained",
            "-o", publish, "--nologo", "-v", "q"]);
        Run("dotnet", ["build", "-c", "Release", "-v", "q", "--nologo", Path.Combine(root, "emulator/src/WorkSpacesEmulator")]);
        var dll = Path.Combine(root, "emulator/src/WorkSpacesEmulator/bin/Release/net10.0/WorkSpacesEmulator.dll");

        var shipped = new List<double>(); var cpu = new List<double>(); var firstCall = new List<double>();
        var framework = new List<double>(); var auto = new List<double>(); var moto = new List<double>();
        var motoInstalled = Which("moto_server") is not null;
        for (var i = 0; i < Runs; i++)
        {
            // Interleaved, so load from elsewhere on the machine falls on every contestant alike.
            var s = await EmulatorAsync(Path.Combine(publish, "WorkSpacesEmulator"), [], "simulated", measureFirstCall: true);
            shipped.Add(s.Ms); cpu.Add(s.CpuMs); firstCall.Add(s.FirstCallMs);
            auto.Add((await EmulatorAsync(Path.Combine(publish, "WorkSpacesEmulator"), [], "auto", measureFirstCall: false)).Ms);
            framework.Add((await EmulatorAsync("dotnet", [dll], "simulated", measureFirstCall: false)).Ms);
            if (motoInstalled) moto.Add(await MotoAsync());
        }
        Console.WriteLine($"cold start, process start → first 200, median of {Runs} (all values in ms):");
        Console.WriteLine($"  emulator (self-contained ReadyToRun, as in the image), simulated desktops: {Median(shipped):0} [{Join(shipped)}]; CPU time {Median(cpu):0}");
        Console.WriteLine($"  emulator, EMULATOR_DESKTOP_RUNTIME=auto (Docker probed):                  {Median(auto):0} [{Join(auto)}]");
        Console.WriteLine($"  emulator, framework-dependent (dotnet WorkSpacesEmulator.dll):           {Median(framework):0} [{Join(framework)}]");
        Console.WriteLine(motoInstalled ? $"  moto_server (moto's server mode, same run):                              {Median(moto):0} [{Join(moto)}]" : "  moto_server: not installed (pip install 'moto[server]'), skipped");
        Console.WriteLine($"  first API request right after health (DescribeWorkspaces):               {Median(firstCall):0} [{Join(firstCall)}]");

        if (Which("docker") is not null && Run("docker", ["image", "inspect", Image], check: false) == 0)
        {
            var up = new List<double>(); var healthy = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                var (u, h) = await DockerRunAsync();
                up.Add(u); healthy.Add(h);
            }
            Console.WriteLine($"  docker run {Image} → /_emulator/health 200 from the host: {Median(up):0} [{Join(up)}]");
            var check = Capture("docker", ["image", "inspect", "-f", "{{json .Config.Healthcheck}}", Image]).Trim();
            Console.WriteLine($"  docker run → Docker reports healthy (HEALTHCHECK {check}): {Median(healthy):0} [{Join(healthy)}]");
        }
        else
        {
            Console.WriteLine($"  docker run: no Docker or no {Image} image (docker/emulator/build-offline.sh), skipped");
        }
    }

    private sealed record Start(double Ms, double CpuMs, double FirstCallMs);

    private static async Task<Start> EmulatorAsync(string file, string[] args, string runtime, bool measureFirstCall)
    {
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "wse-cold-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["EMULATOR_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["EMULATOR_DATA_DIR"] = data;
        start.Environment["EMULATOR_DESKTOP_RUNTIME"] = runtime;
        start.Environment["EMULATOR_DESKTOP_INSTANCE"] = "bench-cold";
        start.Environment["EMULATOR_LOG_REQUESTS"] = "false";
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var ms = await UntilOkAsync($"http://127.0.0.1:{port}/_emulator/health", sw);
            process.Refresh();
            var cpuMs = process.TotalProcessorTime.TotalMilliseconds;
            double first = 0;
            if (measureFirstCall)
            {
                using var http = new HttpClient();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/")
                {
                    Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/x-amz-json-1.1"),
                };
                request.Headers.TryAddWithoutValidation("X-Amz-Target", "WorkspacesService.DescribeWorkspaces");
                var call = Stopwatch.StartNew();
                (await http.SendAsync(request)).EnsureSuccessStatusCode();
                first = call.Elapsed.TotalMilliseconds;
            }
            return new Start(ms, cpuMs, first);
        }
        finally
        {
            process.Kill(true);
            await process.WaitForExitAsync();
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }

    private static async Task<double> MotoAsync()
    {
        var port = FreePort();
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("moto_server", ["-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try { return await UntilOkAsync($"http://127.0.0.1:{port}/moto-api/", sw); }
        finally { process.Kill(true); await process.WaitForExitAsync(); }
    }

    private static async Task<(double Up, double Healthy)> DockerRunAsync()
    {
        var port = FreePort();
        var name = "wse-bench-cold-" + Guid.NewGuid().ToString("N")[..8];
        var sw = Stopwatch.StartNew();
        Run("docker", ["run", "-d", "--rm", "--name", name, "-p", $"127.0.0.1:{port}:4566", "-e", "EMULATOR_DESKTOP_RUNTIME=simulated", Image]);
        try
        {
            var up = await UntilOkAsync($"http://127.0.0.1:{port}/_emulator/health", sw);
            while (sw.Elapsed < TimeSpan.FromSeconds(60))
            {
                var status = Capture("docker", ["inspect", "-f", "{{.State.Health.Status}}", name]).Trim();
                if (status == "healthy") break;
                await Task.Delay(20);
            }
            return (up, sw.Elapsed.TotalMilliseconds);
        }
        finally { Run("docker", ["rm", "-f", name], check: false); }
    }

    private static async Task<double> UntilOkAsync(string url, Stopwatch sw)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (sw.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync(url)).StatusCode == HttpStatusCode.OK) return sw.Elapsed.TotalMilliseconds;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(2);
        }
        throw new TimeoutException(url);
    }

    private static int Run(string file, string[] args, bool check = true)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (check && p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {err}");
        return p.ExitCode;
    }

    private static string Capture(string file, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var o = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return o;
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static double Median(List<double> xs) => xs.Count == 0 ? double.NaN : xs.Order().ElementAt(xs.Count / 2);

    private static string Join(List<double> xs) => string.Join(", ", xs.Select(x => x.ToString("0", CultureInfo.InvariantCulture)));

    internal static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var p = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return p;
    }
}
