using System.Text.Json.Nodes;
using WorkSpacesEmulator.Desktops.Docker;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>A Simple AD's DNS forwards each remote domain of its conditional forwarders to that forwarder's DnsIpAddrs
/// only, and follows Create/Update/DeleteConditionalForwarder at run time without restarting its DC. The remote
/// domains' DNS servers are dnsmasq containers the test runs (the directory image has it) inside the VPC's subnets,
/// each answering only its own domain's SRV and A records; a client container on each subnet asks the directory's
/// DNS address there. A restarted emulator gives an adopted DC the record's forwarders again.</summary>
[Collection("docker-end-to-end")]
public sealed class DirectoryConditionalForwarderTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wse-fwd-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _instance = "fwd-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _servers = [];
    private readonly List<string> _subnetIds = [];

    private static string S(JsonNode? n) => n!.GetValue<string>();

    [SkippableFact]
    public async Task Each_remote_domain_resolves_through_its_own_forwarder_and_changes_apply_without_a_DC_restart()
    {
        DirectoryTestSupport.SkipWithoutImage();
        string directoryId;
        string[] dns, subnets;
        string eastIp, westIp;
        await using (var emulator = DirectoryTestSupport.Emulator(_dataDir, _instance))
        {
            var wire = emulator.Wire();
            var (vpcId, subnetIds) = DirectoryTestSupport.CreateVpc(emulator, _subnetIds);
            subnets = subnetIds;
            directoryId = S((await wire.JsonAsync("ds", "CreateDirectory", new
            {
                Name = "corp.example.com", ShortName = "CORP", Password = "Sup3rSecret!", Size = "Small",
                VpcSettings = new { VpcId = vpcId, SubnetIds = subnets },
            })).Ok()["DirectoryId"]);
            dns = (await DirectoryTestSupport.WaitStageAsync(wire, directoryId, "Active"))["DnsIpAddrs"]!.AsArray().Select(S).ToArray();
            var startedAt = StartedAt(directoryId);

            // The remote domains' DNS servers, one in each subnet (the "VPN" of a real set-up).
            eastIp = RemoteDns("east.example.com", subnets[0]);
            westIp = RemoteDns("west.example.com", subnets[1]);

            (await wire.JsonAsync("ds", "CreateConditionalForwarder", new { DirectoryId = directoryId, RemoteDomainName = "east.example.com", DnsIpAddrs = new[] { eastIp } })).Ok();
            // West first points at east's server, which does not serve west: nothing resolves until the update.
            (await wire.JsonAsync("ds", "CreateConditionalForwarder", new { DirectoryId = directoryId, RemoteDomainName = "west.example.com", DnsIpAddrs = new[] { eastIp } })).Ok();
            await ResolvesEverywhereAsync(dns, subnets, "east.example.com", eastIp, true);
            await ResolvesEverywhereAsync(dns, subnets, "west.example.com", westIp, false);
            (await wire.JsonAsync("ds", "UpdateConditionalForwarder", new { DirectoryId = directoryId, RemoteDomainName = "west.example.com", DnsIpAddrs = new[] { westIp } })).Ok();
            await ResolvesEverywhereAsync(dns, subnets, "west.example.com", westIp, true);
            await ResolvesEverywhereAsync(dns, subnets, "east.example.com", eastIp, true);
            // The directory's own zone is still the DC's own answer.
            Srv(subnets[0], dns[0], "corp.example.com").Should().Contain("has SRV record");

            // Deleted: west no longer resolves at either address, east still does.
            (await wire.JsonAsync("ds", "DeleteConditionalForwarder", new { DirectoryId = directoryId, RemoteDomainName = "west.example.com" })).Ok();
            await ResolvesEverywhereAsync(dns, subnets, "west.example.com", westIp, false);
            await ResolvesEverywhereAsync(dns, subnets, "east.example.com", eastIp, true);

            // All of it without restarting the DC.
            StartedAt(directoryId).Should().Be(startedAt, "conditional forwarders change at run time, samba keeps running");
            DockerTestSupport.Cli("inspect", "-f", "{{.RestartCount}}", DockerNames.DomainController(directoryId)).Stdout.Trim().Should().Be("0");

            // The DC loses its forwarders behind the emulator's back (its servers file emptied, dnsmasq told)...
            DirectoryTestSupport.DcExec(directoryId, "sh", "-c", $": > {WorkSpacesEmulator.Directories.DomainControllerLifecycle.ForwardersFile} && kill -HUP \"$(cat /run/dnsmasq.pid)\"")
                .Exit.Should().Be(0);
            await ResolvesEverywhereAsync(dns, subnets, "east.example.com", eastIp, false);
        }

        // ...and a restarted emulator, adopting the DC, gives them back from the record.
        await using (var emulator = DirectoryTestSupport.Emulator(_dataDir, _instance))
        {
            await DirectoryTestSupport.WaitStageAsync(emulator.Wire(), directoryId, "Active");
            await ResolvesEverywhereAsync(dns, subnets, "east.example.com", eastIp, true);
            await ResolvesEverywhereAsync(dns, subnets, "west.example.com", westIp, false);
            DirectoryTestSupport.DcExec(directoryId, "cat", WorkSpacesEmulator.Directories.DomainControllerLifecycle.ForwardersFile).Stdout.Trim()
                .Should().Be($"server=/east.example.com/{eastIp}");
        }
    }

    /// <summary>A dnsmasq DNS server for `domain` near the top of the subnet, answering only _ldap._tcp.&lt;domain&gt; and
    /// dc1.&lt;domain&gt; (anything else is refused); its address.</summary>
    private string RemoteDns(string domain, string subnetId)
    {
        var network = DockerNames.SubnetNetwork(subnetId);
        var cidr = DockerTestSupport.Cli("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", network).Stdout.Trim();
        Ipv4Cidr.TryParse(cidr, out var block).Should().BeTrue(cidr);
        var ip = Ipv4Cidr.ToAddress(block.Network + 120).ToString();
        var name = $"wse-test-fwd-{domain.Split('.')[0]}-{_suffix}";
        _servers.Add(name);
        var run = DockerTestSupport.Cli("run", "-d", "--name", name, "--network", network, "--ip", ip, "--label", "workspaces-emulator.test=dns-forwarder",
            "--entrypoint", "dnsmasq", DirectoryTestSupport.Image, "-k", "--no-resolv", "--no-hosts", "--user=root",
            $"--srv-host=_ldap._tcp.{domain},dc1.{domain},389", $"--host-record=dc1.{domain},{ip}");
        run.Exit.Should().Be(0, run.Stderr);
        return ip;
    }

    private static string Srv(string subnetId, string dnsIp, string domain)
    {
        var r = DirectoryTestSupport.Client(DockerNames.SubnetNetwork(subnetId), "host", "-W", "3", "-t", "SRV", $"_ldap._tcp.{domain}", dnsIp);
        return r.Stdout + r.Stderr;
    }

    /// <summary>Waits until _ldap._tcp.&lt;domain&gt; does (or no longer does) resolve to the remote server's record at
    /// each of the directory's DNS addresses, asked from a client on that address's subnet.</summary>
    private static async Task ResolvesEverywhereAsync(string[] dns, string[] subnets, string domain, string serverIp, bool resolves)
    {
        for (var i = 0; i < dns.Length; i++)
        {
            var (subnet, ip) = (subnets[i], dns[i]);
            await Eventually.WaitAsync(() => Task.FromResult(Srv(subnet, ip, domain)),
                output => output.Contains($"has SRV record 0 0 389 dc1.{domain}.", StringComparison.Ordinal) == resolves,
                $"_ldap._tcp.{domain} {(resolves ? "resolves" : "does not resolve")} at {ip} (forwarder {serverIp})", 30_000);
        }
    }

    private static string StartedAt(string directoryId) =>
        DockerTestSupport.Cli("inspect", "-f", "{{.State.StartedAt}}", DockerNames.DomainController(directoryId)).Stdout.Trim();

    public void Dispose()
    {
        foreach (var server in _servers) DockerTestSupport.Cli("rm", "-f", server);
        DirectoryTestSupport.CleanUp(_instance, _subnetIds);
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }
}
