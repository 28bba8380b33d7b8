using System.Text.Json.Nodes;
using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Directories.Docker;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>The parts of real directories that need no engine: sizes, SIDs, which stages the DC decides, what the
/// simulated runtime reports, and an AD Connector's failure reason for a DNS address that is not one.</summary>
public sealed class DomainControllerUnitTests
{
    [Theory]
    [InlineData("SimpleAD", "Small", null, 1, 384)]
    [InlineData("SimpleAD", "Large", null, 2, 768)]
    [InlineData("MicrosoftAD", null, "Standard", 1, 512)]
    [InlineData("MicrosoftAD", null, "Enterprise", 2, 1024)]
    public void Size_and_edition_map_to_container_limits(string type, string? size, string? edition, double cpus, long mib) =>
        DockerDomainControllers.Size(type, size, edition).Should().Be((cpus, mib));

    [Fact]
    public void The_DC_host_name_is_a_NetBIOS_name() =>
        DockerDomainControllers.HostName("d-90670a1b2c").Should().Be("dc90670a1b2c").And.HaveLength(12);

    [Fact]
    public void The_DC_decides_Creating_Restoring_and_Deleting_of_DC_backed_directories_only()
    {
        var now = DateTimeOffset.UnixEpoch;
        var d = new DirectoryRecord("d-0123456789", "000000000000/us-east-1", "corp.example.com", "CORP", null, DirectoryTypes.SimpleAD, "Small", null,
            "d-0123456789", "d-0123456789.awsapps.com", DirectoryStages.Creating, null, now, now, now, "vpc-1", ["subnet-a", "subnet-b"], ["a", "b"],
            null, ["10.0.0.10", "10.0.1.10"], [], null, null, null, false, 0, []);
        DomainControllerLifecycle.Decides(d).Should().BeFalse("a record-only directory follows the clock");
        var backed = d with { DcRuntime = "docker", DcServicePassword = "x" };
        foreach (var stage in new[] { DirectoryStages.Creating, DirectoryStages.Restoring, DirectoryStages.Deleting })
            DomainControllerLifecycle.Decides(backed with { Stage = stage }).Should().BeTrue(stage);
        DomainControllerLifecycle.Decides(backed with { Stage = DirectoryStages.Active }).Should().BeFalse();
        var connector = d with { Type = DirectoryTypes.ADConnector, CustomerDnsIps = ["10.9.9.9"], DcServicePassword = "pw" };
        DomainControllerLifecycle.Decides(connector).Should().BeTrue("a connected AD Connector is Active only once it binds");
        DomainControllers.Reaches(connector with { DcServicePassword = null }).Should().BeFalse("simulated connectors never connect");
    }

    [Fact]
    public async Task An_AD_Connector_DNS_address_that_is_not_an_address_fails_with_AWS_reason()
    {
        var (endpoint, failure) = await OnPremisesDirectory.ConnectAsync("corp.example.com", ["not-an-ip"], "Administrator", "pw", CancellationToken.None);
        endpoint.Should().BeNull();
        failure.Should().Be("Connectivity issues detected: DNS unavailable (TCP port 53) for IP: not-an-ip");
    }

    [Fact]
    public async Task The_simulated_runtime_says_directories_are_records_and_keeps_stored_hashes()
    {
        await using var emulator = new EmulatorFactory();
        var health = JsonNode.Parse(await emulator.CreateClient().GetStringAsync("/_emulator/health"))!;
        health["directoryRuntime"]!["dcBacked"]!.GetValue<bool>().Should().BeFalse();
        health["directoryRuntime"]!["name"]!.GetValue<string>().Should().Be("simulated");
        health["directoryRuntime"]!["reason"]!.GetValue<string>().Should().Contain("not Docker");
    }
}
