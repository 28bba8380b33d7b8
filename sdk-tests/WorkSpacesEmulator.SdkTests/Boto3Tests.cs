namespace WorkSpacesEmulator.SdkTests;

/// <summary>Runs the boto3 scripts in sdk-tests/python against the emulator process.</summary>
public sealed class Boto3Tests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData("boto3_workspaces.py")]
    [InlineData("boto3_groups.py")]
    [InlineData("boto3_ds_extras.py")]
    public async Task Boto3_script_passes(string script)
    {
        var path = Path.Combine(EmulatorProcess.RepositoryRoot, "sdk-tests", "python", script);
        var result = await ExternalTool.RunAsync("python3", [path], ExternalTool.AwsEnvironment(fixture.Emulator), timeoutSeconds: 300);
        result.ExitCode.Should().Be(0, $"the script should pass.\nstdout: {result.StdOut}\nstderr: {result.StdErr}\nemulator log tail: {Tail(fixture.Emulator.Output)}");
        // Each script prints its own "... checks passed" line last.
        result.StdOut.Should().Contain("checks passed");
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}

/// <summary>boto3 against an emulator with instant transitions: final states with no polling.</summary>
public sealed class Boto3InstantModeTests(InstantEmulatorFixture fixture) : IClassFixture<InstantEmulatorFixture>
{
    [Fact]
    public async Task Boto3_sees_final_states_at_once()
    {
        var path = Path.Combine(EmulatorProcess.RepositoryRoot, "sdk-tests", "python", "boto3_instant.py");
        var result = await ExternalTool.RunAsync("python3", [path], ExternalTool.AwsEnvironment(fixture.Emulator), timeoutSeconds: 120);
        result.ExitCode.Should().Be(0, $"stdout: {result.StdOut}\nstderr: {result.StdErr}");
        result.StdOut.Should().Contain("checks passed");
    }
}
