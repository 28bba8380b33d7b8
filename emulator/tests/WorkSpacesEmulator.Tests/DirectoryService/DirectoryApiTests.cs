using WorkSpacesEmulator.Networking;
using System.Text.Json.Nodes;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

public sealed class DirectoryApiTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static List<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static void ShouldBeError(WireResponse response, string type, string? messageContains = null)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["RequestId"]!.GetValue<string>().Should().Be(response.Header("x-amzn-RequestId"));
        if (messageContains is not null) response.Json["Message"]!.GetValue<string>().Should().Contain(messageContains);
    }

    [Fact]
    public async Task Simple_AD_becomes_Active_with_two_dns_addresses_reserved_in_its_subnets()
    {
        var kit = new DsTestKit(factory);
        var (vpcId, subnets) = kit.DefaultNetwork();
        var created = await kit.Wire.JsonAsync("ds", "CreateDirectory", new
        {
            Name = "corp.example.com", Password = DsTestKit.Password, Size = "Small", Description = "Test directory",
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } },
        });
        var id = created.Ok()["DirectoryId"]!.GetValue<string>();
        id.Should().MatchRegex("^d-[0-9a-f]{10}$");
        (await kit.DescribeAsync(id))["Stage"]!.GetValue<string>().Should().BeOneOf("Requested", "Creating", "Active");

        await kit.WaitForStageAsync(id, "Active");
        var d = await kit.DescribeAsync(id);
        d["Type"]!.GetValue<string>().Should().Be("SimpleAD");
        d["Name"]!.GetValue<string>().Should().Be("corp.example.com");
        d["ShortName"]!.GetValue<string>().Should().Be("corp");
        d["Size"]!.GetValue<string>().Should().Be("Small");
        d["Description"]!.GetValue<string>().Should().Be("Test directory");
        d["Alias"]!.GetValue<string>().Should().Be(id);
        d["AccessUrl"]!.GetValue<string>().Should().Be($"{id}.awsapps.com");
        d["SsoEnabled"]!.GetValue<bool>().Should().BeFalse();
        d["LaunchTime"]!.GetValue<double>().Should().BePositive();
        d["StageLastUpdatedDateTime"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(d["LaunchTime"]!.GetValue<double>());
        d.AsObject().ContainsKey("Edition").Should().BeFalse();
        d.AsObject().ContainsKey("DesiredNumberOfDomainControllers").Should().BeFalse();
        d.AsObject().ContainsKey("ConnectSettings").Should().BeFalse();

        var vpc = d["VpcSettings"]!;
        vpc["VpcId"]!.GetValue<string>().Should().Be(vpcId);
        Strings(vpc["SubnetIds"]).Should().Equal(subnets[0].Id, subnets[1].Id);
        Strings(vpc["AvailabilityZones"]).Should().Equal("us-east-1a", "us-east-1b");
        var groupId = vpc["SecurityGroupId"]!.GetValue<string>();
        kit.Network.SecurityGroups.Get(kit.Scope, groupId)!.GroupName.Should().Be($"{id}_controllers");

        var dns = Strings(d["DnsIpAddrs"]);
        dns.Should().HaveCount(2);
        for (var i = 0; i < 2; i++)
        {
            Ipv4Cidr.TryParse(subnets[i].CidrBlock, out var cidr);
            Ipv4Cidr.TryParseAddress(dns[i], out var address).Should().BeTrue();
            cidr.Contains(address).Should().BeTrue($"{dns[i]} should be inside {subnets[i].CidrBlock}");
        }
        var enis = kit.Network.NetworkInterfaces.List(kit.Scope).Where(n => n.OwnerResourceId == id).ToList();
        enis.Select(n => n.PrivateIpAddress).Should().BeEquivalentTo(dns);
        enis.Should().OnlyContain(n => n.Description == $"AWS created network interface for directory {id}"
            && n.InterfaceType == "interface" && n.SecurityGroupIds.Contains(groupId));

        // The administrator exists with the given password, stored only as a hash.
        var admin = new DirectoryQueries(kit.Store).FindUser(kit.Scope, id, "administrator")!;
        admin.SAMAccountName.Should().Be("Administrator");
        admin.PasswordHash.Should().NotContain(DsTestKit.Password).And.StartWith("pbkdf2-sha256$");
        new DirectoryQueries(kit.Store).VerifyPassword(kit.Scope, id, "Administrator", DsTestKit.Password).Should().BeTrue();
        new DirectoryQueries(kit.Store).VerifyPassword(kit.Scope, id, "Administrator", "wrong").Should().BeFalse();
    }

    [Fact]
    public async Task Microsoft_AD_reports_edition_controllers_os_version_and_an_Admin_user()
    {
        var kit = new DsTestKit(factory);
        var (vpcId, subnets) = kit.DefaultNetwork();
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", new
        {
            Name = "corp.example.com", ShortName = "CORP", Password = DsTestKit.Password,
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[2].Id, subnets[3].Id } },
        });
        var d = await kit.DescribeAsync(id);
        d["Type"]!.GetValue<string>().Should().Be("MicrosoftAD");
        d["Edition"]!.GetValue<string>().Should().Be("Enterprise");
        d["DesiredNumberOfDomainControllers"]!.GetValue<int>().Should().Be(2);
        d["OsVersion"]!.GetValue<string>().Should().Be("SERVER_2019");
        d["RegionsInfo"]!["PrimaryRegion"]!.GetValue<string>().Should().Be("us-east-1");
        d.AsObject().ContainsKey("Size").Should().BeFalse();
        Strings(d["VpcSettings"]!["AvailabilityZones"]).Should().Equal("us-east-1c", "us-east-1d");

        var admin = (await kit.Wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={id}", new { SAMAccountName = "admin" })).Ok();
        admin["SAMAccountName"]!.GetValue<string>().Should().Be("Admin");
        admin["Enabled"]!.GetValue<bool>().Should().BeTrue();
        admin["DistinguishedName"]!.GetValue<string>().Should().Be("CN=Admin,OU=Users,OU=CORP,DC=corp,DC=example,DC=com");
    }

    [Fact]
    public async Task AD_Connector_gets_connect_ips_in_its_subnets_and_keeps_the_customer_dns()
    {
        var kit = new DsTestKit(factory);
        var (vpcId, subnets) = kit.DefaultNetwork();
        var id = await kit.CreateActiveAsync("ConnectDirectory", new
        {
            Name = "corp.example.com", Password = "anything", Size = "Small",
            ConnectSettings = new
            {
                VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id },
                CustomerDnsIps = new[] { "10.1.0.10", "10.1.0.11" }, CustomerUserName = "svc-connector",
            },
        });
        var d = await kit.DescribeAsync(id);
        d["Type"]!.GetValue<string>().Should().Be("ADConnector");
        Strings(d["DnsIpAddrs"]).Should().Equal("10.1.0.10", "10.1.0.11");
        d.AsObject().ContainsKey("VpcSettings").Should().BeFalse();
        var connect = d["ConnectSettings"]!;
        connect["CustomerUserName"]!.GetValue<string>().Should().Be("svc-connector");
        var ips = Strings(connect["ConnectIps"]);
        ips.Should().HaveCount(2);
        kit.Network.NetworkInterfaces.List(kit.Scope).Where(n => n.OwnerResourceId == id).Select(n => n.PrivateIpAddress)
            .Should().BeEquivalentTo(ips);
        connect["SecurityGroupId"]!.GetValue<string>().Should().StartWith("sg-");

        ShouldBeError(await kit.Wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = id, UserName = "bob", NewPassword = DsTestKit.Password }),
            "UnsupportedOperationException");
        var data = await kit.Wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={id}", new { });
        data.Status.Should().Be(400);
        data.Json["__type"]!.GetValue<string>().Should().Be("ValidationException");
        data.Json["Reason"]!.GetValue<string>().Should().Be("INVALID_DIRECTORY_TYPE");
    }

    public static TheoryData<string, string> InvalidCreateCases => new()
    {
        { "one-subnet", "InvalidParameterException" },
        { "same-az", "ClientException" },
        { "unknown-vpc", "ClientException" },
        { "unknown-subnet", "InvalidParameterException" },
        { "subnet-of-other-vpc", "ClientException" },
        { "no-vpc-settings", "InvalidParameterException" },
        { "weak-password", "ValidationException" },
        { "long-password", "ValidationException" },
        { "bad-name", "ValidationException" },
        { "bad-short-name", "ValidationException" },
        { "reserved-tag", "InvalidParameterException" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreateCases))]
    public async Task CreateDirectory_rejects_invalid_input_like_AWS(string @case, string expectedType)
    {
        var kit = new DsTestKit(factory);
        var (vpcId, subnets) = kit.DefaultNetwork();
        object Vpc(params string[] subnetIds) => new { VpcId = vpcId, SubnetIds = subnetIds };
        object request = @case switch
        {
            "one-subnet" => kit.SimpleAd(vpc: Vpc(subnets[0].Id)),
            "same-az" => kit.SimpleAd(vpc: Vpc(subnets[0].Id,
                kit.Network.CreateSubnet(kit.Context, vpcId, "172.31.200.0/24", subnets[0].AvailabilityZone, null, []).Id)),
            "unknown-vpc" => kit.SimpleAd(vpc: new { VpcId = "vpc-0123456789abcdef0", SubnetIds = new[] { subnets[0].Id, subnets[1].Id } }),
            "unknown-subnet" => kit.SimpleAd(vpc: Vpc(subnets[0].Id, "subnet-0123456789abcdef0")),
            "subnet-of-other-vpc" => kit.SimpleAd(vpc: Vpc(subnets[0].Id, OtherVpcSubnet(kit))),
            "no-vpc-settings" => new { Name = "corp.example.com", Password = DsTestKit.Password, Size = "Small" },
            "weak-password" => kit.SimpleAd(password: "alllowercase1"),
            "long-password" => kit.SimpleAd(password: "Aa1!" + new string('x', 61)),
            "bad-name" => kit.SimpleAd(name: "corp"),
            "bad-short-name" => new { Name = "corp.example.com", ShortName = "CO/RP", Password = DsTestKit.Password, Size = "Small", VpcSettings = Vpc(subnets[0].Id, subnets[1].Id) },
            "reserved-tag" => kit.SimpleAd(tags: new[] { new { Key = "aws:owner", Value = "x" } }),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateDirectory", request), expectedType);
        (await kit.Wire.JsonAsync("ds", "DescribeDirectories")).Ok()["DirectoryDescriptions"]!.AsArray().Should().BeEmpty();
        // Nothing was reserved by a rejected request.
        kit.Network.NetworkInterfaces.List(kit.Scope).Should().BeEmpty();
    }

    private static string OtherVpcSubnet(DsTestKit kit)
    {
        var vpc = kit.Network.CreateVpc(kit.Context, "10.20.0.0/16", "default", []);
        return kit.Network.CreateSubnet(kit.Context, vpc.Id, "10.20.1.0/24", "us-east-1b", null, []).Id;
    }

    [Theory]
    [InlineData("Abcdefg1")]          // upper, lower, digit
    [InlineData("abcdefg1!")]         // lower, digit, symbol
    [InlineData("ABCDEFG1!")]         // upper, digit, symbol
    [InlineData("Abcdefg!")]          // upper, lower, symbol
    public async Task The_model_password_lookahead_pattern_accepts_three_of_four_classes(string password)
    {
        var kit = new DsTestKit(factory);
        (await kit.Wire.JsonAsync("ds", "CreateDirectory", kit.SimpleAd(password: password))).Ok();
        PasswordHasher.IsComplex(password).Should().BeTrue();
        PasswordHasher.IsComplex("abcdefgh1").Should().BeFalse();
    }

    [Fact]
    public async Task DescribeDirectories_pages_with_Limit_and_rejects_unknown_ids_and_tokens()
    {
        var kit = new DsTestKit(factory);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await kit.Wire.JsonAsync("ds", "CreateDirectory", kit.SimpleAd(name: $"corp{i}.example.com"))).Ok()["DirectoryId"]!.GetValue<string>());

        var first = (await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { Limit = 2 })).Ok();
        first["DirectoryDescriptions"]!.AsArray().Select(d => d!["DirectoryId"]!.GetValue<string>()).Should().Equal(ids[0], ids[1]);
        var token = first["NextToken"]!.GetValue<string>();
        var second = (await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { Limit = 2, NextToken = token })).Ok();
        second["DirectoryDescriptions"]!.AsArray().Select(d => d!["DirectoryId"]!.GetValue<string>()).Should().Equal(ids[2]);
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();

        var all = (await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { Limit = 0 })).Ok();
        all["DirectoryDescriptions"]!.AsArray().Should().HaveCount(3);
        var some = (await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { ids[2], ids[0] } })).Ok();
        some["DirectoryDescriptions"]!.AsArray().Select(d => d!["DirectoryId"]!.GetValue<string>()).Should().Equal(ids[2], ids[0]);

        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { "d-0000000000" } }),
            "EntityDoesNotExistException", "Directory d-0000000000 does not exist.");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { NextToken = "bm90IGEgdG9rZW4=" }), "InvalidNextTokenException");
    }

    [Fact]
    public async Task Tags_are_added_listed_paged_removed_and_limited_to_50()
    {
        var kit = new DsTestKit(factory);
        var id = (await kit.Wire.JsonAsync("ds", "CreateDirectory", kit.SimpleAd(tags: new[] { new { Key = "team", Value = "a" } }))).Ok()["DirectoryId"]!.GetValue<string>();
        (await kit.Wire.JsonAsync("ds", "AddTagsToResource", new
        {
            ResourceId = id, Tags = new[] { new { Key = "team", Value = "b" }, new { Key = "env", Value = "dev" } },
        })).Ok();
        var tags = (await kit.Wire.JsonAsync("ds", "ListTagsForResource", new { ResourceId = id })).Ok()["Tags"]!.AsArray();
        tags.Select(t => (t!["Key"]!.GetValue<string>(), t["Value"]!.GetValue<string>())).Should().Equal(("team", "b"), ("env", "dev"));

        var page = (await kit.Wire.JsonAsync("ds", "ListTagsForResource", new { ResourceId = id, Limit = 1 })).Ok();
        page["Tags"]!.AsArray().Should().HaveCount(1);
        page["NextToken"].Should().NotBeNull();

        (await kit.Wire.JsonAsync("ds", "RemoveTagsFromResource", new { ResourceId = id, TagKeys = new[] { "team" } })).Ok();
        (await kit.Wire.JsonAsync("ds", "ListTagsForResource", new { ResourceId = id })).Ok()["Tags"]!.AsArray()
            .Select(t => t!["Key"]!.GetValue<string>()).Should().Equal("env");

        var many = Enumerable.Range(0, 50).Select(i => new { Key = $"k{i}", Value = "v" }).ToArray();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "AddTagsToResource", new { ResourceId = id, Tags = many }), "TagLimitExceededException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "ListTagsForResource", new { ResourceId = "d-0000000000" }), "EntityDoesNotExistException");
    }

    [Fact]
    public async Task DeleteDirectory_releases_the_network_and_removes_the_directory()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        var groupId = (await kit.DescribeAsync(id))["VpcSettings"]!["SecurityGroupId"]!.GetValue<string>();

        (await kit.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = id })).Ok()["DirectoryId"]!.GetValue<string>().Should().Be(id);
        await Eventually.WaitAsync(() => kit.Wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { id } }),
            r => r.Status == 400, "the directory to be gone");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { id } }), "EntityDoesNotExistException");
        kit.Network.NetworkInterfaces.List(kit.Scope).Should().NotContain(n => n.OwnerResourceId == id);
        kit.Network.SecurityGroups.Get(kit.Scope, groupId).Should().BeNull();
        new DirectoryQueries(kit.Store).FindUser(kit.Scope, id, "Administrator").Should().BeNull();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = id }), "EntityDoesNotExistException");
    }

    [Fact]
    public async Task DeleteDirectory_refuses_a_directory_registered_with_WorkSpaces()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        kit.Store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories).Put(new WorkspaceDirectoryRecord(
            id, kit.Scope, "REGISTERED", null, "SLiad+ABCDEF", [], "sg-0123456789abcdef0", null, false, null, null, null, null, [], [], DateTimeOffset.UtcNow));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = id }), "ClientException", "WorkSpaces");
        (await kit.DescribeAsync(id))["Stage"]!.GetValue<string>().Should().Be("Active");
    }

    [Fact]
    public async Task Directory_limits_count_each_type_and_the_eleventh_Simple_AD_is_refused()
    {
        var kit = new DsTestKit(factory);
        for (var i = 0; i < 10; i++) (await kit.Wire.JsonAsync("ds", "CreateDirectory", kit.SimpleAd())).Ok();
        var limits = (await kit.Wire.JsonAsync("ds", "GetDirectoryLimits")).Ok()["DirectoryLimits"]!;
        limits["CloudOnlyDirectoriesLimit"]!.GetValue<int>().Should().Be(10);
        limits["CloudOnlyDirectoriesCurrentCount"]!.GetValue<int>().Should().Be(10);
        limits["CloudOnlyDirectoriesLimitReached"]!.GetValue<bool>().Should().BeTrue();
        limits["CloudOnlyMicrosoftADCurrentCount"]!.GetValue<int>().Should().Be(0);
        limits["ConnectedDirectoriesLimit"]!.GetValue<int>().Should().Be(10);
        limits["ConnectedDirectoriesLimitReached"]!.GetValue<bool>().Should().BeFalse();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateDirectory", kit.SimpleAd()), "DirectoryLimitExceededException");
    }

    [Fact]
    public async Task ResetUserPassword_checks_user_and_complexity_and_re_enables_the_user()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        (await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = "jdoe" })).Ok();
        var queries = new DirectoryQueries(kit.Store);

        ShouldBeError(await kit.Wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = id, UserName = "nobody", NewPassword = "N3w-Password" }),
            "UserDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = id, UserName = "jdoe", NewPassword = "weak" }),
            "InvalidPasswordException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = "d-0000000000", UserName = "jdoe", NewPassword = "N3w-Password" }),
            "EntityDoesNotExistException");
        queries.VerifyPassword(kit.Scope, id, "jdoe", "N3w-Password").Should().BeFalse("a new user has no password and is disabled");

        (await kit.Wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = id, UserName = "JDOE", NewPassword = "N3w-Password" })).Ok();
        queries.VerifyPassword(kit.Scope, id, "jdoe", "N3w-Password").Should().BeTrue();
        queries.FindUser(kit.Scope, id, "jdoe")!.Enabled.Should().BeTrue();

        (await kit.Wire.RestJsonAsync($"/Users/DisableUser?DirectoryId={id}", new { SAMAccountName = "jdoe" })).Ok();
        queries.VerifyPassword(kit.Scope, id, "jdoe", "N3w-Password").Should().BeFalse();
        (await kit.Wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = id, UserName = "jdoe", NewPassword = "An0ther-Password" })).Ok();
        queries.VerifyPassword(kit.Scope, id, "jdoe", "An0ther-Password").Should().BeTrue();
    }

    [Fact]
    public async Task Directories_are_isolated_by_account_and_region()
    {
        var owner = new DsTestKit(factory);
        var id = (await owner.Wire.JsonAsync("ds", "CreateDirectory", owner.SimpleAd())).Ok()["DirectoryId"]!.GetValue<string>();
        foreach (var other in new[] { new DsTestKit(factory), new DsTestKit(factory, owner.Account, "eu-west-1") })
        {
            (await other.Wire.JsonAsync("ds", "DescribeDirectories")).Ok()["DirectoryDescriptions"]!.AsArray().Should().BeEmpty();
            ShouldBeError(await other.Wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { id } }), "EntityDoesNotExistException");
            ShouldBeError(await other.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = id }), "EntityDoesNotExistException");
            (await other.Wire.JsonAsync("ds", "GetDirectoryLimits")).Ok()["DirectoryLimits"]!["CloudOnlyDirectoriesCurrentCount"]!.GetValue<int>().Should().Be(0);
        }
        (await owner.Wire.JsonAsync("ds", "DescribeDirectories")).Ok()["DirectoryDescriptions"]!.AsArray().Should().HaveCount(1);
    }
}
