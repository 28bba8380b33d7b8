using WorkSpacesEmulator.Networking;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Desktops.Docker;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>The whole path against a real engine: API → reconciler → Docker runtime. What the API reports
/// (IpAddress, SubnetId, the ENI) is what the container has on eth1; the user's files survive stop/start;
/// an externally killed desktop turns UNHEALTHY and reboot heals it; a restarted emulator adopts its desktops
/// and removes orphans; terminate leaves no container or volume.</summary>
[Collection("docker-end-to-end")]
public sealed class DockerWorkspaceEndToEndTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wse-docker-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _instance = "e2e-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _workspaceIds = [];
    private readonly List<string> _subnetIds = [];

    private EmulatorFactory NewEmulator()
    {
        var factory = new EmulatorFactory();
        factory.Settings["EMULATOR_DESKTOP_RUNTIME"] = "docker";
        factory.Settings["EMULATOR_DATA_DIR"] = _dataDir;
        factory.Settings["EMULATOR_DESKTOP_INSTANCE"] = _instance;
        factory.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.2";
        // This test is about desktops; DirectoryDomainControllerTests covers DC-backed directories.
        factory.Settings["EMULATOR_DIRECTORY_RUNTIME"] = "simulated";
        return factory;
    }

    private static string S(JsonNode? n) => n!.GetValue<string>();

    [SkippableFact]
    public async Task Workspace_desktop_matches_the_api_survives_faults_and_restarts_and_is_removed_on_terminate()
    {
        DockerTestSupport.SkipWithoutEngine();
        var vpcCidr = DockerTestSupport.FreeCidr(); // a /24 overlapping no host route or Docker network
        Ipv4Cidr.TryParse(vpcCidr, out var block);
        string workspaceId, ipAddress, orphanId;

        await using (var emulator = NewEmulator())
        {
            var wire = emulator.Wire();
            var runtime = emulator.Services.GetRequiredService<IDesktopRuntime>();
            runtime.Name.Should().Be("docker");

            // A VPC of two /25 subnets in different AZs, a Simple AD on it, registered, with a user.
            var network = emulator.Services.GetRequiredService<Ec2Network>();
            var ctx = new RequestContext("000000000000", "us-east-1", "t", "ec2", "x");
            var vpc = network.CreateVpc(ctx, vpcCidr, "default", []);
            var a = network.CreateSubnet(ctx, vpc.Id, new Ipv4Cidr(block.Network, 25).ToString(), "us-east-1a", null, []);
            var b = network.CreateSubnet(ctx, vpc.Id, new Ipv4Cidr(block.Network + 128, 25).ToString(), "us-east-1b", null, []);
            _subnetIds.AddRange([a.Id, b.Id]);
            var directoryId = S((await wire.JsonAsync("ds", "CreateDirectory", new
            {
                Name = "docker.example.com", Password = "Sup3rSecret!", Size = "Small",
                VpcSettings = new { VpcId = vpc.Id, SubnetIds = new[] { a.Id, b.Id } },
            })).Ok()["DirectoryId"]);
            await Eventually.WaitAsync(() => wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { directoryId } }),
                r => S(r.Json["DirectoryDescriptions"]![0]!["Stage"]) == "Active", "directory Active");
            (await wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={directoryId}", new { SAMAccountName = "jdoe" })).Ok();
            (await wire.JsonAsync("workspaces", "RegisterWorkspaceDirectory", new { DirectoryId = directoryId })).Ok();
            await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaceDirectories", new { DirectoryIds = new[] { directoryId } }),
                r => S(r.Json["Directories"]![0]!["State"]) == "REGISTERED", "directory REGISTERED");
            var bundleId = S((await wire.JsonAsync("workspaces", "DescribeWorkspaceBundles", new { Owner = "AMAZON" })).Ok()["Bundles"]!.AsArray()
                .First(x => S(x!["ComputeType"]!["Name"]) == "VALUE" && x["WorkspaceProperties"]?["Protocols"]?.AsArray().Any(p => S(p) == "WSP") != true)!["BundleId"]);

            var created = (await wire.JsonAsync("workspaces", "CreateWorkspaces", new
            {
                Workspaces = new[] { new { DirectoryId = directoryId, UserName = "jdoe", BundleId = bundleId, WorkspaceProperties = new { RunningMode = "AUTO_STOP" } } },
            })).Ok();
            workspaceId = S(created["PendingRequests"]![0]!["WorkspaceId"]);
            _workspaceIds.Add(workspaceId);
            var described = await WaitStateAsync(wire, workspaceId, "AVAILABLE");
            ipAddress = S(described["IpAddress"]);

            // eth1 carries the address DescribeWorkspaces and the ENI report; eth0 is the management network.
            var eni = (await wire.Ec2Async("DescribeNetworkInterfaces", ("Filter.1.Name", "private-ip-address"), ("Filter.1.Value.1", ipAddress))).Xml;
            eni.Descendants().Where(e => e.Name.LocalName == "subnetId").Select(e => e.Value).Should().Contain(S(described["SubnetId"]));
            var addresses = DockerTestSupport.Exec(workspaceId, "ip", "-o", "-4", "addr");
            addresses.Should().MatchRegex($@"eth1\s+inet {ipAddress.Replace(".", @"\.")}/25");
            addresses.Should().MatchRegex(@"eth0\s+inet 198\.19\.");

            // The streaming port answers on 127.0.0.1 with the desktop's banner.
            var view = await RuntimeViewAsync(emulator, workspaceId);
            S(view["runtime"]).Should().Be("docker", view.ToJsonString());
            view["streamingEndpoints"]!["PCOIP"].Should().NotBeNull(view.ToJsonString());
            (await DockerTestSupport.ReadBannerAsync(S(view["streamingEndpoints"]!["PCOIP"]))).Should().Contain(workspaceId);

            // A file in the user's home survives stop/start.
            DockerTestSupport.Exec(workspaceId, "sh", "-c", "echo kept > /home/jdoe/notes.txt");
            (await wire.JsonAsync("workspaces", "StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = workspaceId } } })).Ok();
            await WaitStateAsync(wire, workspaceId, "STOPPED");
            DockerTestSupport.Cli("inspect", "-f", "{{.State.Running}}", DockerNames.Container(workspaceId)).Stdout.Trim().Should().Be("false");
            (await wire.JsonAsync("workspaces", "StartWorkspaces", new { StartWorkspaceRequests = new[] { new { WorkspaceId = workspaceId } } })).Ok();
            await WaitStateAsync(wire, workspaceId, "AVAILABLE");
            DockerTestSupport.Exec(workspaceId, "cat", "/home/jdoe/notes.txt").Trim().Should().Be("kept");

            // Killed outside the emulator → UNHEALTHY; reboot heals it.
            DockerTestSupport.Cli("kill", DockerNames.Container(workspaceId)).Exit.Should().Be(0);
            await WaitStateAsync(wire, workspaceId, "UNHEALTHY", timeoutMs: 30_000);
            (await wire.JsonAsync("workspaces", "RebootWorkspaces", new { RebootWorkspaceRequests = new[] { new { WorkspaceId = workspaceId } } })).Ok()["FailedRequests"]!.AsArray().Should().BeEmpty();
            await WaitStateAsync(wire, workspaceId, "AVAILABLE");

            // A compute change reaches the container's limits (VALUE → STANDARD doubles the scaled memory).
            var memoryBefore = long.Parse(DockerTestSupport.Cli("inspect", "-f", "{{.HostConfig.Memory}}", DockerNames.Container(workspaceId)).Stdout.Trim());
            (await wire.JsonAsync("workspaces", "ModifyWorkspaceProperties", new { WorkspaceId = workspaceId, WorkspaceProperties = new { ComputeTypeName = "STANDARD" } })).Ok();
            await Eventually.WaitAsync(() => Task.FromResult(long.Parse(DockerTestSupport.Cli("inspect", "-f", "{{.HostConfig.Memory}}", DockerNames.Container(workspaceId)).Stdout.Trim())),
                memory => memory == memoryBefore * 2, "container memory limit follows the compute type", 30_000);
            // The modification settles with a reboot of the desktop; wait for it so the restart below adopts a quiet desktop.
            await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaces", new { WorkspaceIds = new[] { workspaceId } }),
                r => r.Json["Workspaces"]![0]!["ModificationStates"] is not JsonArray { Count: > 0 } && S(r.Json["Workspaces"]![0]!["State"]) == "AVAILABLE",
                "modification settled", 30_000);

            // An orphan: a labelled desktop of this emulator instance that no WorkSpace owns.
            var orphanOptions = DockerTestSupport.Options();
            orphanOptions.DesktopInstance = _instance;
            var orphan = DockerTestSupport.Spec(cidr: vpcCidr);
            orphanId = orphan.WorkspaceId;
            _workspaceIds.Add(orphanId);
            await DockerTestSupport.Runtime(orphanOptions).StartAsync(orphan with { SubnetId = "", SubnetCidr = "", IpAddress = "" }, CancellationToken.None);
        }

        var containerBefore = DockerTestSupport.Cli("inspect", "-f", "{{.Id}}", DockerNames.Container(workspaceId)).Stdout.Trim();
        await using (var restarted = NewEmulator())
        {
            var wire = restarted.Wire();
            (await WaitStateAsync(wire, workspaceId, "AVAILABLE"))["IpAddress"]!.GetValue<string>().Should().Be(ipAddress);
            await Eventually.WaitAsync(() => Task.FromResult(DockerTestSupport.Cli("inspect", DockerNames.Container(orphanId)).Exit), exit => exit != 0, "orphan removed");
            DockerTestSupport.Cli("inspect", "-f", "{{.Id}}", DockerNames.Container(workspaceId)).Stdout.Trim().Should().Be(containerBefore, "the desktop is adopted, not recreated");
            DockerTestSupport.Exec(workspaceId, "cat", "/home/jdoe/notes.txt").Trim().Should().Be("kept");

            (await wire.JsonAsync("workspaces", "TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = workspaceId } } })).Ok();
            await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaces", new { WorkspaceIds = new[] { workspaceId } }),
                r => r.Json["Workspaces"]!.AsArray().Count == 0, "terminated", 30_000);
            await Eventually.WaitAsync(() => Task.FromResult(DockerTestSupport.Cli("inspect", DockerNames.Container(workspaceId)).Exit), exit => exit != 0, "container removed");
            DockerTestSupport.Cli("volume", "ls", "-q", "--filter", $"label={DockerNames.LabelWorkspaceId}={workspaceId}").Stdout.Trim().Should().BeEmpty();
        }
    }

    private static async Task<JsonNode> WaitStateAsync(AwsWireClient wire, string workspaceId, string state, int timeoutMs = 60_000)
    {
        var r = await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaces", new { WorkspaceIds = new[] { workspaceId } }),
            r => r.Json["Workspaces"]!.AsArray().Count == 1 && S(r.Json["Workspaces"]![0]!["State"]) == state, $"{workspaceId} {state}", timeoutMs);
        return r.Json["Workspaces"]![0]!;
    }

    private static async Task<JsonNode> RuntimeViewAsync(EmulatorFactory emulator, string workspaceId) =>
        JsonNode.Parse(await emulator.CreateClient().GetStringAsync($"/_emulator/workspaces/{workspaceId}"))!;

    public void Dispose()
    {
        foreach (var id in _workspaceIds)
        {
            DockerTestSupport.Cli("rm", "-f", DockerNames.Container(id));
            DockerTestSupport.Cli("volume", "rm", "-f", DockerNames.UserVolume(id), DockerNames.SnapshotVolume(id));
        }
        foreach (var subnet in _subnetIds) DockerTestSupport.Cli("network", "rm", DockerNames.SubnetNetwork(subnet));
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }
}
