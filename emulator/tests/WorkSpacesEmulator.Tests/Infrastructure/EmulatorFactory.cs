using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace WorkSpacesEmulator.Tests.Infrastructure;

/// <summary>The emulator in-process (TestServer), in memory, simulated desktops, fast transitions.
/// Each test class that uses it as a fixture gets its own isolated emulator.</summary>
public class EmulatorFactory : WebApplicationFactory<Program>
{
    public Dictionary<string, string> Settings { get; } = new()
    {
        ["EMULATOR_DATA_DIR"] = ":memory:",
        ["EMULATOR_TRANSITION_SECONDS"] = "0",
        ["EMULATOR_DESKTOP_RUNTIME"] = "simulated",
        ["EMULATOR_RECONCILE_INTERVAL_MS"] = "20",
        ["EMULATOR_LOG_REQUESTS"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public AwsWireClient Wire(string account = "000000000000", string region = "us-east-1") => new(CreateClient(), account, region);
}
