using System.ComponentModel;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>The dashboard (/_emulator/ui) in Debian's Chromium with playwright-core (sdk-tests/dashboard): a WorkSpace
/// created and stopped through the JS SDK changes state on the page without a reload.</summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task Dashboard_shows_a_WorkSpace_changing_state()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing (apt-get install chromium); .ci/run installs it");
        // Slow enough transitions that the page shows the transitional states too (the assertions do not depend on it).
        await using var emulator = new EmulatorProcess(transitionSeconds: 1);
        await emulator.StartAsync();
        var folder = Path.Combine(EmulatorProcess.RepositoryRoot, "sdk-tests", "dashboard");
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")))
            {
                var install = await ExternalTool.RunAsync("npm", ["ci", "--prefix", folder, "--no-audit", "--no-fund"], new Dictionary<string, string>(), timeoutSeconds: 600);
                install.ExitCode.Should().Be(0, $"`npm ci --prefix sdk-tests/dashboard` should install the packages:\n{install.StdOut}\n{install.StdErr}");
            }
            var screenshot = Path.Combine(Path.GetTempPath(), "wse-dashboard-" + Guid.NewGuid().ToString("N")[..8] + ".png");
            var result = await ExternalTool.RunAsync("node", [Path.Combine(folder, "dashboard.test.mjs")],
                new Dictionary<string, string> { ["EMULATOR_ENDPOINT"] = emulator.Endpoint, ["CHROMIUM"] = Chromium, ["DASHBOARD_SCREENSHOT"] = screenshot },
                timeoutSeconds: 300);
            var details = $"\nstdout: {result.StdOut}\nstderr: {result.StdErr}";
            result.ExitCode.Should().Be(0, details);
            result.StdOut.Should().Contain("dashboard checks passed", details);
            new FileInfo(screenshot).Length.Should().BeGreaterThan(0);
            File.Delete(screenshot);
        }
        catch (Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"Node.js 20+ and npm are needed for sdk-tests/dashboard: {e.Message}");
        }
    }
}
