using System.Text.Json.Nodes;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>A new end user in Debian's Chromium, for a Linux WorkSpace on the graphical desktop image
/// (docker/desktop-gui, built offline): the invitation in the outbox links to the password-setup page; the user sets
/// a password, signs in with it and sees the desktop drawn by noVNC — the canvas's pixels are read back and must not
/// be blank. Set up with the AWS CLI.</summary>
// One at a time: both put Docker-backed WorkSpaces in the default VPC's subnets (172.31.0.0/20 ...), and two
// emulators cannot each have a Docker network for the same CIDR.
[Collection(WebClientBrowser.Collection)]
public sealed class WebClientGuiBrowserTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string GuiImage = "wse-gui-test/desktop-gui:latest";
    private readonly EmulatorProcess _emulator = new(transitionSeconds: 0.3);
    private readonly string _instance = "gui-" + Guid.NewGuid().ToString("N")[..8];
    private string? _skip;
    private readonly List<string> _subnets = [];

    public async Task InitializeAsync()
    {
        if ((_skip = await WebClientBrowser.MissingToolAsync()) is not null) return;
        if ((await Docker("image", "inspect", GuiImage)).ExitCode != 0 && !File.Exists("/usr/sbin/debootstrap"))
        { _skip = "debootstrap is missing (apt-get install debootstrap), so the graphical image cannot be built"; return; }
        // The directory's users as records: this test is about the desktop (DC-backed sign-in has its own tests).
        await WebClientBrowser.StartAsync(_emulator, _instance, "desktop-gui", GuiImage, "EMULATOR_DESKTOP_GUI_IMAGE", 900,
            new() { ["EMULATOR_DIRECTORY_RUNTIME"] = "simulated" });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await WebClientBrowser.CleanUpAsync(_instance, _subnets);
    }

    private static Task<ToolResult> Docker(params string[] args) => WebClientBrowser.Docker(args);

    private static string S(JsonNode? n) => n!.GetValue<string>();

    [SkippableFact]
    public async Task A_new_user_sets_a_password_from_the_invitation_signs_in_and_sees_a_non_blank_noVNC_desktop()
    {
        Skip.If(_skip is not null, _skip); // only where a tool is missing; CI installs them all
        var aws = new AwsCli(_emulator);
        var directoryId = await WebClientBrowser.SimpleAdAsync(aws, _subnets);
        // No password: the invitation carries the password-setup link.
        await aws.JsonAsync("ds-data", "create-user", "--directory-id", directoryId, "--sam-account-name", "mary", "--given-name", "Mary",
            "--email-address", "mary@corp.example.com");
        await aws.JsonAsync("workspaces", "register-workspace-directory", "--directory-id", directoryId);
        await aws.WaitAsync(d => S(d["Directories"]![0]!["State"]) == "REGISTERED", "REGISTERED", "workspaces", "describe-workspace-directories", "--directory-ids", directoryId);
        await aws.JsonAsync("workspaces", "modify-workspace-access-properties", "--resource-id", directoryId, "--workspace-access-properties", "DeviceTypeWeb=ALLOW");
        var bundle = S((await aws.JsonAsync("workspaces", "describe-workspace-bundles", "--owner", "AMAZON"))["Bundles"]!.AsArray()
            .First(x => S(x!["Name"]).Contains("Amazon Linux 2 (PCoIP)", StringComparison.Ordinal))!["BundleId"]);
        var workspaceId = S((await aws.JsonAsync("workspaces", "create-workspaces", "--workspaces",
            $"DirectoryId={directoryId},UserName=mary,BundleId={bundle}"))["PendingRequests"]![0]!["WorkspaceId"]);
        await aws.WaitAsync(d => S(d["Workspaces"]![0]!["State"]) == "AVAILABLE", "AVAILABLE", "workspaces", "describe-workspaces", "--workspace-ids", workspaceId);

        using var http = new HttpClient();
        var view = JsonNode.Parse(await http.GetStringAsync($"{_emulator.Endpoint}/_emulator/workspaces/{workspaceId}"))!;
        S(view["image"]).Should().Be(GuiImage, "a Linux bundle runs the graphical image when it is built");
        S(view["streamType"]).Should().Be("RFB");
        JsonNode? invitation = null;
        for (var i = 0; i < 100 && invitation is null; i++)
        {
            invitation = JsonNode.Parse(await http.GetStringAsync($"{_emulator.Endpoint}/_emulator/outbox"))!["Messages"]!.AsArray()
                .FirstOrDefault(m => S(m!["Id"]) == workspaceId);
            if (invitation is null) await Task.Delay(100);
        }
        invitation.Should().NotBeNull("the WorkSpace is AVAILABLE and its user has an email address");
        var link = S(invitation!["WebClientLink"]);
        link.Should().Contain("passwordSetup=");

        var run = await WebClientBrowser.RunScriptAsync("webclient-gui.test.mjs", new Dictionary<string, string>
        {
            ["WSE_LINK"] = link, ["WSE_USER"] = "mary", ["WSE_PASSWORD"] = "Gui-Access-1",
        });
        var log = _emulator.Output;
        run.ExitCode.Should().Be(0, $"stdout: {run.StdOut}\nstderr: {run.StdErr}\nemulator: {(log.Length > 3000 ? log[^3000..] : log)}");
        run.StdOut.Should().Contain("graphical web client checks passed");
        output.WriteLine(run.StdOut);
        // The RFB stream went through the streaming gateway.
        log.Should().Contain($"client.Stream 101 {workspaceId} connected to 127.0.0.1:");
    }
}
