using System.ComponentModel;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>Runs sdk-tests/js (the unchanged AWS SDK for JavaScript v3) against a fresh emulator process.</summary>
public sealed class JsSdkTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Js_sdk_script_passes()
    {
        var folder = Path.Combine(EmulatorProcess.RepositoryRoot, "sdk-tests", "js");
        // Never a skip: a fresh machine with npm installs the pinned packages here (CI does it in .ci/run too),
        // so the README's one test command works; without npm the test fails and says what to do.
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@aws-sdk", "client-workspaces")))
        {
            ToolResult install;
            try
            {
                install = await ExternalTool.RunAsync("npm", ["ci", "--prefix", folder, "--no-audit", "--no-fund"], new Dictionary<string, string>(), timeoutSeconds: 600);
            }
            catch (Win32Exception e)
            {
                throw new Xunit.Sdk.XunitException($"npm is needed to install the AWS SDK for JavaScript (`npm ci --prefix sdk-tests/js`): {e.Message}");
            }
            install.ExitCode.Should().Be(0, $"`npm ci --prefix sdk-tests/js` should install the packages:\n{install.StdOut}\n{install.StdErr}");
        }

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
