using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>A Microsoft AD (its DC provisions Admin in the directory's own OU; snapshots restore the DC's data) and AD
/// Connectors to an "on-premises" DC that the test runs itself with the same image on its own Docker network: the
/// right credentials connect, a wrong password or a dead DNS address fails as AWS reports it, and the connector's
/// users authenticate against the on-premises directory.</summary>
[Collection("docker-end-to-end")]
public sealed class DirectoryConnectorTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wse-dcc-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _instance = "dcc-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _onPremName = "wse-test-onprem-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _subnetIds = [];

    private static string S(JsonNode? n) => n!.GetValue<string>();

    [SkippableFact]
    public async Task Microsoft_AD_and_AD_Connector_reach_real_domain_controllers()
    {
        DirectoryTestSupport.SkipWithoutImage();
        // The "on-premises" directory: the same image, on a network of its own, as the README shows.
        var onPremCidr = DockerTestSupport.FreeCidr();
        Ipv4Cidr.TryParse(onPremCidr, out var onPremBlock);
        var onPremIp = Ipv4Cidr.ToAddress(onPremBlock.Network + 10).ToString();
        var deadIp = Ipv4Cidr.ToAddress(onPremBlock.Network + 20).ToString();
        DockerTestSupport.Cli("network", "create", "--subnet", onPremCidr, "--label", "workspaces-emulator.test=onprem", _onPremName).Exit.Should().Be(0);
        DockerTestSupport.Cli("run", "-d", "--name", _onPremName, "--network", _onPremName, "--ip", onPremIp, "--hostname", "onpremdc1",
            "-e", "DC_REALM=onprem.example.com", "-e", "DC_DOMAIN=ONPREM", "-e", "DC_ADMIN_PASSWORD=0nPrem-Secret!", DirectoryTestSupport.Image).Exit.Should().Be(0);

        await using var emulator = DirectoryTestSupport.Emulator(_dataDir, _instance);
        var wire = emulator.Wire();
        var (vpcId, subnets) = DirectoryTestSupport.CreateVpc(emulator, _subnetIds);
        var vpcSettings = new { VpcId = vpcId, SubnetIds = subnets };

        var msId = S((await wire.JsonAsync("ds", "CreateMicrosoftAD", new
        {
            Name = "ms.example.com", ShortName = "MSCORP", Password = "Micr0soft-AD!", Edition = "Standard", VpcSettings = vpcSettings,
        })).Ok()["DirectoryId"]);

        await Eventually.WaitAsync(() => Task.FromResult(DockerTestSupport.Cli("exec", _onPremName, "test", "-f", "/run/dc-ready").Exit),
            exit => exit == 0, "on-premises DC ready", DirectoryTestSupport.ActiveTimeoutMs);
        DockerTestSupport.Cli("exec", _onPremName, "samba-tool", "user", "create", "dave", "D4ve-Passw0rd!").Exit.Should().Be(0);

        async Task<string> Connect(string dnsIp, string password) => S((await wire.JsonAsync("ds", "ConnectDirectory", new
        {
            Name = "onprem.example.com", ShortName = "ONPREM", Password = password, Size = "Small",
            ConnectSettings = new { VpcId = vpcId, SubnetIds = subnets, CustomerDnsIps = new[] { dnsIp }, CustomerUserName = "Administrator" },
        })).Ok()["DirectoryId"]);
        var good = await Connect(onPremIp, "0nPrem-Secret!");
        var badPassword = await Connect(onPremIp, "Wr0ng-Secret!");
        var deadDns = await Connect(deadIp, "0nPrem-Secret!");
        await DirectoryTestSupport.WaitStageAsync(wire, good, "Active", 60_000);
        S((await DirectoryTestSupport.WaitStageAsync(wire, badPassword, "Failed", 60_000))["StageReason"]).Should().StartWith("Invalid credentials");
        S((await DirectoryTestSupport.WaitStageAsync(wire, deadDns, "Failed", 60_000))["StageReason"]).Should().Contain($"DNS unavailable (TCP port 53) for IP: {deadIp}");

        // The connector's users are the on-premises directory's: looked up and authenticated there.
        var store = emulator.Services.GetRequiredService<Store>().Table<DirectoryRecord>(ResourceKinds.Directories);
        var authenticator = emulator.Services.GetRequiredService<IDirectoryAuthenticator>();
        var connector = store.Get("000000000000/us-east-1", good)!;
        (await authenticator.AuthenticateAsync(connector, @"ONPREM\dave", "D4ve-Passw0rd!", CancellationToken.None)).Outcome.Should().Be(DirectoryAuthOutcome.Success);
        (await authenticator.AuthenticateAsync(connector, "dave", "not-Dave-1", CancellationToken.None)).Outcome.Should().Be(DirectoryAuthOutcome.InvalidCredentials);
        (await authenticator.AuthenticateAsync(connector, "erin", "Er1n-Passw0rd!", CancellationToken.None)).Outcome.Should().Be(DirectoryAuthOutcome.UnknownUser);

        // Microsoft AD: Admin (AWS's name) is a Domain Admin in the directory's own OU, and ds-data creates users there.
        await DirectoryTestSupport.WaitStageAsync(wire, msId, "Active");
        var admin = DirectoryTestSupport.DcExec(msId, "samba-tool", "user", "show", "Admin").Stdout;
        admin.Should().Contain("CN=Admin,OU=Users,OU=MSCORP,DC=ms,DC=example,DC=com").And.Contain("memberOf: CN=Domain Admins");
        var msRecord = store.Get("000000000000/us-east-1", msId)!;
        (await authenticator.AuthenticateAsync(msRecord, "Admin", "Micr0soft-AD!", CancellationToken.None)).Outcome.Should().Be(DirectoryAuthOutcome.Success);
        (await wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={msId}", new { SAMAccountName = "frank" })).Ok();
        S((await wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={msId}", new { SAMAccountName = "frank" })).Ok()["DistinguishedName"])
            .Should().Be("CN=frank,OU=Users,OU=MSCORP,DC=ms,DC=example,DC=com");

        // A trust whose domain does not answer through its conditional forwarder fails with AWS's reason (a verified
        // trust between two real domains is DirectoryTrustTests').
        async Task<string> Trust(string remote, string forwarder) => S((await wire.JsonAsync("ds", "CreateTrust", new
        {
            DirectoryId = msId, RemoteDomainName = remote, TrustPassword = "Tru5t-Passw0rd!", TrustDirection = "Two-Way", TrustType = "Forest",
            ConditionalForwarderIpAddrs = new[] { forwarder },
        })).Ok()["TrustId"]);
        var unreachable = await Trust("gone.example.com", deadIp);
        async Task<JsonNode> Settled(string trustId) => (await Eventually.WaitAsync(() => wire.JsonAsync("ds", "DescribeTrusts", new { DirectoryId = msId, TrustIds = new[] { trustId } }),
            r => S(r.Json["Trusts"]![0]!["TrustState"]) is "Verified" or "Failed", $"trust {trustId} settled", 60_000)).Json["Trusts"]![0]!;
        var failed = await Settled(unreachable);
        S(failed["TrustState"]).Should().Be("Failed");
        S(failed["TrustStateReason"]).Should().Contain($"DNS unavailable (TCP port 53) for IP: {deadIp}");

        // A snapshot captures the DC's data; restoring it brings the domain back to that moment.
        var snapshotId = S((await wire.JsonAsync("ds", "CreateSnapshot", new { DirectoryId = msId, Name = "before-grace" })).Ok()["SnapshotId"]);
        await Eventually.WaitAsync(() => wire.JsonAsync("ds", "DescribeSnapshots", new { DirectoryId = msId, SnapshotIds = new[] { snapshotId } }),
            r => S(r.Json["Snapshots"]![0]!["Status"]) == "Completed", "snapshot Completed", 60_000);
        (await wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={msId}", new { SAMAccountName = "grace" })).Ok();
        DirectoryTestSupport.DcExec(msId, "samba-tool", "user", "show", "grace").Exit.Should().Be(0);
        (await wire.JsonAsync("ds", "RestoreFromSnapshot", new { SnapshotId = snapshotId })).Ok();
        await Eventually.WaitAsync(() => wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { msId } }),
            r => S(r.Json["DirectoryDescriptions"]![0]!["Stage"]) == "Restoring", "Restoring", 30_000);
        await DirectoryTestSupport.WaitStageAsync(wire, msId, "Active");
        DirectoryTestSupport.DcExec(msId, "samba-tool", "user", "show", "grace").Exit.Should().NotBe(0, "grace was created after the snapshot");
        DirectoryTestSupport.DcExec(msId, "samba-tool", "user", "show", "frank").Exit.Should().Be(0);
    }

    public void Dispose()
    {
        DockerTestSupport.Cli("rm", "-f", _onPremName);
        DockerTestSupport.Cli("network", "rm", _onPremName);
        DirectoryTestSupport.CleanUp(_instance, _subnetIds);
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }
}
