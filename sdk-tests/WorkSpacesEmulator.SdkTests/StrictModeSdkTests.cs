namespace WorkSpacesEmulator.SdkTests;

/// <summary>An emulator process in strict mode, driven by unchanged boto3 and the AWS CLI.</summary>
public sealed class StrictEmulatorFixture : IAsyncLifetime
{
    public const string AccessKey = "AKIDSTRICTA", Secret = "secretA", Account = "111122223333";

    public EmulatorProcess Emulator { get; } = new();

    public Task InitializeAsync()
    {
        Emulator.Environment["EMULATOR_STRICT"] = "true";
        Emulator.Environment["EMULATOR_CREDENTIALS"] = $"{AccessKey}:{Secret}:{Account}";
        Emulator.Environment["EMULATOR_ADMIN_TOKEN"] = "admintoken";
        Emulator.Environment["EMULATOR_DESKTOP_INSTANCE"] = "sdk-strict";
        return Emulator.StartAsync();
    }

    public Task DisposeAsync() => Emulator.DisposeAsync().AsTask();
}

public sealed class StrictModeSdkTests(StrictEmulatorFixture fixture) : IClassFixture<StrictEmulatorFixture>
{
    private Dictionary<string, string> Environment(string key = StrictEmulatorFixture.AccessKey, string secret = StrictEmulatorFixture.Secret)
    {
        var env = ExternalTool.AwsEnvironment(fixture.Emulator, key);
        env["AWS_SECRET_ACCESS_KEY"] = secret;
        return env;
    }

    [Fact]
    public async Task Boto3_strict_script_passes()
    {
        var path = Path.Combine(EmulatorProcess.RepositoryRoot, "sdk-tests", "python", "boto3_strict.py");
        var result = await ExternalTool.RunAsync("python3", [path], Environment(), timeoutSeconds: 300);
        result.ExitCode.Should().Be(0, $"stdout: {result.StdOut}\nstderr: {result.StdErr}\nemulator log tail: {Tail(fixture.Emulator.Output)}");
        result.StdOut.Should().Contain("checks passed");
    }

    [Fact]
    public async Task Aws_cli_passes_with_the_configured_key_and_fails_with_a_wrong_secret_or_unknown_key()
    {
        var ok = await ExternalTool.RunAsync("aws", ["sts", "get-caller-identity", "--query", "Account", "--output", "text"], Environment());
        ok.ExitCode.Should().Be(0, ok.StdErr);
        ok.StdOut.Trim().Should().Be(StrictEmulatorFixture.Account);

        var role = await ExternalTool.RunAsync("aws", ["iam", "get-role", "--role-name", "cli-missing-role"], Environment());
        role.StdErr.Should().Contain("NoSuchEntity", "a signed IAM call reaches IAM");

        var wrongSecret = await ExternalTool.RunAsync("aws", ["workspaces", "describe-workspaces"], Environment(secret: "not-the-secret"));
        wrongSecret.ExitCode.Should().NotBe(0);
        wrongSecret.StdErr.Should().Contain("InvalidSignatureException");

        var unknown = await ExternalTool.RunAsync("aws", ["ec2", "describe-vpcs"], Environment(key: "AKIDNOBODY"));
        unknown.ExitCode.Should().NotBe(0);
        unknown.StdErr.Should().Contain("AuthFailure");

        var unsigned = await ExternalTool.RunAsync("aws", ["--no-sign-request", "kms", "list-keys"], Environment());
        unsigned.StdErr.Should().Contain("MissingAuthenticationTokenException");
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
