using System.ComponentModel;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>Every sample in samples/ runs green against a fresh emulator: the five tutorial scripts (unchanged AWS CLI),
/// the pytest and node:test integration-test samples. (The xunit sample is a project of the solution.)</summary>
public sealed class SampleTests
{
    private static string Samples => Path.Combine(EmulatorProcess.RepositoryRoot, "samples");

    [Theory]
    [InlineData("quick-setup")]
    [InlineData("simple-ad")]
    [InlineData("microsoft-ad")]
    [InlineData("ad-connector")]
    [InlineData("trusted-domain")]
    public async Task Tutorial_script_runs_to_the_sign_in_step(string sample)
    {
        await using var emulator = new EmulatorProcess(transitionSeconds: 0.3);
        await emulator.StartAsync();
        var env = ExternalTool.AwsEnvironment(emulator);
        env["POLL_SECONDS"] = "0.2";
        var result = await ExternalTool.RunAsync("bash", [Path.Combine(Samples, sample + ".sh")], env, timeoutSeconds: 600);

        var details = $"\nstdout: {result.StdOut}\nstderr: {result.StdErr}";
        result.ExitCode.Should().Be(0, details);
        result.StdOut.Should().MatchRegex(@"WorkSpace ws-[0-9a-z]{9}: AVAILABLE", details);
        result.StdOut.Should().MatchRegex(@"registration code: [A-Za-z]{2}[a-z]{3}\+[A-Z0-9]{6}", details);
        // A step the emulator cannot do yet is one "note:" line, never an error.
        result.StdErr.Should().BeEmpty(details);
    }

    [Fact]
    public async Task Pytest_sample_passes()
    {
        await using var emulator = new EmulatorProcess(transitionSeconds: 0.3);
        await emulator.StartAsync();
        var env = new Dictionary<string, string> { ["EMULATOR_ENDPOINT"] = emulator.Endpoint };
        var folder = Path.Combine(Samples, "pytest");
        // The python3 with boto3 may lack pytest (pip cannot install it here); Debian's python3-pytest (same Python
        // version, which .ci/run installs) is then appended to sys.path — after site-packages, so boto3 stays the newer one.
        var result = await ExternalTool.RunAsync("python3", ["-c",
            "import sys\ntry:\n import pytest\nexcept ImportError:\n sys.path.append('/usr/lib/python3/dist-packages'); import pytest\n" +
            $"raise SystemExit(pytest.main(['-q', '-p', 'no:cacheprovider', {PythonString(folder)}]))"], env, timeoutSeconds: 600);
        var details = $"\nstdout: {result.StdOut}\nstderr: {result.StdErr}";
        result.ExitCode.Should().Be(0, $"pytest should pass (apt-get install python3-pytest if it is missing){details}");
        result.StdOut.Should().MatchRegex(@"\b5 passed\b", details);
    }

    [Fact]
    public async Task Node_test_sample_passes()
    {
        await using var emulator = new EmulatorProcess(transitionSeconds: 0.3);
        await emulator.StartAsync();
        var folder = Path.Combine(Samples, "node");
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "@aws-sdk", "client-workspaces")))
            {
                var install = await ExternalTool.RunAsync("npm", ["ci", "--prefix", folder, "--no-audit", "--no-fund"], new Dictionary<string, string>(), timeoutSeconds: 600);
                install.ExitCode.Should().Be(0, $"`npm ci --prefix samples/node` should install the packages:\n{install.StdOut}\n{install.StdErr}");
            }
            var result = await ExternalTool.RunAsync("node", ["--test", "--test-reporter=tap", Path.Combine(folder, "workspaces.test.mjs")],
                new Dictionary<string, string> { ["EMULATOR_ENDPOINT"] = emulator.Endpoint }, timeoutSeconds: 600);
            var details = $"\nstdout: {result.StdOut}\nstderr: {result.StdErr}";
            result.ExitCode.Should().Be(0, details);
            result.StdOut.Should().Contain("# pass 4", details).And.Contain("# fail 0", details);
        }
        catch (Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"Node.js 20+ and npm are needed for samples/node: {e.Message}");
        }
    }

    private static string PythonString(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
