using System.Text.Json.Nodes;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>Snapshots, IP routes, conditional forwarders, domain controllers, alias/SSO and RADIUS over the wire.</summary>
public sealed class DirectoryExtrasApiTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static List<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static void ShouldBeError(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
    }

    private static object MicrosoftAd(DsTestKit kit)
    {
        var (vpcId, subnets) = kit.DefaultNetwork();
        return new { Name = "corp.example.com", Password = DsTestKit.Password, Edition = "Standard",
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } } };
    }

    private static object Connector(DsTestKit kit)
    {
        var (vpcId, subnets) = kit.DefaultNetwork();
        return new { Name = "corp.example.com", Password = "x", Size = "Small",
            ConnectSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id }, CustomerDnsIps = new[] { "10.0.0.10" }, CustomerUserName = "svc" } };
    }

    private static Task<JsonNode> Snapshot(DsTestKit kit, string snapshotId) =>
        kit.Wire.JsonAsync("ds", "DescribeSnapshots", new { SnapshotIds = new[] { snapshotId } }).ContinueWith(t => t.Result.Ok()["Snapshots"]![0]!);

    [Fact]
    public async Task Snapshots_are_created_completed_limited_paged_and_deleted()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        var snapshotIds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var created = (await kit.Wire.JsonAsync("ds", "CreateSnapshot", new { DirectoryId = id, Name = $"snap{i}" })).Ok();
            snapshotIds.Add(created["SnapshotId"]!.GetValue<string>());
        }
        snapshotIds.Should().OnlyContain(s => System.Text.RegularExpressions.Regex.IsMatch(s, "^s-[0-9a-f]{10}$"));
        (await Snapshot(kit, snapshotIds[0]))["Status"]!.GetValue<string>().Should().BeOneOf("Creating", "Completed");

        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateSnapshot", new { DirectoryId = id }), "SnapshotLimitExceededException");
        var limits = (await kit.Wire.JsonAsync("ds", "GetSnapshotLimits", new { DirectoryId = id })).Ok()["SnapshotLimits"]!;
        limits["ManualSnapshotsLimit"]!.GetValue<int>().Should().Be(5);
        limits["ManualSnapshotsCurrentCount"]!.GetValue<int>().Should().Be(5);
        limits["ManualSnapshotsLimitReached"]!.GetValue<bool>().Should().BeTrue();

        var done = await Eventually.WaitAsync(() => Snapshot(kit, snapshotIds[4]), s => s["Status"]!.GetValue<string>() == "Completed", "snapshot Completed");
        done["DirectoryId"]!.GetValue<string>().Should().Be(id);
        done["Type"]!.GetValue<string>().Should().Be("Manual");
        done["Name"]!.GetValue<string>().Should().Be("snap4");
        done["StartTime"]!.GetValue<double>().Should().BePositive();

        // Paging by directory.
        var first = (await kit.Wire.JsonAsync("ds", "DescribeSnapshots", new { DirectoryId = id, Limit = 3 })).Ok();
        first["Snapshots"]!.AsArray().Should().HaveCount(3);
        var second = (await kit.Wire.JsonAsync("ds", "DescribeSnapshots", new { DirectoryId = id, Limit = 3, NextToken = first["NextToken"]!.GetValue<string>() })).Ok();
        second["Snapshots"]!.AsArray().Should().HaveCount(2);
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeSnapshots", new { DirectoryId = id, NextToken = "bogus" }), "InvalidNextTokenException");

        (await kit.Wire.JsonAsync("ds", "DeleteSnapshot", new { SnapshotId = snapshotIds[0] })).Ok()["SnapshotId"]!.GetValue<string>().Should().Be(snapshotIds[0]);
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeleteSnapshot", new { SnapshotId = snapshotIds[0] }), "EntityDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeSnapshots", new { SnapshotIds = new[] { snapshotIds[0] } }), "EntityDoesNotExistException");
        (await kit.Wire.JsonAsync("ds", "GetSnapshotLimits", new { DirectoryId = id })).Ok()["SnapshotLimits"]!["ManualSnapshotsLimitReached"]!.GetValue<bool>().Should().BeFalse();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "GetSnapshotLimits", new { DirectoryId = "d-0000000000" }), "EntityDoesNotExistException");
    }

    [Fact]
    public async Task Restore_from_snapshot_goes_through_Restoring_and_brings_back_the_users_of_the_snapshot()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        var snapshotId = (await kit.Wire.JsonAsync("ds", "CreateSnapshot", new { DirectoryId = id })).Ok()["SnapshotId"]!.GetValue<string>();
        var early = await kit.Wire.JsonAsync("ds", "RestoreFromSnapshot", new { SnapshotId = snapshotId });
        if (early.Status != 200) ShouldBeError(early, "ClientException"); // still Creating
        await Eventually.WaitAsync(() => Snapshot(kit, snapshotId), s => s["Status"]!.GetValue<string>() == "Completed", "snapshot Completed");
        await kit.WaitForStageAsync(id, "Active");

        // A user created after the snapshot disappears; a changed password goes back.
        (await kit.Wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = id, UserName = "Administrator", NewPassword = "N3w-Passw0rd!" })).Ok();
        var queries = new DirectoryQueries(kit.Store);
        kit.Store.Table<DirectoryUserRecord>(WorkSpacesEmulator.Storage.ResourceKinds.DirectoryUsers).Put(
            queries.FindUser(kit.Scope, id, "Administrator")! with { Id = DirectoryUserRecord.KeyFor(id, "later"), SAMAccountName = "later" });

        (await kit.Wire.JsonAsync("ds", "RestoreFromSnapshot", new { SnapshotId = snapshotId })).Ok();
        (await kit.DescribeAsync(id))["Stage"]!.GetValue<string>().Should().BeOneOf("Restoring", "Active");
        await kit.WaitForStageAsync(id, "Active");
        await Eventually.WaitAsync(() => Task.FromResult(queries.FindUser(kit.Scope, id, "later")), u => u is null, "later user gone");
        queries.VerifyPassword(kit.Scope, id, "Administrator", DsTestKit.Password).Should().BeTrue();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RestoreFromSnapshot", new { SnapshotId = "s-0000000000" }), "EntityDoesNotExistException");
    }

    [Fact]
    public async Task AD_Connector_has_no_snapshots_forwarders_or_domain_controllers_and_Simple_AD_no_RADIUS()
    {
        var kit = new DsTestKit(factory);
        var connector = await kit.CreateActiveAsync("ConnectDirectory", Connector(kit));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateSnapshot", new { DirectoryId = connector }), "ClientException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeConditionalForwarders", new { DirectoryId = connector }), "UnsupportedOperationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeDomainControllers", new { DirectoryId = connector }), "UnsupportedOperationException");
        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableRadius", new { DirectoryId = simple, RadiusSettings = Radius() }), "UnsupportedOperationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateNumberOfDomainControllers", new { DirectoryId = simple, DesiredNumber = 3 }), "UnsupportedOperationException");
    }

    [Fact]
    public async Task Ip_routes_are_added_listed_paged_limited_and_removed()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        (await kit.Wire.JsonAsync("ds", "AddIpRoutes", new
        {
            DirectoryId = id, UpdateSecurityGroupForDirectoryControllers = true,
            IpRoutes = new object[] { new { CidrIp = "12.12.12.12/32", Description = "dns" }, new { CidrIp = "203.0.113.0/24" } },
        })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddIpRoutes", new { DirectoryId = id, IpRoutes = new[] { new { CidrIp = "12.12.12.12/32" } } }), "EntityAlreadyExistsException");

        var list = (await kit.Wire.JsonAsync("ds", "ListIpRoutes", new { DirectoryId = id })).Ok()["IpRoutesInfo"]!.AsArray();
        list.Should().HaveCount(2);
        list[0]!["CidrIp"]!.GetValue<string>().Should().Be("12.12.12.12/32");
        list[0]!["Description"]!.GetValue<string>().Should().Be("dns");
        list[0]!["DirectoryId"]!.GetValue<string>().Should().Be(id);
        list[0]!["IpRouteStatusMsg"]!.GetValue<string>().Should().Be("Added");
        list[0]!["AddedDateTime"]!.GetValue<double>().Should().BePositive();

        var page = (await kit.Wire.JsonAsync("ds", "ListIpRoutes", new { DirectoryId = id, Limit = 1 })).Ok();
        page["IpRoutesInfo"]!.AsArray().Should().HaveCount(1);
        var rest = (await kit.Wire.JsonAsync("ds", "ListIpRoutes", new { DirectoryId = id, Limit = 1, NextToken = page["NextToken"]!.GetValue<string>() })).Ok();
        rest["IpRoutesInfo"]![0]!["CidrIp"]!.GetValue<string>().Should().Be("203.0.113.0/24");

        (await kit.Wire.JsonAsync("ds", "RemoveIpRoutes", new { DirectoryId = id, CidrIps = new[] { "12.12.12.12/32" } })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RemoveIpRoutes", new { DirectoryId = id, CidrIps = new[] { "12.12.12.12/32" } }), "EntityDoesNotExistException");
        (await kit.Wire.JsonAsync("ds", "ListIpRoutes", new { DirectoryId = id })).Ok()["IpRoutesInfo"]!.AsArray()
            .Select(r => r!["CidrIp"]!.GetValue<string>()).Should().Equal("203.0.113.0/24");

        // 100 blocks at most.
        var many = Enumerable.Range(0, 100).Select(i => new { CidrIp = $"198.18.{i}.0/24" }).ToArray();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddIpRoutes", new { DirectoryId = id, IpRoutes = many }), "IpRouteLimitExceededException");
        (await kit.Wire.JsonAsync("ds", "AddIpRoutes", new { DirectoryId = id, IpRoutes = many.Take(99).ToArray() })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "ListIpRoutes", new { DirectoryId = "d-0000000000" }), "EntityDoesNotExistException");
    }

    [Fact]
    public async Task Conditional_forwarders_are_created_described_updated_and_deleted()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        (await kit.Wire.JsonAsync("ds", "CreateConditionalForwarder", new { DirectoryId = id, RemoteDomainName = "remote.example.org", DnsIpAddrs = new[] { "10.1.0.5" } })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateConditionalForwarder", new { DirectoryId = id, RemoteDomainName = "REMOTE.example.org", DnsIpAddrs = new[] { "10.1.0.6" } }), "EntityAlreadyExistsException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateConditionalForwarder", new { DirectoryId = id, RemoteDomainName = "other.example.org" }), "InvalidParameterException");

        var described = (await kit.Wire.JsonAsync("ds", "DescribeConditionalForwarders", new { DirectoryId = id })).Ok()["ConditionalForwarders"]!.AsArray();
        described.Should().ContainSingle();
        described[0]!["RemoteDomainName"]!.GetValue<string>().Should().Be("remote.example.org");
        Strings(described[0]!["DnsIpAddrs"]).Should().Equal("10.1.0.5");
        described[0]!["ReplicationScope"]!.GetValue<string>().Should().Be("Domain");

        (await kit.Wire.JsonAsync("ds", "UpdateConditionalForwarder", new { DirectoryId = id, RemoteDomainName = "remote.example.org", DnsIpAddrs = new[] { "10.1.0.7", "10.1.0.8" } })).Ok();
        var updated = (await kit.Wire.JsonAsync("ds", "DescribeConditionalForwarders", new { DirectoryId = id, RemoteDomainNames = new[] { "remote.example.org" } })).Ok();
        Strings(updated["ConditionalForwarders"]![0]!["DnsIpAddrs"]).Should().Equal("10.1.0.7", "10.1.0.8");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeConditionalForwarders", new { DirectoryId = id, RemoteDomainNames = new[] { "nope.example.org" } }), "EntityDoesNotExistException");

        (await kit.Wire.JsonAsync("ds", "DeleteConditionalForwarder", new { DirectoryId = id, RemoteDomainName = "remote.example.org" })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeleteConditionalForwarder", new { DirectoryId = id, RemoteDomainName = "remote.example.org" }), "EntityDoesNotExistException");
        (await kit.Wire.JsonAsync("ds", "DescribeConditionalForwarders", new { DirectoryId = id })).Ok()["ConditionalForwarders"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Domain_controllers_match_the_directory_and_Managed_AD_can_add_and_remove_some()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        var d = await kit.DescribeAsync(id);
        var dcs = (await kit.Wire.JsonAsync("ds", "DescribeDomainControllers", new { DirectoryId = id })).Ok()["DomainControllers"]!.AsArray();
        dcs.Should().HaveCount(2);
        dcs.Select(dc => dc!["DnsIpAddr"]!.GetValue<string>()).Should().Equal(Strings(d["DnsIpAddrs"]));
        dcs.Select(dc => dc!["SubnetId"]!.GetValue<string>()).Should().Equal(Strings(d["VpcSettings"]!["SubnetIds"]));
        dcs.Select(dc => dc!["AvailabilityZone"]!.GetValue<string>()).Should().Equal(Strings(d["VpcSettings"]!["AvailabilityZones"]));
        dcs.Should().OnlyContain(dc => dc!["Status"]!.GetValue<string>() == "Active" && dc["VpcId"]!.GetValue<string>() == d["VpcSettings"]!["VpcId"]!.GetValue<string>()
            && System.Text.RegularExpressions.Regex.IsMatch(dc["DomainControllerId"]!.GetValue<string>(), "^dc-[0-9a-f]{10}$"));

        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateNumberOfDomainControllers", new { DirectoryId = id, DesiredNumber = 21 }), "DomainControllerLimitExceededException");
        (await kit.Wire.JsonAsync("ds", "UpdateNumberOfDomainControllers", new { DirectoryId = id, DesiredNumber = 4 })).Ok();
        (await kit.DescribeAsync(id))["DesiredNumberOfDomainControllers"]!.GetValue<int>().Should().Be(4);
        var four = await Eventually.WaitAsync(
            async () => (await kit.Wire.JsonAsync("ds", "DescribeDomainControllers", new { DirectoryId = id })).Ok()["DomainControllers"]!.AsArray(),
            a => a.Count == 4 && a.All(dc => dc!["Status"]!.GetValue<string>() == "Active"), "four Active controllers");
        kit.Network.NetworkInterfaces.List(kit.Scope).Select(n => n.PrivateIpAddress)
            .Should().Contain(four.Select(dc => dc!["DnsIpAddr"]!.GetValue<string>()));

        var page = (await kit.Wire.JsonAsync("ds", "DescribeDomainControllers", new { DirectoryId = id, Limit = 3 })).Ok();
        page["DomainControllers"]!.AsArray().Should().HaveCount(3);
        page["NextToken"].Should().NotBeNull();
        var one = (await kit.Wire.JsonAsync("ds", "DescribeDomainControllers", new { DirectoryId = id, DomainControllerIds = new[] { four[3]!["DomainControllerId"]!.GetValue<string>() } })).Ok();
        one["DomainControllers"]!.AsArray().Should().ContainSingle();

        (await kit.Wire.JsonAsync("ds", "UpdateNumberOfDomainControllers", new { DirectoryId = id, DesiredNumber = 2 })).Ok();
        await Eventually.WaitAsync(
            async () => (await kit.Wire.JsonAsync("ds", "DescribeDomainControllers", new { DirectoryId = id })).Ok()["DomainControllers"]!.AsArray(),
            a => a.Count == 2, "back to two controllers");
        kit.Network.NetworkInterfaces.List(kit.Scope).Should().NotContain(n => n.PrivateIpAddress == four[3]!["DnsIpAddr"]!.GetValue<string>());
    }

    [Fact]
    public async Task Alias_is_set_once_and_unique_and_sso_can_be_enabled_and_disabled()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        var alias = "corp" + kit.Account;
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateAlias", new { DirectoryId = id, Alias = "d-corp" }), "ValidationException");
        // The model pattern is matched against the whole alias, so "_" is refused before the handler sees it.
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateAlias", new { DirectoryId = id, Alias = "bad_alias" }), "ValidationException");
        var created = (await kit.Wire.JsonAsync("ds", "CreateAlias", new { DirectoryId = id, Alias = alias })).Ok();
        created["DirectoryId"]!.GetValue<string>().Should().Be(id);
        created["Alias"]!.GetValue<string>().Should().Be(alias);
        var d = await kit.DescribeAsync(id);
        d["Alias"]!.GetValue<string>().Should().Be(alias);
        d["AccessUrl"]!.GetValue<string>().Should().Be($"{alias}.awsapps.com");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateAlias", new { DirectoryId = id, Alias = alias + "x" }), "EntityAlreadyExistsException");

        var other = new DsTestKit(factory);
        var otherId = await other.CreateActiveAsync("CreateDirectory", other.SimpleAd());
        ShouldBeError(await other.Wire.JsonAsync("ds", "CreateAlias", new { DirectoryId = otherId, Alias = alias.ToUpperInvariant() }), "EntityAlreadyExistsException");

        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableSso", new { DirectoryId = id, UserName = "Administrator", Password = "wrong" }), "AuthenticationFailedException");
        (await kit.Wire.JsonAsync("ds", "EnableSso", new { DirectoryId = id, UserName = "Administrator", Password = DsTestKit.Password })).Ok();
        (await kit.DescribeAsync(id))["SsoEnabled"]!.GetValue<bool>().Should().BeTrue();
        (await kit.Wire.JsonAsync("ds", "DisableSso", new { DirectoryId = id })).Ok();
        (await kit.DescribeAsync(id))["SsoEnabled"]!.GetValue<bool>().Should().BeFalse();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableSso", new { DirectoryId = "d-0000000000" }), "EntityDoesNotExistException");
    }

    // The emulator probes the servers: 127.0.0.1 on a port nobody listens on, so the probe fails quickly
    // (answering servers are tested against FreeRADIUS in Gateways/RadiusMfaTests).
    private static object Radius(int port = 0) => new
    {
        RadiusServers = new[] { "127.0.0.1" }, RadiusPort = port == 0 ? UnusedUdpPort() : port, RadiusTimeout = 1, RadiusRetries = 0,
        SharedSecret = "s3cret-shared", AuthenticationProtocol = "PAP", DisplayLabel = "MFA", UseSameUsername = true,
    };

    private static int UnusedUdpPort()
    {
        using var probe = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    [Fact]
    public async Task Radius_is_enabled_probed_updated_and_disabled()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateRadius", new { DirectoryId = id, RadiusSettings = Radius() }), "ClientException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableRadius", new { DirectoryId = id, RadiusSettings = new { RadiusServers = new[] { "10.0.0.50" } } }), "InvalidParameterException");
        (await kit.Wire.JsonAsync("ds", "EnableRadius", new { DirectoryId = id, RadiusSettings = Radius() })).Ok();
        (await kit.DescribeAsync(id))["RadiusStatus"]!.GetValue<string>().Should().BeOneOf("Creating", "Failed");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableRadius", new { DirectoryId = id, RadiusSettings = Radius() }), "EntityAlreadyExistsException");
        var d = await Eventually.WaitAsync(() => kit.DescribeAsync(id), x => x["RadiusStatus"]?.GetValue<string>() == "Failed", "RADIUS Failed (no server answers)");
        var settings = d["RadiusSettings"]!;
        Strings(settings["RadiusServers"]).Should().Equal("127.0.0.1");
        settings["AuthenticationProtocol"]!.GetValue<string>().Should().Be("PAP");
        settings["UseSameUsername"]!.GetValue<bool>().Should().BeTrue();
        settings.AsObject().ContainsKey("SharedSecret").Should().BeFalse();

        (await kit.Wire.JsonAsync("ds", "UpdateRadius", new { DirectoryId = id, RadiusSettings = Radius(2812) })).Ok();
        d = await Eventually.WaitAsync(() => kit.DescribeAsync(id), x => x["RadiusStatus"]?.GetValue<string>() == "Failed", "RADIUS probed again");
        d["RadiusSettings"]!["RadiusPort"]!.GetValue<int>().Should().Be(2812);

        (await kit.Wire.JsonAsync("ds", "DisableRadius", new { DirectoryId = id })).Ok();
        d = await kit.DescribeAsync(id);
        d.AsObject().ContainsKey("RadiusSettings").Should().BeFalse();
        d.AsObject().ContainsKey("RadiusStatus").Should().BeFalse();
    }
}
