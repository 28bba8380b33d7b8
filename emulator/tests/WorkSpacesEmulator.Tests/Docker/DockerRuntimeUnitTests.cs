using WorkSpacesEmulator.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Desktops.Docker;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>The Docker runtime's pure parts, and its behaviour when no engine answers; these need no engine.</summary>
public sealed class DockerRuntimeUnitTests
{
    [Theory]
    [InlineData("VALUE", 0.1, 128)]          // 1 vCPU × 0.0625 is below the 0.1 CPU floor
    [InlineData("STANDARD", 0.125, 256)]
    [InlineData("PERFORMANCE", 0.125, 512)]
    [InlineData("POWER", 0.25, 1024)]
    [InlineData("POWERPRO", 0.5, 2048)]
    [InlineData("GENERALPURPOSE_8XLARGE", 2, 8192)]
    [InlineData("GRAPHICS_G6_16XLARGE", 2, 16384)] // 4 CPUs after scaling, capped at the engine's 2
    [InlineData("NO_SUCH_TYPE", 0.125, 256)]  // unknown → STANDARD
    public void Compute_types_map_to_scaled_limits(string computeType, double cpus, long mib)
    {
        var r = ComputeResources.For(computeType, 0.0625, hostCpus: 2);
        r.Cpus.Should().Be(cpus);
        r.MemoryMiB.Should().Be(mib);
    }

    [Fact]
    public void Tiny_scales_hit_the_floors()
    {
        var r = ComputeResources.For("VALUE", 0.001, hostCpus: 8);
        r.Cpus.Should().Be(ComputeResources.MinimumCpus);
        r.MemoryBytes.Should().Be(ComputeResources.MinimumMemoryBytes);
    }

    [Fact]
    public void Host_routes_are_read_from_proc_net_route_format()
    {
        var routes = HostRoutes.Parse([
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
            "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
            "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
            "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
        ]);
        routes.Select(r => $"{r.Interface} {r.Destination}").Should().Equal("docker0 172.17.0.0/16", "eth0 192.0.2.0/24");
    }

    [Fact]
    public void Cidr_overlap_gateway_and_aws_reserved_addresses()
    {
        Ipv4Cidr.TryParse("10.0.1.0/24", out var a).Should().BeTrue();
        Ipv4Cidr.TryParse("10.0.0.0/16", out var b).Should().BeTrue();
        Ipv4Cidr.TryParse("10.1.0.0/16", out var c).Should().BeTrue();
        a.Overlaps(b).Should().BeTrue();
        b.Overlaps(a).Should().BeTrue();
        a.Overlaps(c).Should().BeFalse();
        a.Gateway.ToString().Should().Be("10.0.1.1");
        Ipv4Cidr.TryParseAddress("10.0.1.3", out var reserved);
        Ipv4Cidr.TryParseAddress("10.0.1.4", out var first);
        Ipv4Cidr.TryParseAddress("10.0.1.255", out var broadcast);
        a.IsAwsReserved(reserved).Should().BeTrue();
        a.IsAwsReserved(first).Should().BeFalse();
        a.IsAwsReserved(broadcast).Should().BeTrue();
        Ipv4Cidr.TryParse("10.0.1.7/24", out var hostBits).Should().BeTrue();
        hostBits.ToString().Should().Be("10.0.1.0/24");
        Ipv4Cidr.TryParse("10.0.1.0/33", out _).Should().BeFalse();
        Ipv4Cidr.TryParse("fd00::/64", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("jdoe", "jdoe")]
    [InlineData("john.doe@corp.example", "john.doe@corp.example")]
    [InlineData("a/b", "user")]
    [InlineData("..", "user")]
    [InlineData("", "user")]
    public void Home_directory_follows_the_agent_rules(string userName, string home) =>
        DockerNames.HomeUser(userName).Should().Be(home);

    [Fact]
    public void Host_name_is_a_valid_label()
    {
        DockerNames.HostName("WSAMZN-ABC_123 x", "ws-1").Should().Be("WSAMZN-ABC-123-x");
        DockerNames.HostName("___", "ws-1").Should().Be("ws-1");
        DockerNames.HostName(new string('a', 80), "ws-1").Should().HaveLength(63);
    }

    [Fact]
    public void Management_network_sorts_before_every_subnet_network()
    {
        // Docker 20.10 names interfaces in network-name order on every start: eth0 must be management.
        string.CompareOrdinal(DockerNames.ManagementNetwork, DockerNames.SubnetNetwork("subnet-00000000")).Should().BeNegative();
    }

    private static EmulatorOptions Unreachable() => new()
    {
        DockerSocket = "unix:///nonexistent/docker.sock",
        DesktopInstance = "test-unreachable",
    };

    [Fact]
    public async Task Unreachable_engine_is_reported_not_thrown_by_start_and_get()
    {
        using var runtime = new DockerDesktopRuntime(Unreachable(), NullLogger<DockerDesktopRuntime>.Instance, "test");
        var spec = new DesktopSpec("ws-unreach01", "000000000000", "us-east-1", "u", "C", "d-1", "wsb-1", "VALUE", ["PCOIP"],
            "subnet-1", "10.0.0.0/24", "10.0.0.4");
        var status = await runtime.StartAsync(spec, CancellationToken.None);
        status.Healthy.Should().BeFalse();
        status.Detail.Should().Contain("Docker engine unreachable at unix:///nonexistent/docker.sock");
        var got = await runtime.GetAsync(spec.WorkspaceId, CancellationToken.None);
        got.Should().NotBeNull("null would mean 'no desktop' and make the caller recreate it");
        got!.Detail.Should().Contain("unreachable");
        var stop = () => runtime.StopAsync(spec.WorkspaceId, CancellationToken.None);
        await stop.Should().ThrowAsync<InvalidOperationException>().WithMessage("*unreachable*");
    }

    [Theory]
    [InlineData("auto", "simulated", "simulated: no Docker engine answered at unix:///nonexistent/docker.sock")]
    [InlineData("docker", "docker", "docker: configured by EMULATOR_DESKTOP_RUNTIME=docker, but no Docker engine answered")]
    [InlineData("simulated", "simulated", "simulated: configured")]
    public void Factory_explains_its_choice_when_no_engine_answers(string mode, string name, string reason)
    {
        var options = Unreachable();
        options.DesktopRuntime = mode;
        using var services = new ServiceCollection()
            .AddSingleton(Options.Create(options))
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .BuildServiceProvider();
        var runtime = DesktopRuntimeFactory.Create(services);
        try
        {
            runtime.Name.Should().Be(name);
            runtime.Reason.Should().StartWith(reason);
        }
        finally
        {
            (runtime as IDisposable)?.Dispose();
        }
    }

    [SkippableFact]
    public void Factory_auto_picks_docker_when_the_engine_answers()
    {
        DockerTestSupport.SkipWithoutEngine();
        var options = new EmulatorOptions { DockerSocket = DockerTestSupport.Socket };
        using var services = new ServiceCollection()
            .AddSingleton(Options.Create(options))
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .BuildServiceProvider();
        using var runtime = (DockerDesktopRuntime)DesktopRuntimeFactory.Create(services);
        runtime.Reason.Should().MatchRegex(@"^docker: engine \S+ \(API [0-9.]+\) at unix:///var/run/docker.sock$");
    }
}
