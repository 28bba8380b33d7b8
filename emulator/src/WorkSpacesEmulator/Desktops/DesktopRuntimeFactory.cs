using Microsoft.Extensions.Options;

namespace WorkSpacesEmulator.Desktops;

/// <summary>Chooses the desktop runtime from EMULATOR_DESKTOP_RUNTIME (auto | simulated | docker).</summary>
public static class DesktopRuntimeFactory
{
    public static IDesktopRuntime Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        var logs = services.GetRequiredService<ILoggerFactory>();
        return options.DesktopRuntime.ToLowerInvariant() switch
        {
            "simulated" => new SimulatedDesktopRuntime(logs.CreateLogger<SimulatedDesktopRuntime>(), "configured: EMULATOR_DESKTOP_RUNTIME=simulated"),
            // The Docker runtime arrives with the container-backed desktops issue; until then auto means simulated.
            _ => new SimulatedDesktopRuntime(logs.CreateLogger<SimulatedDesktopRuntime>(), $"EMULATOR_DESKTOP_RUNTIME={options.DesktopRuntime}: no Docker runtime in this build"),
        };
    }
}
