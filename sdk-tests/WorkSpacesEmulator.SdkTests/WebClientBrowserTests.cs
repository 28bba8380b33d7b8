using System.Text.Json.Nodes;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>An end user in Debian's Chromium: the web client registers with the directory's code, signs in with the
/// password set by ResetUserPassword, opens the desktop's console (a real container of the light image) and types
/// a command; the file it writes is then read inside the container's user volume. Set up with the AWS CLI.</summary>
// One at a time: both put Docker-backed WorkSpaces in the default VPC's subnets (172.31.0.0/20 ...), and two
// emulators cannot each have a Docker network for the same CIDR.
[Collection(WebClientBrowser.Collection)]
public sealed class WebClientBrowserTests : IAsyncLifetime
{
    private readonly EmulatorProcess _emulator = new(transitionSeconds: 0.3);
    private readonly string _instance = "gw-pw-" + Guid.NewGuid().ToString("N")[..8];
    private string? _skip;
    private readonly List<string> _subnets = [];

    public async Task InitializeAsync()
    {
        if ((_skip = await WebClientBrowser.MissingToolAsync()) is not null) return;
        await WebClientBrowser.StartAsync(_emulator, _instance, "desktop", "wse-gw-test/desktop:latest", "EMULATOR_DESKTOP_IMAGE", 300);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await WebClientBrowser.CleanUpAsync(_instance, _subnets);
    }

    private static Task<ToolResult> Docker(params string[] args) => WebClientBrowser.Docker(args);

    private static string S(JsonNode? n) => n!.GetValue<string>();

    [SkippableFact]
    public async Task A_user_signs_in_in_Chromium_and_a_typed_command_changes_the_container()
    {
        Skip.If(_skip is not null, _skip); // only where a tool is missing; CI installs both
        var aws = new AwsCli(_emulator);
        var directoryId = await WebClientBrowser.SimpleAdAsync(aws, _subnets);
        await aws.JsonAsync("ds-data", "create-user", "--directory-id", directoryId, "--sam-account-name", "jdoe", "--given-name", "John");
        (await aws.RunAsync("ds", "reset-user-password", "--directory-id", directoryId, "--user-name", "jdoe", "--new-password", "Web-Access-1")).ExitCode.Should().Be(0);
        await aws.JsonAsync("workspaces", "register-workspace-directory", "--directory-id", directoryId);
        var registered = await aws.WaitAsync(d => S(d["Directories"]![0]!["State"]) == "REGISTERED", "REGISTERED",
            "workspaces", "describe-workspace-directories", "--directory-ids", directoryId);
        var code = S(registered["Directories"]![0]!["RegistrationCode"]);
        await aws.JsonAsync("workspaces", "modify-workspace-access-properties", "--resource-id", directoryId,
            "--workspace-access-properties", "DeviceTypeWeb=ALLOW");
        var bundle = S((await aws.JsonAsync("workspaces", "describe-workspace-bundles", "--owner", "AMAZON"))["Bundles"]!.AsArray()
            .First(x => S(x!["ComputeType"]!["Name"]) == "VALUE")!["BundleId"]);
        var workspaceId = S((await aws.JsonAsync("workspaces", "create-workspaces", "--workspaces",
            $"DirectoryId={directoryId},UserName=jdoe,BundleId={bundle},WorkspaceProperties={{RunningMode=AUTO_STOP}}"))["PendingRequests"]![0]!["WorkspaceId"]);

        var run = await WebClientBrowser.RunScriptAsync("webclient.test.mjs", new Dictionary<string, string>
        {
            ["WSE_URL"] = _emulator.Endpoint, ["WSE_REGISTRATION_CODE"] = code, ["WSE_USER"] = "jdoe", ["WSE_PASSWORD"] = "Web-Access-1",
            ["WSE_COMMAND"] = "echo hi > ~/note; echo typed-$((6*7))", ["WSE_EXPECT"] = "typed-42",
        });
        var log = _emulator.Output;
        run.ExitCode.Should().Be(0, $"stdout: {run.StdOut}\nstderr: {run.StdErr}\nemulator: {(log.Length > 3000 ? log[^3000..] : log)}");
        run.StdOut.Should().Contain("web client checks passed");

        var container = WorkSpacesEmulator.Desktops.Docker.DockerNames.Container(workspaceId);
        var cat = await Docker("exec", container, "cat", "/home/jdoe/note");
        cat.StdOut.Should().Be("hi\n", cat.StdErr);
        (await Docker("exec", container, "stat", "-c", "%U", "/home/jdoe/note")).StdOut.Trim().Should().Be("jdoe");
        // While the page is gone the stream is closed again: DISCONNECTED.
        var status = await aws.WaitAsync(d => S(d["WorkspacesConnectionStatus"]![0]!["ConnectionState"]) == "DISCONNECTED", "DISCONNECTED",
            "workspaces", "describe-workspaces-connection-status", "--workspace-ids", workspaceId);
        status["WorkspacesConnectionStatus"]![0]!["LastKnownUserConnectionTimestamp"].Should().NotBeNull();
    }
}
