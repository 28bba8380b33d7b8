using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WorkSpacesEmulator.Desktops.Docker;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>A Managed Microsoft AD with a real two-way forest trust to an "on-premises" DC that the test runs (same
/// image, own network). Docker isolates bridge networks from each other, so the test links the on-premises DC into the
/// VPC's first subnet as well (the site-to-site VPN of a real set-up) and its DNS records name that address. The
/// on-premises administrator creates their side of the trust with samba-tool; CreateTrust creates the AWS side in the
/// directory's DC with the same password. Then a user of the on-premises realm gets a WorkSpace, signs in through the
/// trust, and is read with ds-data's Realm; an unknown remote user fails per item. Group memberships cross the trust
/// both ways (Realm and MemberRealm), on both real DCs.</summary>
[Collection("docker-end-to-end")]
public sealed class DirectoryTrustTests : IDisposable
{
    private const string TrustPassword = "Tru5t-Passw0rd!";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wse-trust-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _instance = "trust-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _onPremName = "wse-test-trust-onprem-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _subnetIds = [];

    private static string S(JsonNode? n) => n!.GetValue<string>();

    [SkippableFact]
    public async Task A_trusted_realm_user_gets_a_WorkSpace_signs_in_through_the_trust_and_is_read_with_ds_data()
    {
        DirectoryTestSupport.SkipWithoutImage();
        await using var emulator = DirectoryTestSupport.Emulator(_dataDir, _instance);
        var wire = emulator.Wire();
        var (vpcId, subnets) = DirectoryTestSupport.CreateVpc(emulator, _subnetIds);
        var msId = S((await wire.JsonAsync("ds", "CreateMicrosoftAD", new
        {
            Name = "ms.example.com", ShortName = "MSCORP", Password = "Micr0soft-AD!", Edition = "Standard",
            VpcSettings = new { VpcId = vpcId, SubnetIds = subnets },
        })).Ok()["DirectoryId"]);
        var msDns = (await wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { msId } })).Ok()["DirectoryDescriptions"]![0]!["DnsIpAddrs"]!
            .AsArray().Select(S).ToArray();

        // The on-premises DC: its own network, plus an address near the top of the VPC's first subnet (the "VPN").
        var onPremCidr = DockerTestSupport.FreeCidr();
        DockerTestSupport.Cli("network", "create", "--subnet", onPremCidr, "--label", "workspaces-emulator.test=trust-onprem", _onPremName).Exit.Should().Be(0);
        var subnetNetwork = DockerNames.SubnetNetwork(subnets[0]);
        await Eventually.WaitAsync(() => Task.FromResult(DockerTestSupport.Cli("network", "inspect", subnetNetwork).Exit), e => e == 0, "VPC subnet network", 60_000);
        var subnetCidr = DockerTestSupport.Cli("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", subnetNetwork).Stdout.Trim();
        Ipv4Cidr.TryParse(subnetCidr, out var subnetBlock);
        var onPremIp = Ipv4Cidr.ToAddress(subnetBlock.Network + 120).ToString();
        DockerTestSupport.Cli("create", "--name", _onPremName, "--network", _onPremName, "--hostname", "onpremdc1",
            "-e", "DC_REALM=onprem.example.com", "-e", "DC_DOMAIN=ONPREM", "-e", "DC_ADMIN_PASSWORD=0nPrem-Secret!", "-e", "DC_SERVER_SERVICES=default",
            "-e", "DC_HOST_IPS=" + onPremIp, "-e", "DC_DNS_FORWARDER=" + msDns[0], DirectoryTestSupport.Image).Exit.Should().Be(0);
        DockerTestSupport.Cli("network", "connect", "--ip", onPremIp, subnetNetwork, _onPremName).Exit.Should().Be(0);
        DockerTestSupport.Cli("start", _onPremName).Exit.Should().Be(0);
        await Eventually.WaitAsync(() => Task.FromResult(DockerTestSupport.Cli("exec", _onPremName, "test", "-f", "/run/dc-ready").Exit),
            exit => exit == 0, "on-premises DC ready", 2 * DirectoryTestSupport.ActiveTimeoutMs);
        DockerTestSupport.Cli("exec", _onPremName, "samba-tool", "user", "create", "dave", "D4ve-Passw0rd!", "--given-name=Dave", "--mail-address=dave@onprem.example.com").Exit.Should().Be(0);
        await DirectoryTestSupport.WaitStageAsync(wire, msId, "Active");

        // The on-premises side of the trust, as its administrator creates it: this domain only, with the trust password
        // (the AWS domain's identity is read anonymously, as Windows' New Trust wizard does).
        var onPremSide = DockerTestSupport.Cli("exec", "-e", "TP=" + TrustPassword, _onPremName, "sh", "-c",
            "printf '%s\\n%s\\n%s\\n%s\\n' \"$TP\" \"$TP\" \"$TP\" \"$TP\" | samba-tool domain trust create ms.example.com --type=forest --direction=both " +
            "--create-location=local --skip-validation --use-kerberos=off -U% --option='client ipc signing=off' --option='client signing=off' 2>&1");
        DockerTestSupport.Cli("exec", _onPremName, "samba-tool", "domain", "trust", "list").Stdout.Should().Contain("Name[ms.example.com]", onPremSide.Stdout);

        var trustId = S((await wire.JsonAsync("ds", "CreateTrust", new
        {
            DirectoryId = msId, RemoteDomainName = "onprem.example.com", TrustPassword, TrustDirection = "Two-Way", TrustType = "Forest",
            ConditionalForwarderIpAddrs = new[] { onPremIp },
        })).Ok()["TrustId"]);
        var trust = (await Eventually.WaitAsync(() => wire.JsonAsync("ds", "DescribeTrusts", new { DirectoryId = msId, TrustIds = new[] { trustId } }),
            r => S(r.Json["Trusts"]![0]!["TrustState"]) is "Verified" or "Failed", "trust settled", DirectoryTestSupport.ActiveTimeoutMs)).Json["Trusts"]![0]!;
        S(trust["TrustState"]).Should().Be("Verified", trust.ToJsonString());
        // The trust is a real one in the directory's DC.
        DirectoryTestSupport.DcExec(msId, "samba-tool", "domain", "trust", "list").Stdout.Should().Contain("Type[Forest]").And.Contain("Direction[BOTH]").And.Contain("Name[onprem.example.com]");

        // ds-data reads the trusted realm; a realm without a trust is refused.
        var described = (await wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={msId}", new { SAMAccountName = "dave", Realm = "ONPREM.example.com" })).Ok();
        S(described["Realm"]).Should().Be("onprem.example.com");
        S(described["DistinguishedName"]).Should().Be("CN=Dave,CN=Users,DC=onprem,DC=example,DC=com", "samba-tool names the entry after the given name");
        S(described["EmailAddress"]).Should().Be("dave@onprem.example.com");
        (await wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={msId}", new { Realm = "onprem.example.com" })).Ok()["Users"]!.AsArray()
            .Select(u => S(u!["SAMAccountName"])).Should().Contain("dave").And.NotContain("Admin");
        var refused = await wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={msId}", new { Realm = "elsewhere.example.com" });
        refused.Status.Should().Be(400, refused.Body);
        // Groups too: the trusted domain's own "Domain Users", read through the trust.
        var group = (await wire.RestJsonAsync($"/Groups/DescribeGroup?DirectoryId={msId}", new { SAMAccountName = "Domain Users", Realm = "onprem.example.com" })).Ok();
        S(group["Realm"]).Should().Be("onprem.example.com");
        S(group["DistinguishedName"]).Should().Be("CN=Domain Users,CN=Users,DC=onprem,DC=example,DC=com");
        S(group["SID"]).Should().StartWith("S-1-5-21-").And.EndWith("-513");
        S(group["GroupType"]).Should().Be("Security");
        var remoteGroups = (await wire.RestJsonAsync($"/Groups/ListGroups?DirectoryId={msId}", new { Realm = "onprem.example.com" })).Ok();
        S(remoteGroups["Realm"]).Should().Be("onprem.example.com");
        remoteGroups["Groups"]!.AsArray().Select(g => S(g!["SAMAccountName"])).Should().Contain("Domain Admins");
        (await wire.RestJsonAsync($"/Groups/SearchGroups?DirectoryId={msId}", new { Realm = "onprem.example.com", SearchString = "Domain Us", SearchAttributes = new[] { "sAMAccountName" } }))
            .Ok()["Groups"]!.AsArray().Select(g => S(g!["SAMAccountName"])).Should().Contain("Domain Users");

        await Memberships_cross_the_trust(wire, msId, S(described["SID"]));

        // A WorkSpace for the trusted user (REALM\user); an unknown remote user fails per item.
        (await wire.JsonAsync("workspaces", "RegisterWorkspaceDirectory", new { DirectoryId = msId })).Ok();
        var registered = await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaceDirectories", new { DirectoryIds = new[] { msId } }),
            r => S(r.Json["Directories"]![0]!["State"]) == "REGISTERED", "directory REGISTERED");
        var registrationCode = S(registered.Json["Directories"]![0]!["RegistrationCode"]);
        (await wire.JsonAsync("workspaces", "ModifyWorkspaceAccessProperties", new { ResourceId = msId, WorkspaceAccessProperties = new { DeviceTypeWeb = "ALLOW" } })).Ok();
        var bundleId = S((await wire.JsonAsync("workspaces", "DescribeWorkspaceBundles", new { Owner = "AMAZON" })).Ok()["Bundles"]!.AsArray()
            .First(x => S(x!["ComputeType"]!["Name"]) == "VALUE")!["BundleId"]);
        var created = (await wire.JsonAsync("workspaces", "CreateWorkspaces", new
        {
            Workspaces = new[]
            {
                new { DirectoryId = msId, UserName = @"ONPREM\dave", BundleId = bundleId },
                new { DirectoryId = msId, UserName = "erin@onprem.example.com", BundleId = bundleId },
                new { DirectoryId = msId, UserName = @"ELSEWHERE\dave", BundleId = bundleId },
            },
        })).Ok();
        created["FailedRequests"]!.AsArray().Select(f => S(f!["ErrorCode"])).Should().Equal("ResourceNotFound.User", "ResourceNotFound.User");
        var workspaceId = S(created["PendingRequests"]![0]!["WorkspaceId"]);
        var ws = (await Eventually.WaitAsync(() => wire.JsonAsync("workspaces", "DescribeWorkspaces", new { WorkspaceIds = new[] { workspaceId } }),
            r => S(r.Json["Workspaces"]![0]!["State"]) == "AVAILABLE", "WorkSpace AVAILABLE", 120_000)).Json["Workspaces"]![0]!;
        S(ws["UserName"]).Should().Be(@"ONPREM\dave");

        // The sign-in goes through the trust: the directory's DC passes it to the on-premises DC.
        using var http = emulator.CreateClient();
        async Task<(int Status, JsonNode? Body)> SignIn(string user, string password)
        {
            // Member names as written (the client API is PascalCase; PostAsJsonAsync's web defaults would camel-case them).
            using var response = await http.PostAsJsonAsync("/client/v1/authenticate", new { RegistrationCode = registrationCode, UserName = user, Password = password, DeviceType = "WEB" },
                new System.Text.Json.JsonSerializerOptions());
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
        }
        var ok = await SignIn(@"ONPREM\dave", "D4ve-Passw0rd!");
        ok.Status.Should().Be(200, ok.Body?.ToJsonString());
        S(ok.Body!["WorkspaceId"]).Should().Be(workspaceId);
        var wrong = await SignIn(@"ONPREM\dave", "not-Dave-1");
        wrong.Status.Should().Be(401, wrong.Body?.ToJsonString());
        S(wrong.Body!["__type"]).Should().Be("InvalidCredentials");
    }

    /// <summary>ds-data memberships with Realm (the group's domain) and MemberRealm (the member's): the trusted domain's
    /// own groups read through the trust, and its users and groups made members of the directory's own domain local
    /// group as Active Directory does it (a foreignSecurityPrincipal for the SID, in the directory's DC).</summary>
    private async Task Memberships_cross_the_trust(AwsWireClient wire, string msId, string daveSid)
    {
        static List<(string Name, string Type)> Members(JsonNode page) =>
            [.. page["Members"]!.AsArray().Select(m => (S(m!["SAMAccountName"]), S(m["MemberType"])))];
        static List<string> Groups(JsonNode page) => [.. page["Groups"]!.AsArray().Select(g => S(g!["SAMAccountName"]))];
        Task<WireResponse> Call(string path, object body) => wire.RestJsonAsync($"/GroupMemberships/{path}?DirectoryId={msId}", body);
        static void Error(WireResponse r, int status, string type, string? reason = null)
        {
            r.Status.Should().Be(status, r.Body);
            S(r.Json["__type"]).Should().Be(type, r.Body);
            if (reason is not null) S(r.Json["Reason"]).Should().Be(reason, r.Body);
        }

        // The on-premises administrator's group, with Dave in it.
        DockerTestSupport.Cli("exec", _onPremName, "samba-tool", "group", "add", "onprem-staff").Exit.Should().Be(0);
        DockerTestSupport.Cli("exec", _onPremName, "samba-tool", "group", "addmembers", "onprem-staff", "dave").Exit.Should().Be(0);

        // 1. The trusted domain's group and its members there (MemberRealm named: it defaults to the directory's domain).
        var remoteMembers = (await Call("ListGroupMembers", new { SAMAccountName = "onprem-staff", Realm = "onprem.example.com", MemberRealm = "ONPREM.Example.com" })).Ok();
        S(remoteMembers["Realm"]).Should().Be("onprem.example.com");
        S(remoteMembers["MemberRealm"]).Should().Be("onprem.example.com");
        Members(remoteMembers).Should().Equal(("dave", "USER"));
        S(remoteMembers["Members"]![0]!["SID"]).Should().Be(daveSid);
        Members((await Call("ListGroupMembers", new { SAMAccountName = "onprem-staff", Realm = "onprem.example.com" })).Ok())
            .Should().BeEmpty("no member of the directory's own domain is in that group yet");
        // A trusted user's groups in the trusted domain (MemberRealm defaults to Realm); the primary group is no member value.
        var daveGroups = (await Call("ListGroupsForMember", new { SAMAccountName = "dave", Realm = "onprem.example.com" })).Ok();
        S(daveGroups["Realm"]).Should().Be("onprem.example.com");
        S(daveGroups["MemberRealm"]).Should().Be("onprem.example.com");
        Groups(daveGroups).Should().Equal("onprem-staff");

        // The on-premises administrator puts the directory's Admin into their group, by SID (AD's way for a trusted domain's user).
        var adminSid = S((await wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={msId}", new { SAMAccountName = "Admin" })).Ok()["SID"]);
        DockerTestSupport.Cli("exec", _onPremName, "sh", "-c",
            "printf 'dn: CN=onprem-staff,CN=Users,DC=onprem,DC=example,DC=com\nchangetype: modify\nadd: member\nmember: <SID=%s>\n' \"$1\" > /tmp/m.ldif && " +
            "ldbmodify -H ldap://127.0.0.1 -U \"Administrator%$2\" /tmp/m.ldif", "sh", adminSid, "0nPrem-Secret!").Exit.Should().Be(0);
        var ownInRemote = (await Call("ListGroupMembers", new { SAMAccountName = "onprem-staff", Realm = "onprem.example.com" })).Ok();
        S(ownInRemote["MemberRealm"]).Should().Be("ms.example.com");
        Members(ownInRemote).Should().Equal(("Admin", "USER"));
        S(ownInRemote["Members"]![0]!["SID"]).Should().Be(adminSid);
        var adminRemoteGroups = (await Call("ListGroupsForMember", new { SAMAccountName = "admin", Realm = "onprem.example.com", MemberRealm = "ms.example.com" })).Ok();
        S(adminRemoteGroups["Realm"]).Should().Be("onprem.example.com");
        S(adminRemoteGroups["MemberRealm"]).Should().Be("ms.example.com");
        Groups(adminRemoteGroups).Should().Equal("onprem-staff");

        // 2. The trusted domain's user and group become members of the directory's own domain local group.
        (await wire.RestJsonAsync($"/Groups/CreateGroup?DirectoryId={msId}", new { SAMAccountName = "app-users", GroupScope = "DomainLocal" })).Ok();
        (await wire.RestJsonAsync($"/Groups/CreateGroup?DirectoryId={msId}", new { SAMAccountName = "global-team" })).Ok();
        (await Call("AddGroupMember", new { GroupName = "app-users", MemberName = "dave", MemberRealm = "onprem.example.com" })).Ok();
        (await Call("AddGroupMember", new { GroupName = "app-users", MemberName = "onprem-staff", MemberRealm = "ONPREM.Example.com" })).Ok();
        // In the directory's DC: a foreignSecurityPrincipal for Dave's SID, member of the group.
        var fsp = DirectoryTestSupport.DcExec(msId, "ldbsearch", "-H", "/var/lib/samba/private/sam.ldb", $"(objectSid={daveSid})", "objectClass", "memberOf");
        fsp.Stdout.Should().Contain($"dn: CN={daveSid},CN=ForeignSecurityPrincipals,DC=ms,DC=example,DC=com", fsp.Stdout)
            .And.Contain("objectClass: foreignSecurityPrincipal").And.Contain("memberOf: CN=app-users,");
        var foreign = (await Call("ListGroupMembers", new { SAMAccountName = "app-users", MemberRealm = "onprem.example.com" })).Ok();
        S(foreign["Realm"]).Should().Be("ms.example.com");
        S(foreign["MemberRealm"]).Should().Be("onprem.example.com");
        Members(foreign).Should().Equal(("dave", "USER"), ("onprem-staff", "GROUP"));
        S(foreign["Members"]![0]!["SID"]).Should().Be(daveSid);
        var first = (await Call("ListGroupMembers", new { SAMAccountName = "app-users", MemberRealm = "onprem.example.com", MaxResults = 1 })).Ok();
        Members(first).Should().Equal(("dave", "USER"));
        Members((await Call("ListGroupMembers", new { SAMAccountName = "app-users", MemberRealm = "onprem.example.com", MaxResults = 1, NextToken = S(first["NextToken"]) })).Ok())
            .Should().Equal(("onprem-staff", "GROUP"));
        Members((await Call("ListGroupMembers", new { SAMAccountName = "app-users" })).Ok()).Should().BeEmpty("its members are all of the trusted domain");
        var daveOwnGroups = (await Call("ListGroupsForMember", new { SAMAccountName = "dave", MemberRealm = "onprem.example.com" })).Ok();
        S(daveOwnGroups["Realm"]).Should().Be("ms.example.com");
        S(daveOwnGroups["MemberRealm"]).Should().Be("onprem.example.com");
        Groups(daveOwnGroups).Should().Equal("app-users");

        // Errors as for the directory's own members; the realm still has to be a verified trust's.
        Error(await Call("AddGroupMember", new { GroupName = "app-users", MemberName = "DAVE", MemberRealm = "onprem.example.com" }), 409, "ConflictException");
        Error(await Call("AddGroupMember", new { GroupName = "global-team", MemberName = "dave", MemberRealm = "onprem.example.com" }), 400, "ValidationException", "LDAP_UNSUPPORTED_OPERATION");
        Error(await Call("AddGroupMember", new { GroupName = "app-users", MemberName = "ghost", MemberRealm = "onprem.example.com" }), 404, "ResourceNotFoundException");
        Error(await Call("AddGroupMember", new { GroupName = "ghosts", MemberName = "dave", MemberRealm = "onprem.example.com" }), 404, "ResourceNotFoundException");
        Error(await Call("AddGroupMember", new { GroupName = "app-users", MemberName = "dave", MemberRealm = "elsewhere.example.com" }), 400, "ValidationException", "INVALID_REALM");
        Error(await Call("ListGroupMembers", new { SAMAccountName = "ghosts", Realm = "onprem.example.com", MemberRealm = "onprem.example.com" }), 404, "ResourceNotFoundException");
        Error(await Call("ListGroupsForMember", new { SAMAccountName = "ghost", Realm = "onprem.example.com" }), 404, "ResourceNotFoundException");
        Error(await Call("ListGroupsForMember", new { SAMAccountName = "dave", MemberRealm = "elsewhere.example.com" }), 400, "ValidationException", "INVALID_REALM");

        (await Call("RemoveGroupMember", new { GroupName = "app-users", MemberName = "dave", MemberRealm = "onprem.example.com" })).Ok();
        Error(await Call("RemoveGroupMember", new { GroupName = "app-users", MemberName = "dave", MemberRealm = "onprem.example.com" }), 404, "ResourceNotFoundException");
        Members((await Call("ListGroupMembers", new { SAMAccountName = "app-users", MemberRealm = "onprem.example.com" })).Ok()).Should().Equal(("onprem-staff", "GROUP"));
        Groups((await Call("ListGroupsForMember", new { SAMAccountName = "dave", MemberRealm = "onprem.example.com" })).Ok()).Should().BeEmpty();
    }

    public void Dispose()
    {
        DockerTestSupport.Cli("rm", "-f", _onPremName);
        DockerTestSupport.Cli("network", "rm", _onPremName);
        DirectoryTestSupport.CleanUp(_instance, _subnetIds);
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }
}
