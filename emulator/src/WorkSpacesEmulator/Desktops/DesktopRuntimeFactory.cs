using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Desktops.Docker;

namespace WorkSpacesEmulator.Desktops;

/// <summary>Chooses the desktop runtime from EMULATOR_DESKTOP_RUNTIME (auto | simulated | docker).</summary>
public static class DesktopRuntimeFactory
{
    /// <summary>How long `auto` waits for the engine at start-up: long enough for a busy local engine,
    /// short enough that a machine without Docker starts at once.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public static IDesktopRuntime Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        var logs = services.GetRequiredService<ILoggerFactory>();
        var endpoint = DockerDesktopRuntime.NormaliseEndpoint(options.DockerSocket);
        switch (options.DesktopRuntime.ToLowerInvariant())
        {
            case "simulated":
                return new SimulatedDesktopRuntime(logs.CreateLogger<SimulatedDesktopRuntime>(), "simulated: configured by EMULATOR_DESKTOP_RUNTIME=simulated");
            case "docker":
            {
                // Forced: even an engine that does not answer now is used, so WorkSpaces report it and recover when it is back.
                var (answered, description) = Ping(endpoint);
                var reason = answered
                    ? $"docker: configured by EMULATOR_DESKTOP_RUNTIME=docker; {description} at {endpoint}"
                    : $"docker: configured by EMULATOR_DESKTOP_RUNTIME=docker, but no Docker engine answered at {endpoint} ({description})";
                return new DockerDesktopRuntime(options, logs.CreateLogger<DockerDesktopRuntime>(), reason);
            }
            default:
            {
                var (answered, description) = Ping(endpoint);
                return answered
                    ? new DockerDesktopRuntime(options, logs.CreateLogger<DockerDesktopRuntime>(), $"docker: {description} at {endpoint}")
                    : new SimulatedDesktopRuntime(logs.CreateLogger<SimulatedDesktopRuntime>(), $"simulated: no Docker engine answered at {endpoint} ({description})");
            }
        }
    }

    private sealed record EarlyProbe(string Endpoint, Task<(bool, string)> Answer);

    private static EarlyProbe? _early;

    /// <summary>Starts asking the engine at once (Program.cs, before the host is built), so the ~0.15 s of the first
    /// Docker API call (client set-up, the engine's answer) overlaps the rest of start-up on the other core instead
    /// of adding to it. Only for the runtimes that ask (auto, docker).</summary>
    public static void BeginProbe(EmulatorOptions options)
    {
        if (options.DesktopRuntime.Equals("simulated", StringComparison.OrdinalIgnoreCase)) return;
        var endpoint = DockerDesktopRuntime.NormaliseEndpoint(options.DockerSocket);
        _early = new EarlyProbe(endpoint, Task.Run(() => DockerDesktopRuntime.PingAsync(endpoint, PingTimeout, CancellationToken.None)));
    }

    // Runs once while the container is built; blocking here keeps the singleton's Reason immutable.
    private static (bool, string) Ping(string endpoint)
    {
        if (Interlocked.Exchange(ref _early, null) is { } early && early.Endpoint == endpoint) return early.Answer.GetAwaiter().GetResult();
        return Task.Run(() => DockerDesktopRuntime.PingAsync(endpoint, PingTimeout, CancellationToken.None)).GetAwaiter().GetResult();
    }
}
