using System.ComponentModel;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>Runs sdk-tests/js (the unchanged AWS SDK for JavaScript v3) against a fresh emulator process.</summary>
public sealed class JsSdkTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Js_sdk_script_passes()
    {
        var folder = Path.Combine(EmulatorProcess.RepositoryRoot, "sdk-tests", "js");
        // Never a skip: CI installs the packages (.ci/run), so a missing install is a broken setup, not a missing tool.
        Directory.Exists(Path.Combine(folder, "node_modules", "@aws-sdk", "client-workspaces")).Should().BeTrue(
            "the AWS SDK for JavaScript packages must be installed first: run `npm ci --prefix sdk-tests/js` from the repository root");

        ToolResult result;
        try
        {
            result = await ExternalTool.RunAsync("node", [Path.Combine(folder, "workspaces.test.mjs")],
                ExternalTool.AwsEnvironment(fixture.Emulator), timeoutSeconds: 300);
        }
        catch (Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"Cannot run `node` (Node.js 20 or later is needed for sdk-tests/js): {e.Message}");
        }

        var details = $"\nstdout: {result.StdOut}\nstderr: {result.StdErr}\nemulator log tail: {Tail(fixture.Emulator.Output)}";
        result.ExitCode.Should().Be(0, $"the script should pass.{details}");
        result.StdOut.Should().Contain("js sdk checks passed", details);
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
