using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Desktops.Docker;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>Plumbing of the tests that run real domain controllers: the directory image, client containers of the same
/// image (ldapsearch, host, kinit, samba-tool) attached to a VPC subnet network or to a desktop's network namespace,
/// and waiting for a directory's stage. Traffic goes only to containers these tests create.</summary>
public static class DirectoryTestSupport
{
    /// <summary>The directory image (EMULATOR_DIRECTORY_IMAGE when set, e.g. to try a changed entrypoint).</summary>
    public static readonly string Image = Environment.GetEnvironmentVariable("EMULATOR_DIRECTORY_IMAGE") is { Length: > 0 } image
        ? image : "workspaces-emulator/directory:latest";

    /// <summary>Provisioning takes 11–40 s on two busy cores; leave room for several at once.</summary>
    public const int ActiveTimeoutMs = 240_000;

    public static void SkipWithoutImage()
    {
        DockerTestSupport.SkipWithoutEngine();
        Skip.IfNot(DockerTestSupport.Cli("image", "inspect", Image).Exit == 0,
            $"the directory image {Image} is missing; run docker/directory/build-offline.sh");
    }

    public static EmulatorFactory Emulator(string dataDir, string instance)
    {
        var factory = new EmulatorFactory();
        factory.Settings["EMULATOR_DESKTOP_RUNTIME"] = "docker";
        factory.Settings["EMULATOR_DIRECTORY_RUNTIME"] = "docker";
        factory.Settings["EMULATOR_DATA_DIR"] = dataDir;
        factory.Settings["EMULATOR_DESKTOP_INSTANCE"] = instance;
        factory.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.2";
        factory.Settings["EMULATOR_DIRECTORY_IMAGE"] = Image;
        return factory;
    }

    /// <summary>Runs a tool of the directory image in a throw-away container on `network` (a Docker network name or
    /// "container:&lt;name&gt;" to share a desktop's network namespace).</summary>
    public static (int Exit, string Stdout, string Stderr) Client(string network, params string[] command) =>
        DockerTestSupport.Cli(["run", "--rm", "--network", network, "--label", "workspaces-emulator.test=directory-client",
            "--entrypoint", command[0], Image, .. command[1..]]);

    public static (int Exit, string Stdout, string Stderr) Ldapsearch(string network, string ip, string bindDn, string password, string baseDn, string filter, params string[] attributes) =>
        Client(network, ["ldapsearch", "-x", "-LLL", "-o", "nettimeout=10", "-H", $"ldap://{ip}", "-D", bindDn, "-w", password, "-b", baseDn, filter, .. attributes]);

    public static (int Exit, string Stdout, string Stderr) DcExec(string directoryId, params string[] command) =>
        DockerTestSupport.Cli(["exec", DockerNames.DomainController(directoryId), .. command]);

    public static async Task<JsonNode> WaitStageAsync(AwsWireClient wire, string directoryId, string stage, int timeoutMs = ActiveTimeoutMs)
    {
        var r = await Eventually.WaitAsync(() => wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { directoryId } }),
            r => r.Json["DirectoryDescriptions"]?[0]?["Stage"]?.GetValue<string>() is { } s && (s == stage || s == "Failed"), $"{directoryId} {stage}", timeoutMs);
        var d = r.Json["DirectoryDescriptions"]![0]!;
        d["Stage"]!.GetValue<string>().Should().Be(stage, d.ToJsonString());
        return d;
    }

    /// <summary>A VPC with two /25 subnets in different AZs in a /24 that no host route or Docker network uses; the
    /// subnet ids are added to `subnetIds` for clean-up.</summary>
    public static (string VpcId, string[] Subnets) CreateVpc(EmulatorFactory emulator, List<string> subnetIds)
    {
        var cidr = DockerTestSupport.FreeCidr();
        Ipv4Cidr.TryParse(cidr, out var block);
        var network = emulator.Services.GetRequiredService<Ec2Network>();
        var ctx = new RequestContext("000000000000", "us-east-1", "t", "ec2", "x");
        var vpc = network.CreateVpc(ctx, cidr, "default", []);
        var a = network.CreateSubnet(ctx, vpc.Id, new Ipv4Cidr(block.Network, 25).ToString(), "us-east-1a", null, []);
        var b = network.CreateSubnet(ctx, vpc.Id, new Ipv4Cidr(block.Network + 128, 25).ToString(), "us-east-1b", null, []);
        subnetIds.AddRange([a.Id, b.Id]);
        return (vpc.Id, [a.Id, b.Id]);
    }

    /// <summary>Removes every container, volume and network of the test's emulator instance (labels, not names).</summary>
    public static void CleanUp(string instance, IEnumerable<string> subnetIds)
    {
        var label = $"label={DockerNames.LabelInstance}={instance}";
        var containers = DockerTestSupport.Cli("ps", "-aq", "--filter", label).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (containers.Length > 0) DockerTestSupport.Cli(["rm", "-f", .. containers]);
        var volumes = DockerTestSupport.Cli("volume", "ls", "-q", "--filter", label).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (volumes.Length > 0) DockerTestSupport.Cli(["volume", "rm", "-f", .. volumes]);
        foreach (var subnet in subnetIds) DockerTestSupport.Cli("network", "rm", DockerNames.SubnetNetwork(subnet));
    }
}
