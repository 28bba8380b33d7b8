using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>The README walk-through, with the unchanged AWS CLI against the emulator process:
/// default VPC → Simple AD → register → user → WorkSpace PENDING → AVAILABLE → stop/start/reboot → terminate,
/// plus tags, paging and per-item failures; then SIGKILL + restart finds everything again.</summary>
public sealed class CliWalkthroughTests : IAsyncLifetime
{
    private readonly EmulatorProcess _emulator = new(transitionSeconds: 0.3);
    private AwsCli _aws = null!;

    public async Task InitializeAsync()
    {
        await _emulator.StartAsync();
        _aws = new AwsCli(_emulator);
    }

    public Task DisposeAsync() => _emulator.DisposeAsync().AsTask();

    private static string S(JsonNode? n) => n!.GetValue<string>();

    private async Task<(string DirectoryId, string BundleId)> CreateRegisteredDirectoryAsync()
    {
        var subnets = (await _aws.JsonAsync("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true"))["Subnets"]!.AsArray();
        subnets.Count.Should().BeGreaterThanOrEqualTo(2);
        var a = subnets[0]!;
        var b = subnets.First(s => S(s!["AvailabilityZone"]) != S(a["AvailabilityZone"]))!;
        var vpcId = S(a["VpcId"]);

        var created = await _aws.JsonAsync("ds", "create-directory", "--name", "corp.example.com", "--short-name", "CORP",
            "--password", "Sup3rSecret!", "--size", "Small", "--description", "walk-through",
            "--vpc-settings", $"VpcId={vpcId},SubnetIds={S(a["SubnetId"])},{S(b["SubnetId"])}");
        var directoryId = S(created["DirectoryId"]);
        directoryId.Should().MatchRegex("^d-[0-9a-f]{10}$");

        // Transitional stages last 0.3 s here; the CLI itself takes longer than that to start, so only the end state is asserted.
        var active = await _aws.WaitAsync(d => S(d["DirectoryDescriptions"]![0]!["Stage"]) == "Active", "directory Active",
            "ds", "describe-directories", "--directory-ids", directoryId);
        var dns = active["DirectoryDescriptions"]![0]!["DnsIpAddrs"]!.AsArray().Select(S).ToList();
        dns.Should().HaveCount(2);

        await _aws.JsonAsync("ds-data", "create-user", "--directory-id", directoryId, "--sam-account-name", "jdoe", "--given-name", "John", "--surname", "Doe");
        await _aws.JsonAsync("ds-data", "create-user", "--directory-id", directoryId, "--sam-account-name", "asmith");

        await _aws.JsonAsync("workspaces", "register-workspace-directory", "--directory-id", directoryId);
        var registered = await _aws.WaitAsync(d => S(d["Directories"]![0]!["State"]) == "REGISTERED", "directory REGISTERED",
            "workspaces", "describe-workspace-directories", "--directory-ids", directoryId);
        S(registered["Directories"]![0]!["RegistrationCode"]).Should().MatchRegex(@"^[A-Za-z]{2}[a-z]{3}\+[A-Z0-9]{6}$");

        var bundles = (await _aws.JsonAsync("workspaces", "describe-workspace-bundles", "--owner", "AMAZON"))["Bundles"]!.AsArray();
        bundles.Should().NotBeEmpty();
        var bundleId = S(bundles.First(x => S(x!["ComputeType"]!["Name"]) == "STANDARD")!["BundleId"]);
        return (directoryId, bundleId);
    }

    private Task<JsonNode> WaitStateAsync(string workspaceId, string state) =>
        _aws.WaitAsync(d => d["Workspaces"]!.AsArray().Count == 1 && S(d["Workspaces"]![0]!["State"]) == state, $"{workspaceId} {state}",
            "workspaces", "describe-workspaces", "--workspace-ids", workspaceId);

    [Fact]
    public async Task Walkthrough_lifecycle_tags_paging_failures_and_restart()
    {
        var (directoryId, bundleId) = await CreateRegisteredDirectoryAsync();

        // Create: one good request and two per-item failures in the same batch.
        var batch = JsonSerializer.Serialize(new object[]
        {
            new { DirectoryId = directoryId, UserName = "jdoe", BundleId = bundleId, WorkspaceProperties = new { RunningMode = "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes = 60 }, Tags = new[] { new { Key = "team", Value = "qa" } } },
            new { DirectoryId = directoryId, UserName = "nobody", BundleId = bundleId },
            new { DirectoryId = "d-0000000000", UserName = "jdoe", BundleId = bundleId },
        });
        var created = await _aws.JsonAsync("workspaces", "create-workspaces", "--workspaces", batch);
        created["PendingRequests"]!.AsArray().Should().HaveCount(1);
        created["FailedRequests"]!.AsArray().Should().HaveCount(2);
        created["FailedRequests"]!.AsArray().Should().OnlyContain(f => f!["ErrorCode"] != null && f["ErrorMessage"] != null);
        var pending = created["PendingRequests"]![0]!;
        var workspaceId = S(pending["WorkspaceId"]);
        workspaceId.Should().MatchRegex("^ws-[0-9a-z]{9}$");
        S(pending["State"]).Should().Be("PENDING");

        // A second WorkSpace for the same user in the same directory fails per item.
        var dup = await _aws.JsonAsync("workspaces", "create-workspaces", "--workspaces",
            JsonSerializer.Serialize(new[] { new { DirectoryId = directoryId, UserName = "jdoe", BundleId = bundleId } }));
        dup["FailedRequests"]!.AsArray().Should().HaveCount(1);

        var available = (await WaitStateAsync(workspaceId, "AVAILABLE"))["Workspaces"]![0]!;
        S(available["IpAddress"]).Should().NotBeNullOrEmpty();
        S(available["SubnetId"]).Should().StartWith("subnet-");
        S(available["UserName"]).Should().Be("jdoe");

        // The simulated desktop's streaming port is live while AVAILABLE.
        var runtime = JsonNode.Parse(await new HttpClient().GetStringAsync($"{_emulator.Endpoint}/_emulator/workspaces/{workspaceId}"))!;
        var endpoint = runtime["streamingEndpoints"]!.AsObject().First().Value!.GetValue<string>();
        endpoint.Should().MatchRegex(@"^127\.0\.0\.1:\d+$");
        if (EmulatorProcess.DesktopsReachable)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", int.Parse(endpoint.Split(':')[1]));
            tcp.Connected.Should().BeTrue();
        }

        // Stop → STOPPED, start → AVAILABLE, reboot → AVAILABLE.
        var stop = await _aws.JsonAsync("workspaces", "stop-workspaces", "--stop-workspace-requests", $"WorkspaceId={workspaceId}");
        stop["FailedRequests"]!.AsArray().Should().BeEmpty();
        S((await _aws.JsonAsync("workspaces", "describe-workspaces", "--workspace-ids", workspaceId))["Workspaces"]![0]!["State"]).Should().BeOneOf("STOPPING", "STOPPED");
        await WaitStateAsync(workspaceId, "STOPPED");
        var stopAgain = await _aws.JsonAsync("workspaces", "stop-workspaces", "--stop-workspace-requests", $"WorkspaceId={workspaceId}");
        stopAgain["FailedRequests"]!.AsArray().Should().HaveCount(1, "a STOPPED WorkSpace cannot be stopped");
        await _aws.JsonAsync("workspaces", "start-workspaces", "--start-workspace-requests", $"WorkspaceId={workspaceId}");
        await WaitStateAsync(workspaceId, "AVAILABLE");
        await _aws.JsonAsync("workspaces", "reboot-workspaces", "--reboot-workspace-requests", workspaceId);
        await WaitStateAsync(workspaceId, "AVAILABLE");

        // Tags.
        await _aws.JsonAsync("workspaces", "create-tags", "--resource-id", workspaceId, "--tags", "Key=env,Value=dev");
        var tags = (await _aws.JsonAsync("workspaces", "describe-tags", "--resource-id", workspaceId))["TagList"]!.AsArray();
        tags.Select(t => S(t!["Key"])).Should().BeEquivalentTo("team", "env");
        await _aws.JsonAsync("workspaces", "delete-tags", "--resource-id", workspaceId, "--tag-keys", "team");
        (await _aws.JsonAsync("workspaces", "describe-tags", "--resource-id", workspaceId))["TagList"]!.AsArray().Should().HaveCount(1);

        // Paging: a second user's WorkSpace; the CLI pages with --page-size 1 and returns both.
        var second = await _aws.JsonAsync("workspaces", "create-workspaces", "--workspaces",
            JsonSerializer.Serialize(new[] { new { DirectoryId = directoryId, UserName = "asmith", BundleId = bundleId } }));
        var secondId = S(second["PendingRequests"]![0]!["WorkspaceId"]);
        var all = await _aws.JsonAsync("workspaces", "describe-workspaces", "--directory-id", directoryId, "--page-size", "1");
        all["Workspaces"]!.AsArray().Select(w => S(w!["WorkspaceId"])).Should().BeEquivalentTo(workspaceId, secondId);
        var firstPage = await _aws.JsonAsync("workspaces", "describe-workspaces", "--directory-id", directoryId, "--max-items", "1");
        firstPage["Workspaces"]!.AsArray().Should().HaveCount(1);
        firstPage["NextToken"].Should().NotBeNull();

        // Deregistering is refused while WorkSpaces exist.
        var refused = await _aws.RunAsync("workspaces", "deregister-workspace-directory", "--directory-id", directoryId);
        refused.ExitCode.Should().NotBe(0);
        refused.StdErr.Should().Contain("InvalidResourceStateException");

        // Terminate the first one: TERMINATING, then gone.
        await _aws.JsonAsync("workspaces", "terminate-workspaces", "--terminate-workspace-requests", workspaceId);
        await _aws.WaitAsync(d => d["Workspaces"]!.AsArray().Count == 0, "terminated WorkSpace gone", "workspaces", "describe-workspaces", "--workspace-ids", workspaceId);
        await WaitStateAsync(secondId, "AVAILABLE");

        // SIGKILL and restart on the same data folder: the directory, the user and the other WorkSpace are still there.
        await _emulator.KillAndRestartAsync();
        _aws = new AwsCli(_emulator);
        var directory = (await _aws.JsonAsync("ds", "describe-directories", "--directory-ids", directoryId))["DirectoryDescriptions"]![0]!;
        S(directory["Stage"]).Should().Be("Active");
        S((await _aws.JsonAsync("workspaces", "describe-workspace-directories", "--directory-ids", directoryId))["Directories"]![0]!["State"]).Should().Be("REGISTERED");
        (await _aws.JsonAsync("ds-data", "describe-user", "--directory-id", directoryId, "--sam-account-name", "asmith"))["SAMAccountName"]!.GetValue<string>().Should().Be("asmith");
        var after = (await _aws.JsonAsync("workspaces", "describe-workspaces", "--directory-id", directoryId))["Workspaces"]!.AsArray();
        after.Select(w => S(w!["WorkspaceId"])).Should().Equal(secondId);
        S(after[0]!["State"]).Should().Be("AVAILABLE");
        var restarted = JsonNode.Parse(await new HttpClient().GetStringAsync($"{_emulator.Endpoint}/_emulator/workspaces/{secondId}"))!;
        await _aws.WaitAsync(_ => true, "noop", "workspaces", "describe-workspaces", "--workspace-ids", secondId);
        restarted["workspaceId"]!.GetValue<string>().Should().Be(secondId);
    }

    [Fact]
    public async Task Cli_errors_are_the_aws_errors()
    {
        var missing = await _aws.RunAsync("ds", "describe-directories", "--directory-ids", "d-0123456789");
        missing.ExitCode.Should().NotBe(0);
        missing.StdErr.Should().Contain("EntityDoesNotExistException");

        var vpc = await _aws.RunAsync("ec2", "describe-vpcs", "--vpc-ids", "vpc-0123456789abcdef0");
        vpc.ExitCode.Should().NotBe(0);
        vpc.StdErr.Should().Contain("InvalidVpcID.NotFound");

        var invalid = await _aws.RunAsync("workspaces", "describe-workspaces", "--limit", "26");
        invalid.ExitCode.Should().NotBe(0);
        invalid.StdErr.Should().Contain("ValidationException");

        var state = await _aws.RunAsync("workspaces", "modify-workspace-state", "--workspace-id", "ws-000000000", "--workspace-state", "AVAILABLE");
        state.ExitCode.Should().NotBe(0);
        state.StdErr.Should().Contain("ResourceNotFoundException");
    }

    [Fact]
    public async Task Default_vpc_is_per_account_and_region()
    {
        var east = await new AwsCli(_emulator, "111111111111", "us-east-1").JsonAsync("ec2", "describe-vpcs", "--filters", "Name=isDefault,Values=true");
        var west = await new AwsCli(_emulator, "111111111111", "us-west-2").JsonAsync("ec2", "describe-vpcs", "--filters", "Name=isDefault,Values=true");
        var other = await new AwsCli(_emulator, "222222222222", "us-east-1").JsonAsync("ec2", "describe-vpcs", "--filters", "Name=isDefault,Values=true");
        var ids = new[] { east, west, other }.Select(v => S(v["Vpcs"]![0]!["VpcId"])).ToList();
        ids.Should().OnlyHaveUniqueItems();
        S(east["Vpcs"]![0]!["CidrBlock"]).Should().Be("172.31.0.0/16");
        var zones = (await new AwsCli(_emulator, "111111111111", "us-west-2").JsonAsync("ec2", "describe-availability-zones"))["AvailabilityZones"]!.AsArray();
        zones.Select(z => S(z!["ZoneName"])).Should().Contain("us-west-2a");
    }
}
