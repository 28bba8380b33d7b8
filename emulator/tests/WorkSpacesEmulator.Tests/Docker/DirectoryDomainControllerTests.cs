using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Desktops.Docker;
using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>Simple AD and Microsoft AD backed by real Samba AD DC containers (the directory image), driven through the
/// API against a real engine: Active only once the DC answers; DNS and LDAP at both DnsIpAddrs; the DC is the source
/// of truth for ds-data and ResetUserPassword (both ways with samba-tool); WorkSpaces join the domain; a restarted
/// emulator adopts its DC and removes an orphan one.</summary>
[Collection("docker-end-to-end")]
public sealed class DirectoryDomainControllerTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wse-dc-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _instance = "dc-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _subnetIds = [];

    private static string S(JsonNode? n) => n!.GetValue<string>();

    [SkippableFact]
    public async Task Simple_AD_is_a_live_domain_controller_that_WorkSpaces_join_and_a_restart_adopts()
    {
        DirectoryTestSupport.SkipWithoutImage();
        const string domain = "corp.example.com", password = "Sup3rSecret!";
        string directoryId, workspaceId, computerName;
        string[] dns, subnets;
        await using (var emulator = DirectoryTestSupport.Emulator(_dataDir, _instance))
        {
            // Opt-in: the DC's LDAP also on a 127.0.0.1 port, for host tools.
            emulator.Settings["EMULATOR_DIRECTORY_PUBLISH_LDAP"] = "true";
            var wire = emulator.Wire();
            var health = JsonNode.Parse(await emulator.CreateClient().GetStringAsync("/_emulator/health"))!;
            health["directoryRuntime"]!["dcBacked"]!.GetValue<bool>().Should().BeTrue(health.ToJsonString());

            var (vpcId, subnetIds) = DirectoryTestSupport.CreateVpc(emulator, _subnetIds);
            subnets = subnetIds;
            directoryId = S((await wire.JsonAsync("ds", "CreateDirectory", new
            {
                Name = domain, ShortName = "CORP", Password = password, Size = "Small",
                VpcSettings = new { VpcId = vpcId, SubnetIds = subnets },
            })).Ok()["DirectoryId"]);
            // Not Active before the DC answers: right after the request it is still being provisioned.
            var early = (await wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { directoryId } })).Ok()["DirectoryDescriptions"]![0]!;
            S(early["Stage"]).Should().BeOneOf("Requested", "Creating");
            var active = await DirectoryTestSupport.WaitStageAsync(wire, directoryId, "Active");
            DirectoryTestSupport.DcExec(directoryId, "test", "-f", "/run/dc-ready").Exit.Should().Be(0, "Active only once the DC is ready");
            dns = active["DnsIpAddrs"]!.AsArray().Select(S).ToArray();
            dns.Should().HaveCount(2);

            // The DC sits on both subnet networks at exactly the DnsIpAddrs.
            var addresses = DirectoryTestSupport.DcExec(directoryId, "ip", "-o", "-4", "addr").Stdout;
            foreach (var ip in dns) addresses.Should().Contain($"inet {ip}/25");

            // At each DNS address, from a client on that subnet: the domain's SRV records, the domain's and the DC's A
            // records at both DnsIpAddrs (written before the DC first started), and LDAP binds.
            var host = $"{WorkSpacesEmulator.Directories.Docker.DockerDomainControllers.HostName(directoryId)}.{domain}";
            for (var i = 0; i < 2; i++)
            {
                var net = DockerNames.SubnetNetwork(subnets[i]);
                var srv = DirectoryTestSupport.Client(net, "host", "-t", "SRV", $"_ldap._tcp.{domain}", dns[i]);
                srv.Stdout.Should().Contain("has SRV record", srv.Stderr);
                foreach (var name in new[] { domain, host })
                {
                    var a = DirectoryTestSupport.Client(net, "host", "-t", "A", name, dns[i]);
                    foreach (var ip in dns) a.Stdout.Should().Contain($"{name} has address {ip}", a.Stderr);
                }
                DirectoryTestSupport.Ldapsearch(net, dns[i], $"Administrator@{domain}", password, "DC=corp,DC=example,DC=com", "(sAMAccountName=Administrator)", "dn")
                    .Stdout.Should().Contain("CN=Administrator,CN=Users,DC=corp,DC=example,DC=com");
                var wrong = DirectoryTestSupport.Ldapsearch(net, dns[i], $"Administrator@{domain}", "Wrong-pass1", "", "(objectClass=*)");
                wrong.Exit.Should().Be(49, "a wrong password fails the bind: " + wrong.Stderr);
            }

            // LDAPS with the DC's own self-signed CA: its host certificate is for the DC's name.
            var ldaps = DirectoryTestSupport.DcExec(directoryId, "env", "LDAPTLS_CACERT=/var/lib/samba/private/tls/ca.pem", "ldapsearch", "-x", "-LLL",
                "-H", $"ldaps://{host}", "-D", $"Administrator@{domain}", "-w", password, "-b", "", "-s", "base", "dnsHostName");
            ldaps.Stdout.Should().ContainEquivalentOf("dnsHostName: " + host, ldaps.Stderr);

            // The same tools as on premises, from a container on the VPC network: samba-tool over LDAP, and Kerberos.
            var vpcNet = DockerNames.SubnetNetwork(subnets[1]);
            DirectoryTestSupport.Client(vpcNet, "samba-tool", "user", "list", "-H", $"ldap://{dns[1]}", "-W", "CORP", $"-UAdministrator%{password}")
                .Stdout.Should().Contain("Administrator");
            var kinit = DirectoryTestSupport.Client(vpcNet, "sh", "-c",
                $"printf '[libdefaults]\n default_realm = CORP.EXAMPLE.COM\n[realms]\n CORP.EXAMPLE.COM = {{\n  kdc = {dns[1]}\n }}\n' > /tmp/krb5.conf && " +
                $"echo '{password}' | KRB5_CONFIG=/tmp/krb5.conf kinit Administrator@CORP.EXAMPLE.COM && KRB5_CONFIG=/tmp/krb5.conf klist");
            kinit.Stdout.Should().Contain("krbtgt/CORP.EXAMPLE.COM@CORP.EXAMPLE.COM", kinit.Stderr);
            // The runtime view names the published port; a host tool binds there.
            var view = JsonNode.Parse(await emulator.CreateClient().GetStringAsync($"/_emulator/directories/{directoryId}"))!;
            var published = S(view["publishedLdap"]);
            published.Should().StartWith("127.0.0.1:");
            using (LdapSession.Bind(published, $"Administrator@{domain}", password)) { }

            // ds-data → DC: a user created with ds-data is in samba-tool's directory...
            (await wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={directoryId}", new { SAMAccountName = "alice", GivenName = "Alice", EmailAddress = "alice@corp.example.com" })).Ok();
            DirectoryTestSupport.DcExec(directoryId, "samba-tool", "user", "show", "alice").Stdout.Should().Contain("givenName: Alice");
            // ...and ResetUserPassword sets its real password: it binds over LDAP afterwards.
            (await wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = directoryId, UserName = "alice", NewPassword = "Alic3-Passw0rd!" })).Ok();
            DirectoryTestSupport.Ldapsearch(DockerNames.SubnetNetwork(subnets[0]), dns[0], $"alice@{domain}", "Alic3-Passw0rd!", "", "(objectClass=*)", "-s", "base").Exit.Should().Be(0);
            var described = (await wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={directoryId}", new { SAMAccountName = "alice" })).Ok();
            described["Enabled"]!.GetValue<bool>().Should().BeTrue();
            S(described["SID"]).Should().StartWith("S-1-5-21-");
            // DC → ds-data: a user created with samba-tool shows up in ListUsers, and ds-data changes reach it.
            DirectoryTestSupport.DcExec(directoryId, "samba-tool", "user", "create", "bob", "B0b-Passw0rd!", "--given-name=Bob").Exit.Should().Be(0);
            var listed = (await wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={directoryId}", new { })).Ok()["Users"]!.AsArray();
            listed.Select(u => S(u!["SAMAccountName"])).Should().Contain(["Administrator", "alice", "bob"]);
            (await wire.RestJsonAsync($"/Users/DisableUser?DirectoryId={directoryId}", new { SAMAccountName = "bob" })).Ok();
            DirectoryTestSupport.DcExec(directoryId, "samba-tool", "user", "show", "bob", "--attributes=userAccountControl").Stdout.Should().Contain("userAccountControl: 514");

            // The end-user authenticator binds against the DC.
            var authenticator = emulator.Services.GetRequiredService<IDirectoryAuthenticator>();
            var record = emulator.Services.GetRequiredService<Store>().Table<DirectoryRecord>(ResourceKinds.Directories).Get("000000000000/us-east-1", directoryId)!;
            (await authenticator.AuthenticateAsync(record, @"CORP\alice", "Alic3-Passw0rd!", CancellationToken.None)).Outcome.Should().Be(DirectoryAuthOutcome.Success);
            (await authenticator.AuthenticateAsync(record, "alice@corp.example.com", "nope-Nope1", CancellationToken.None)).Outcome.Should().Be(DirectoryAuthOutcome.InvalidCredentials);
            (await authenticator.AuthenticateAsync(record, "bob", "B0b-Passw0rd!", CancellationToken.None)).Outcome.Should().Be(DirectoryAuthOutcome.Disabled);
            (await authenticator.AuthenticateAsync(record, "nobody", "x-Passw0rd!", CancellationToken.None)).Outcome.Should().Be(DirectoryAuthOutcome.UnknownUser);

            // A WorkSpace: the user is looked up in the DC (an unknown one fails per item); the desktop resolves through the DCs.
            (await wire.JsonAsync("workspaces", "RegisterWorkspaceDirectory", new { DirectoryId = directoryId })).Ok();
            await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaceDirectories", new { DirectoryIds = new[] { directoryId } }),
                r => S(r.Json["Directories"]![0]!["State"]) == "REGISTERED", "directory REGISTERED");
            var bundleId = S((await wire.JsonAsync("workspaces", "DescribeWorkspaceBundles", new { Owner = "AMAZON" })).Ok()["Bundles"]!.AsArray()
                .First(x => S(x!["ComputeType"]!["Name"]) == "VALUE")!["BundleId"]);
            var created = (await wire.JsonAsync("workspaces", "CreateWorkspaces", new
            {
                Workspaces = new[]
                {
                    new { DirectoryId = directoryId, UserName = "alice", BundleId = bundleId },
                    new { DirectoryId = directoryId, UserName = "carol", BundleId = bundleId },
                },
            })).Ok();
            created["FailedRequests"]!.AsArray().Select(f => S(f!["ErrorCode"])).Should().Equal("ResourceNotFound.User");
            workspaceId = S(created["PendingRequests"]![0]!["WorkspaceId"]);
            var ws = (await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaces", new { WorkspaceIds = new[] { workspaceId } }),
                r => S(r.Json["Workspaces"]![0]!["State"]) == "AVAILABLE", "WorkSpace AVAILABLE", 90_000)).Json["Workspaces"]![0]!;
            var subnetIndex = Array.IndexOf(subnets, S(ws["SubnetId"]));
            // The WorkSpace joined the domain: its computer object, named by ComputerName, in the default computers container.
            computerName = S(ws["ComputerName"]);
            await Eventually.WaitAsync(() => Task.FromResult(DirectoryTestSupport.DcExec(directoryId, "samba-tool", "computer", "list").Stdout),
                list => list.Contains(computerName.ToUpperInvariant() + "$"), "computer object created", 30_000);
            DirectoryTestSupport.DcExec(directoryId, "samba-tool", "computer", "show", computerName).Stdout.Should().Contain($"CN={computerName},CN=Computers,DC=corp");
            var lookup = DockerTestSupport.Exec(workspaceId, "nslookup", "-type=SRV", $"_ldap._tcp.{domain}");
            lookup.Should().Contain("389", "the desktop resolves the domain through the directory's DNS");
            DirectoryTestSupport.Ldapsearch("container:" + DockerNames.Container(workspaceId), dns[subnetIndex], $"alice@{domain}", "Alic3-Passw0rd!", "", "(objectClass=*)", "-s", "base")
                .Exit.Should().Be(0, "LDAP binds from inside the desktop");

            // An orphan DC of this instance (its directory does not exist) for the restart below.
            DockerTestSupport.Cli("run", "-d", "--name", $"wse-d-0000000000-dc-{_instance}", "--label", $"{DockerNames.LabelManaged}=true",
                "--label", $"{DockerNames.LabelInstance}={_instance}", "--label", $"{DockerNames.LabelRole}={DockerNames.RoleDomainController}",
                "--label", $"{DockerNames.LabelDirectoryId}=d-0000000000", "--network", "none", "--entrypoint", "sleep", DirectoryTestSupport.Image, "600").Exit.Should().Be(0);
        }

        var dcBefore = DockerTestSupport.Cli("inspect", "-f", "{{.Id}}", DockerNames.DomainController(directoryId)).Stdout.Trim();
        await using (var restarted = DirectoryTestSupport.Emulator(_dataDir, _instance))
        {
            var wire = restarted.Wire();
            await Eventually.WaitAsync(() => Task.FromResult(DockerTestSupport.Cli("inspect", $"wse-d-0000000000-dc-{_instance}").Exit), exit => exit != 0, "orphan DC removed", 30_000);
            DockerTestSupport.Cli("inspect", "-f", "{{.Id}}", DockerNames.DomainController(directoryId)).Stdout.Trim().Should().Be(dcBefore, "the DC is adopted, not recreated");
            (await wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={directoryId}", new { SAMAccountName = "bob" })).Ok()["Enabled"]!.GetValue<bool>().Should().BeFalse();

            (await wire.JsonAsync("workspaces", "TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = workspaceId } } })).Ok();
            await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaces", new { WorkspaceIds = new[] { workspaceId } }),
                r => r.Json["Workspaces"]!.AsArray().Count == 0, "terminated", 60_000);
            DirectoryTestSupport.DcExec(directoryId, "samba-tool", "computer", "list").Stdout.Should().NotContain(computerName.ToUpperInvariant() + "$", "terminate removes the computer object");
            (await wire.JsonAsync("workspaces", "DeregisterWorkspaceDirectory", new { DirectoryId = directoryId })).Ok();
            await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaceDirectories", new { DirectoryIds = new[] { directoryId } }),
                r => r.Json["Directories"]!.AsArray().Count == 0, "deregistered", 30_000);
            (await wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = directoryId })).Ok();
            await Eventually.WaitAsync(() => Task.FromResult(DockerTestSupport.Cli("inspect", DockerNames.DomainController(directoryId)).Exit), exit => exit != 0, "DC removed", 60_000);
            DockerTestSupport.Cli("volume", "ls", "-q", "--filter", $"label={DockerNames.LabelDirectoryId}={directoryId}").Stdout.Trim().Should().BeEmpty();
        }
    }

    public void Dispose()
    {
        DirectoryTestSupport.CleanUp(_instance, _subnetIds);
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }
}
