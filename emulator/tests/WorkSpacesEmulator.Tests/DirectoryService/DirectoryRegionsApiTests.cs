using System.Text.Json.Nodes;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>Multi-Region replication, schema extensions, CreateComputer and OS updates over the wire.</summary>
public sealed class DirectoryRegionsApiTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldBeError(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
    }

    private static object MicrosoftAd(DsTestKit kit, string edition = "Enterprise")
    {
        var (vpcId, subnets) = kit.DefaultNetwork();
        return new { Name = "corp.example.com", ShortName = "CORP", Password = DsTestKit.Password, Edition = edition,
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } } };
    }

    /// <summary>The default VPC and two subnets of another Region of the kit's account.</summary>
    private static (string VpcId, string[] SubnetIds) OtherRegionNetwork(DsTestKit kit, string region)
    {
        var context = new RequestContext(kit.Account, region, "test", "ec2", "x");
        kit.Network.EnsureDefaults(context);
        var subnets = kit.Network.Subnets.List(context.Scope).Where(s => s.DefaultForAz).OrderBy(s => s.AvailabilityZone).ToList();
        return (subnets[0].VpcId, [subnets[0].Id, subnets[1].Id]);
    }

    private static async Task<JsonArray> Regions(AwsWireClient wire, string directoryId, string? regionName = null) =>
        (await wire.JsonAsync("ds", "DescribeRegions", regionName is null ? new { DirectoryId = directoryId } : new { DirectoryId = directoryId, RegionName = regionName }))
            .Ok()["RegionsDescription"]!.AsArray();

    private static IEnumerable<NetworkInterface> InterfacesIn(DsTestKit kit, string region, string directoryId) =>
        kit.Network.NetworkInterfaces.List(kit.Account + "/" + region).Where(n => n.OwnerResourceId == directoryId);

    [Fact]
    public async Task A_region_is_added_described_and_removed_with_its_controllers_interfaces()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        var (vpcId, subnetIds) = OtherRegionNetwork(kit, "us-west-2");

        (await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = id, RegionName = "us-west-2", VPCSettings = new { VpcId = vpcId, SubnetIds = subnetIds } })).Ok();
        InterfacesIn(kit, "us-west-2", id).Select(n => n.SubnetId).Should().BeEquivalentTo(subnetIds);

        var regions = await Eventually.WaitAsync(() => Regions(kit.Wire, id), r => r.Count == 2 && r[1]!["Status"]!.GetValue<string>() == "Active", "us-west-2 Active");
        regions[0]!["RegionName"]!.GetValue<string>().Should().Be("us-east-1");
        regions[0]!["RegionType"]!.GetValue<string>().Should().Be("Primary");
        regions[0]!["Status"]!.GetValue<string>().Should().Be("Active");
        regions[1]!["RegionName"]!.GetValue<string>().Should().Be("us-west-2");
        regions[1]!["RegionType"]!.GetValue<string>().Should().Be("Additional");
        regions[1]!["DirectoryId"]!.GetValue<string>().Should().Be(id);
        regions[1]!["VpcSettings"]!["VpcId"]!.GetValue<string>().Should().Be(vpcId);
        regions[1]!["DesiredNumberOfDomainControllers"]!.GetValue<int>().Should().Be(2);
        regions[1]!["LaunchTime"]!.GetValue<double>().Should().BePositive();

        var filtered = await Regions(kit.Wire, id, "us-west-2");
        filtered.Should().ContainSingle();
        (await Regions(kit.Wire, id, "eu-west-1")).Should().BeEmpty();

        var info = (await kit.DescribeAsync(id))["RegionsInfo"]!;
        info["PrimaryRegion"]!.GetValue<string>().Should().Be("us-east-1");
        info["AdditionalRegions"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("us-west-2");

        // Refusals.
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = id, RegionName = "us-west-2", VPCSettings = new { VpcId = vpcId, SubnetIds = subnetIds } }), "DirectoryAlreadyInRegionException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = id, RegionName = "us-east-1", VPCSettings = new { VpcId = vpcId, SubnetIds = subnetIds } }), "DirectoryAlreadyInRegionException");
        // A VPC of the primary Region is unknown in eu-west-1.
        var (homeVpc, homeSubnets) = kit.DefaultNetwork();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = id, RegionName = "eu-west-1", VPCSettings = new { VpcId = homeVpc, SubnetIds = new[] { homeSubnets[0].Id, homeSubnets[1].Id } } }), "ClientException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = "d-0000000000", RegionName = "eu-west-1", VPCSettings = new { VpcId = vpcId, SubnetIds = subnetIds } }), "DirectoryDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RemoveRegion", new { DirectoryId = id }), "UnsupportedOperationException");

        // RemoveRegion is sent to the additional Region.
        var west = factory.Wire(kit.Account, "us-west-2");
        (await Regions(west, id)).Should().HaveCount(2);
        (await west.JsonAsync("ds", "RemoveRegion", new { DirectoryId = id })).Ok();
        await Eventually.WaitAsync(() => Regions(kit.Wire, id), r => r.Count == 1, "us-west-2 removed");
        InterfacesIn(kit, "us-west-2", id).Should().BeEmpty();
        (await kit.DescribeAsync(id))["RegionsInfo"]!["AdditionalRegions"]!.AsArray().Should().BeEmpty();
        ShouldBeError(await west.JsonAsync("ds", "RemoveRegion", new { DirectoryId = id }), "DirectoryDoesNotExistException");
    }

    [Fact]
    public async Task Regions_are_limited_to_five_and_to_enterprise_managed_ad_and_go_with_the_directory()
    {
        var kit = new DsTestKit(factory);
        var standard = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit, "Standard"));
        var (vpcId, subnetIds) = OtherRegionNetwork(kit, "us-west-2");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = standard, RegionName = "us-west-2", VPCSettings = new { VpcId = vpcId, SubnetIds = subnetIds } }), "UnsupportedOperationException");
        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd("simple.example.com"));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = simple, RegionName = "us-west-2", VPCSettings = new { VpcId = vpcId, SubnetIds = subnetIds } }), "UnsupportedOperationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeRegions", new { DirectoryId = simple }), "UnsupportedOperationException");

        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        var added = new[] { "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2" };
        foreach (var region in added)
        {
            var (v, s) = OtherRegionNetwork(kit, region);
            (await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = id, RegionName = region, VPCSettings = new { VpcId = v, SubnetIds = s } })).Ok();
        }
        var (v6, s6) = OtherRegionNetwork(kit, "ca-central-1");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddRegion", new { DirectoryId = id, RegionName = "ca-central-1", VPCSettings = new { VpcId = v6, SubnetIds = s6 } }), "RegionLimitExceededException");
        InterfacesIn(kit, "ca-central-1", id).Should().BeEmpty();
        await Eventually.WaitAsync(() => Regions(kit.Wire, id), r => r.Count == 5 && r.All(x => x!["Status"]!.GetValue<string>() == "Active"), "five Active Regions");

        (await kit.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = id })).Ok();
        await Eventually.WaitAsync(async () => (await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { })).Ok()["DirectoryDescriptions"]!.AsArray(),
            d => d.All(x => x!["DirectoryId"]!.GetValue<string>() != id), "directory deleted");
        foreach (var region in added) InterfacesIn(kit, region, id).Should().BeEmpty();
        kit.Store.Table<RegionRecord>(ResourceKinds.DirectoryRegions).All().Where(r => r.Id == id).Should().BeEmpty();
    }

    [Fact]
    public async Task Schema_extensions_complete_cancel_and_list()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit, "Standard"));
        const string ldif = "dn: CN=ms-Example-Attr,CN=Schema,CN=Configuration,DC=X\nchangetype: add\nobjectClass: attributeSchema\n";
        var started = (await kit.Wire.JsonAsync("ds", "StartSchemaExtension", new { DirectoryId = id, CreateSnapshotBeforeSchemaExtension = true, LdifContent = ldif, Description = "Adds an attribute" })).Ok();
        var extensionId = started["SchemaExtensionId"]!.GetValue<string>();
        extensionId.Should().MatchRegex("^e-[0-9a-f]{10}$");

        async Task<JsonArray> List() => (await kit.Wire.JsonAsync("ds", "ListSchemaExtensions", new { DirectoryId = id })).Ok()["SchemaExtensionsInfo"]!.AsArray();
        var done = await Eventually.WaitAsync(List, l => l[0]!["SchemaExtensionStatus"]!.GetValue<string>() == "Completed", "extension Completed");
        done[0]!["DirectoryId"]!.GetValue<string>().Should().Be(id);
        done[0]!["Description"]!.GetValue<string>().Should().Be("Adds an attribute");
        done[0]!["StartDateTime"]!.GetValue<double>().Should().BePositive();
        done[0]!["EndDateTime"]!.GetValue<double>().Should().BePositive();
        // The snapshot asked for was taken.
        (await kit.Wire.JsonAsync("ds", "DescribeSnapshots", new { DirectoryId = id })).Ok()["Snapshots"]!.AsArray().Should().ContainSingle();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CancelSchemaExtension", new { DirectoryId = id, SchemaExtensionId = extensionId }), "ClientException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CancelSchemaExtension", new { DirectoryId = id, SchemaExtensionId = "e-0000000000" }), "EntityDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "StartSchemaExtension", new { DirectoryId = "d-0000000000", CreateSnapshotBeforeSchemaExtension = false, LdifContent = ldif, Description = "x" }), "EntityDoesNotExistException");
        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd("simple.example.com"));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "StartSchemaExtension", new { DirectoryId = simple, CreateSnapshotBeforeSchemaExtension = false, LdifContent = ldif, Description = "x" }), "ClientException");

        // Cancel while still in progress: seed one in progress directly so the reconciler's timing cannot race the test.
        var table = kit.Store.Table<SchemaExtensionRecord>(ResourceKinds.DirectorySchemaExtensions);
        var now = DateTimeOffset.UtcNow;
        table.Put(new SchemaExtensionRecord("e-00000000aa", kit.Scope, id, "pending", ldif, false, SchemaExtensionStatuses.UpdatingSchema, null, now, null, null));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "StartSchemaExtension", new { DirectoryId = id, CreateSnapshotBeforeSchemaExtension = false, LdifContent = ldif, Description = "x" }), "ClientException");
        (await kit.Wire.JsonAsync("ds", "CancelSchemaExtension", new { DirectoryId = id, SchemaExtensionId = "e-00000000aa" })).Ok();
        var cancelled = await Eventually.WaitAsync(List, l => l.Any(e => e!["SchemaExtensionStatus"]!.GetValue<string>() == "Cancelled"), "extension Cancelled");
        cancelled.Should().HaveCount(2);

        var page = (await kit.Wire.JsonAsync("ds", "ListSchemaExtensions", new { DirectoryId = id, Limit = 1 })).Ok();
        page["SchemaExtensionsInfo"]!.AsArray().Should().ContainSingle();
        var next = (await kit.Wire.JsonAsync("ds", "ListSchemaExtensions", new { DirectoryId = id, Limit = 1, NextToken = page["NextToken"]!.GetValue<string>() })).Ok();
        next["SchemaExtensionsInfo"]![0]!["SchemaExtensionId"]!.GetValue<string>().Should().NotBe(page["SchemaExtensionsInfo"]![0]!["SchemaExtensionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Computers_are_created_with_a_sid_and_distinguished_name_once_per_name()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit, "Standard"));
        var computer = (await kit.Wire.JsonAsync("ds", "CreateComputer", new
        {
            DirectoryId = id, ComputerName = "WEB01", Password = "C0mputer-Pass",
            ComputerAttributes = new[] { new { Name = "description", Value = "web server" } },
        })).Ok()["Computer"]!;
        computer["ComputerName"]!.GetValue<string>().Should().Be("WEB01");
        computer["ComputerId"]!.GetValue<string>().Should().MatchRegex(@"^S-1-5-21-\d+-\d+-\d+-\d+$");
        var attributes = computer["ComputerAttributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());
        attributes["DistinguishedName"].Should().Be("CN=WEB01,OU=Computers,OU=CORP,DC=corp,DC=example,DC=com");
        attributes["description"].Should().Be("web server");
        computer.ToJsonString().Should().NotContain("C0mputer-Pass");

        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateComputer", new { DirectoryId = id, ComputerName = "web01", Password = "C0mputer-Pass" }), "EntityAlreadyExistsException");
        var inOu = (await kit.Wire.JsonAsync("ds", "CreateComputer", new { DirectoryId = id, ComputerName = "APP01", Password = "C0mputer-Pass", OrganizationalUnitDistinguishedName = "OU=Servers,OU=CORP,DC=corp,DC=example,DC=com" })).Ok()["Computer"]!;
        inOu["ComputerAttributes"]![0]!["Value"]!.GetValue<string>().Should().Be("CN=APP01,OU=Servers,OU=CORP,DC=corp,DC=example,DC=com");
        inOu["ComputerId"]!.GetValue<string>().Should().NotBe(computer["ComputerId"]!.GetValue<string>());
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateComputer", new { DirectoryId = id, ComputerName = "APP02", Password = "C0mputer-Pass", OrganizationalUnitDistinguishedName = "OU=Servers,DC=other,DC=org" }), "InvalidParameterException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateComputer", new { DirectoryId = id, ComputerName = "BAD*NAME", Password = "C0mputer-Pass" }), "InvalidParameterException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateComputer", new { DirectoryId = "d-0000000000", ComputerName = "X1", Password = "C0mputer-Pass" }), "EntityDoesNotExistException");

        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd("simple.example.com"));
        var simpleComputer = (await kit.Wire.JsonAsync("ds", "CreateComputer", new { DirectoryId = simple, ComputerName = "WEB01", Password = "C0mputer-Pass" })).Ok()["Computer"]!;
        simpleComputer["ComputerAttributes"]![0]!["Value"]!.GetValue<string>().Should().Be("CN=WEB01,CN=Computers,DC=simple,DC=example,DC=com");

        (await kit.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = id })).Ok();
        await Eventually.WaitAsync(() => Task.FromResult(kit.Store.Table<ComputerRecord>(ResourceKinds.DirectoryComputers).List(kit.Scope).Count(c => c.DirectoryId == id)),
            n => n == 0, "computers removed with the directory");
    }

    [Fact]
    public async Task An_os_update_moves_a_managed_ad_from_server_2012_to_2019()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit, "Standard"));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateDirectorySetup", new { DirectoryId = id, UpdateType = "OS", OSUpdateSettings = new { OSVersion = "SERVER_2019" } }), "DirectoryInDesiredStateException");
        // Directories are created on SERVER_2019; make this one an older directory.
        kit.Store.Table<DirectoryRecord>(ResourceKinds.Directories).Update(kit.Scope, id, d => d with { OsVersion = "SERVER_2012" });
        (await kit.DescribeAsync(id))["OsVersion"]!.GetValue<string>().Should().Be("SERVER_2012");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateDirectorySetup", new { DirectoryId = id, UpdateType = "OS" }), "InvalidParameterException");

        (await kit.Wire.JsonAsync("ds", "UpdateDirectorySetup", new { DirectoryId = id, UpdateType = "OS", OSUpdateSettings = new { OSVersion = "SERVER_2019" }, CreateSnapshotBeforeUpdate = true })).Ok();
        async Task<JsonArray> Activities() => (await kit.Wire.JsonAsync("ds", "DescribeUpdateDirectory", new { DirectoryId = id, UpdateType = "OS" })).Ok()["UpdateActivities"]!.AsArray();
        var done = await Eventually.WaitAsync(Activities, a => a.Count == 1 && a[0]!["Status"]!.GetValue<string>() == "Updated", "OS update Updated");
        done[0]!["Region"]!.GetValue<string>().Should().Be("us-east-1");
        done[0]!["PreviousValue"]!["OSUpdateSettings"]!["OSVersion"]!.GetValue<string>().Should().Be("SERVER_2012");
        done[0]!["NewValue"]!["OSUpdateSettings"]!["OSVersion"]!.GetValue<string>().Should().Be("SERVER_2019");
        done[0]!["InitiatedBy"]!.GetValue<string>().Should().Be(kit.Account);
        done[0]!["StartTime"]!.GetValue<double>().Should().BePositive();
        await Eventually.WaitAsync(() => kit.DescribeAsync(id), d => d["OsVersion"]!.GetValue<string>() == "SERVER_2019", "OsVersion SERVER_2019");
        (await kit.Wire.JsonAsync("ds", "DescribeUpdateDirectory", new { DirectoryId = id, UpdateType = "OS", RegionName = "eu-west-1" })).Ok()["UpdateActivities"]!.AsArray().Should().BeEmpty();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateDirectorySetup", new { DirectoryId = id, UpdateType = "OS", OSUpdateSettings = new { OSVersion = "SERVER_2012" } }), "InvalidParameterException");

        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd("simple.example.com"));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateDirectorySetup", new { DirectoryId = simple, UpdateType = "OS", OSUpdateSettings = new { OSVersion = "SERVER_2019" } }), "UnsupportedOperationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateDirectorySetup", new { DirectoryId = "d-0000000000", UpdateType = "OS", OSUpdateSettings = new { OSVersion = "SERVER_2019" } }), "DirectoryDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeUpdateDirectory", new { DirectoryId = "d-0000000000", UpdateType = "OS" }), "DirectoryDoesNotExistException");
    }
}
