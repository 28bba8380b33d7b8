using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Desktops.Docker;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>VPC routing with the real engine: two WorkSpaces of one directory in different subnets of one VPC reach
/// each other through the VPC's router (base + 1 of each subnet); a WorkSpace of another VPC is unreachable.</summary>
[Collection("docker-end-to-end")]
public sealed class VpcRoutingDockerTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wse-strict-vpc-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _instance = "strict-vpc-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _workspaceIds = [];
    private readonly List<string> _subnetIds = [];
    private readonly List<string> _vpcIds = [];

    private static string S(JsonNode? n) => n!.GetValue<string>();

    [SkippableFact]
    public async Task Subnets_of_one_VPC_reach_each_other_and_other_VPCs_stay_apart()
    {
        DockerTestSupport.SkipWithoutEngine();
        await using var emulator = new EmulatorFactory();
        emulator.Settings["EMULATOR_DESKTOP_RUNTIME"] = "docker";
        emulator.Settings["EMULATOR_DATA_DIR"] = _dataDir;
        emulator.Settings["EMULATOR_DESKTOP_INSTANCE"] = _instance;
        emulator.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.2";
        // This test is about routing between desktops: its directories stay records (DC tests cover real ones).
        emulator.Settings["EMULATOR_DIRECTORY_RUNTIME"] = "simulated";
        var wire = emulator.Wire();
        var network = emulator.Services.GetRequiredService<Ec2Network>();
        var ctx = new RequestContext("000000000000", "us-east-1", "t", "ec2", "x");

        async Task<(string Directory, string[] Subnets)> VpcWithDirectoryAsync(string cidr, string domain)
        {
            Ipv4Cidr.TryParse(cidr, out var block);
            var vpc = network.CreateVpc(ctx, cidr, "default", []);
            _vpcIds.Add(vpc.Id);
            var a = network.CreateSubnet(ctx, vpc.Id, new Ipv4Cidr(block.Network, 25).ToString(), "us-east-1a", null, []);
            var b = network.CreateSubnet(ctx, vpc.Id, new Ipv4Cidr(block.Network + 128, 25).ToString(), "us-east-1b", null, []);
            _subnetIds.AddRange([a.Id, b.Id]);
            var directoryId = S((await wire.JsonAsync("ds", "CreateDirectory", new
            {
                Name = domain, Password = "Sup3rSecret!", Size = "Small", VpcSettings = new { VpcId = vpc.Id, SubnetIds = new[] { a.Id, b.Id } },
            })).Ok()["DirectoryId"]);
            await Eventually.WaitAsync(() => wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { directoryId } }),
                r => S(r.Json["DirectoryDescriptions"]![0]!["Stage"]) == "Active", "directory Active");
            foreach (var user in new[] { "u1", "u2" })
                (await wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={directoryId}", new { SAMAccountName = user })).Ok();
            (await wire.JsonAsync("workspaces", "RegisterWorkspaceDirectory", new { DirectoryId = directoryId })).Ok();
            await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaceDirectories", new { DirectoryIds = new[] { directoryId } }),
                r => S(r.Json["Directories"]![0]!["State"]) == "REGISTERED", "directory REGISTERED");
            return (directoryId, [a.Id, b.Id]);
        }

        var first = DockerTestSupport.FreeCidr();
        string second;
        do second = DockerTestSupport.FreeCidr(); while (second == first);
        var (dir1, subnets1) = await VpcWithDirectoryAsync(first, "one.example.com");
        var (dir2, _) = await VpcWithDirectoryAsync(second, "two.example.com");

        var bundleId = S((await wire.JsonAsync("workspaces", "DescribeWorkspaceBundles", new { Owner = "AMAZON" })).Ok()["Bundles"]!.AsArray()
            .First(x => S(x!["ComputeType"]!["Name"]) == "VALUE")!["BundleId"]);
        var created = (await wire.JsonAsync("workspaces", "CreateWorkspaces", new
        {
            Workspaces = new[]
            {
                new { DirectoryId = dir1, UserName = "u1", BundleId = bundleId },
                new { DirectoryId = dir1, UserName = "u2", BundleId = bundleId },
                new { DirectoryId = dir2, UserName = "u1", BundleId = bundleId },
            },
        })).Ok();
        var ids = created["PendingRequests"]!.AsArray().Select(p => S(p!["WorkspaceId"])).ToList();
        _workspaceIds.AddRange(ids);
        var described = new List<JsonNode>();
        foreach (var id in ids)
        {
            var r = await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaces", new { WorkspaceIds = new[] { id } }),
                r => S(r.Json["Workspaces"]![0]!["State"]) == "AVAILABLE", $"{id} AVAILABLE", 90_000);
            described.Add(r.Json["Workspaces"]![0]!);
        }
        // The two WorkSpaces of the first directory are spread over its two subnets.
        described.Take(2).Select(w => S(w["SubnetId"])).Should().BeEquivalentTo(subnets1);

        var (one, two, other) = (ids[0], ids[1], ids[2]);
        // The WorkSpaces' security group (the directory's _workspacesMembers group) admits nothing yet: enforced on eth1.
        var membersGroup = S((await wire.JsonAsync("workspaces", "DescribeWorkspaceDirectories", new { DirectoryIds = new[] { dir1 } }))
            .Ok()["Directories"]![0]!["WorkspaceSecurityGroupId"]);
        DockerTestSupport.Cli("exec", DockerNames.Container(one), "ping", "-c", "2", "-W", "1", S(described[1]["IpAddress"]))
            .Stdout.Should().NotContain("bytes from", "the security group has no ingress rule yet");
        DockerTestSupport.Exec(two, "iptables", "-S", SecurityGroupFirewall.Chain).Should().Contain("-j DROP");
        (await wire.Ec2Async("AuthorizeSecurityGroupIngress", ("GroupId", membersGroup), ("IpPermissions.1.IpProtocol", "icmp"),
            ("IpPermissions.1.FromPort", "-1"), ("IpPermissions.1.ToPort", "-1"), ("IpPermissions.1.IpRanges.1.CidrIp", first))).Status.Should().Be(200);
        // The lifecycle looks at the rules with every health check (2 s).
        var ping = DockerTestSupport.Cli("exec", DockerNames.Container(one), "ping", "-c", "3", "-W", "2", S(described[1]["IpAddress"]));
        for (var attempt = 0; attempt < 20 && !(ping.Exit == 0 && ping.Stdout.Contains(" 0% packet loss")); attempt++)
        {
            await Task.Delay(500);
            ping = DockerTestSupport.Cli("exec", DockerNames.Container(one), "ping", "-c", "3", "-W", "2", S(described[1]["IpAddress"]));
        }
        ping.Exit.Should().Be(0, $"another subnet of the same VPC is reachable once ICMP is authorized: {ping.Stdout} {ping.Stderr}\nroutes: {DockerTestSupport.Exec(one, "ip", "route")}"
            + $"\nrules of {two}: {DockerTestSupport.Cli("exec", DockerNames.Container(two), "iptables", "-S").Stdout}");
        ping.Stdout.Should().Contain(" 0% packet loss");
        DockerTestSupport.Cli("exec", DockerNames.Container(two), "ping", "-c", "1", "-W", "2", S(described[0]["IpAddress"])).Exit.Should().Be(0);
        var isolated = DockerTestSupport.Cli("exec", DockerNames.Container(one), "ping", "-c", "2", "-W", "1", S(described[2]["IpAddress"]));
        var why = $"another VPC is not reachable: {isolated.Stdout} {isolated.Stderr}\nroute: {DockerTestSupport.Cli("exec", DockerNames.Container(one), "ip", "route", "get", S(described[2]["IpAddress"])).Stderr}"
            + $"\nroutes: {DockerTestSupport.Exec(one, "ip", "route")}";
        isolated.Exit.Should().NotBe(0, why);
        isolated.Stdout.Should().NotContain("bytes from", why);
        var routes = DockerTestSupport.Exec(one, "ip", "route");
        routes.Should().Contain($"{first} via ");
        routes.Should().Contain("blackhole 10.0.0.0/8", "private addresses outside the VPC go nowhere");
    }

    public void Dispose()
    {
        foreach (var id in _workspaceIds)
        {
            DockerTestSupport.Cli("rm", "-f", DockerNames.Container(id));
            DockerTestSupport.Cli("volume", "rm", "-f", DockerNames.UserVolume(id), DockerNames.SnapshotVolume(id));
        }
        foreach (var vpc in _vpcIds) DockerTestSupport.Cli("rm", "-f", VpcRouters.Name(vpc));
        foreach (var subnet in _subnetIds) DockerTestSupport.Cli("network", "rm", DockerNames.SubnetNetwork(subnet));
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }
}
