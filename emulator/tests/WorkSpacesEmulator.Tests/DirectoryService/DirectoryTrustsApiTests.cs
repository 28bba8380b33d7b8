using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>Trusts, directory sharing, settings, event topics, log subscriptions and Directory Data access over the wire.</summary>
public sealed class DirectoryTrustsApiTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private const string TrustPassword = "Tru$t Passw0rd!";

    private static void ShouldBeError(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
    }

    private static object MicrosoftAd(DsTestKit kit, string edition = "Standard")
    {
        var (vpcId, subnets) = kit.DefaultNetwork();
        return new { Name = "corp.example.com", Password = DsTestKit.Password, Edition = edition,
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } } };
    }

    private static async Task<JsonNode> Trust(DsTestKit kit, string trustId) =>
        (await kit.Wire.JsonAsync("ds", "DescribeTrusts", new { TrustIds = new[] { trustId } })).Ok()["Trusts"]![0]!;

    private static Task<JsonNode> WaitForTrust(DsTestKit kit, string trustId, string state) =>
        Eventually.WaitAsync(() => Trust(kit, trustId), t => t["TrustState"]!.GetValue<string>() == state, $"trust {trustId} {state}");

    private static async Task<JsonNode> Forwarders(DsTestKit kit, string directoryId) =>
        (await kit.Wire.JsonAsync("ds", "DescribeConditionalForwarders", new { DirectoryId = directoryId })).Ok()["ConditionalForwarders"]!;

    [Fact]
    public async Task Trusts_are_created_verified_updated_paged_and_deleted_with_their_forwarder()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        var created = (await kit.Wire.JsonAsync("ds", "CreateTrust", new
        {
            DirectoryId = id, RemoteDomainName = "onprem.example.org", TrustPassword, TrustDirection = "Two-Way",
            TrustType = "Forest", ConditionalForwarderIpAddrs = new[] { "10.1.0.10", "10.1.0.11" },
        })).Ok();
        var trustId = created["TrustId"]!.GetValue<string>();
        trustId.Should().MatchRegex("^t-[0-9a-f]{10}$");
        (await Trust(kit, trustId))["TrustState"]!.GetValue<string>().Should().BeOneOf("Creating", "Created", "Verifying", "Verified");
        var verified = await WaitForTrust(kit, trustId, "Verified");
        verified["DirectoryId"]!.GetValue<string>().Should().Be(id);
        verified["RemoteDomainName"]!.GetValue<string>().Should().Be("onprem.example.org");
        verified["TrustType"]!.GetValue<string>().Should().Be("Forest");
        verified["TrustDirection"]!.GetValue<string>().Should().Be("Two-Way");
        verified["SelectiveAuth"]!.GetValue<string>().Should().Be("Disabled");
        verified["CreatedDateTime"]!.GetValue<double>().Should().BePositive();
        verified["StateLastUpdatedDateTime"]!.GetValue<double>().Should().BePositive();
        verified.AsObject().ContainsKey("TrustPassword").Should().BeFalse();

        // The forwarder was created with the trust.
        var forwarders = await Forwarders(kit, id);
        forwarders.AsArray().Should().ContainSingle();
        forwarders[0]!["RemoteDomainName"]!.GetValue<string>().Should().Be("onprem.example.org");

        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateTrust", new { DirectoryId = id, RemoteDomainName = "ONPREM.example.org.", TrustPassword, TrustDirection = "Two-Way" }), "EntityAlreadyExistsException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateTrust", new { DirectoryId = id, RemoteDomainName = "corp.example.com", TrustPassword, TrustDirection = "Two-Way" }), "InvalidParameterException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateTrust", new { DirectoryId = id, RemoteDomainName = "x.example.org", TrustPassword, TrustDirection = "Sideways" }), "ValidationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateTrust", new { DirectoryId = "d-0000000000", RemoteDomainName = "x.example.org", TrustPassword, TrustDirection = "Two-Way" }), "EntityDoesNotExistException");

        // UpdateTrust: Updating → Updated → Verifying → Verified, with the new SelectiveAuth.
        var update = (await kit.Wire.JsonAsync("ds", "UpdateTrust", new { TrustId = trustId, SelectiveAuth = "Enabled" })).Ok();
        update["TrustId"]!.GetValue<string>().Should().Be(trustId);
        update["RequestId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        (await WaitForTrust(kit, trustId, "Verified"))["SelectiveAuth"]!.GetValue<string>().Should().Be("Enabled");

        (await kit.Wire.JsonAsync("ds", "VerifyTrust", new { TrustId = trustId })).Ok()["TrustId"]!.GetValue<string>().Should().Be(trustId);
        await WaitForTrust(kit, trustId, "Verified");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "VerifyTrust", new { TrustId = "t-0000000000" }), "EntityDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateTrust", new { TrustId = "t-0000000000", SelectiveAuth = "Enabled" }), "EntityDoesNotExistException");

        // Paging: two more trusts, External and one-way.
        foreach (var remote in new[] { "b.example.org", "c.example.org" })
            (await kit.Wire.JsonAsync("ds", "CreateTrust", new { DirectoryId = id, RemoteDomainName = remote, TrustPassword, TrustDirection = "One-Way: Outgoing", TrustType = "External" })).Ok();
        var first = (await kit.Wire.JsonAsync("ds", "DescribeTrusts", new { DirectoryId = id, Limit = 2 })).Ok();
        first["Trusts"]!.AsArray().Should().HaveCount(2);
        var second = (await kit.Wire.JsonAsync("ds", "DescribeTrusts", new { DirectoryId = id, Limit = 2, NextToken = first["NextToken"]!.GetValue<string>() })).Ok();
        second["Trusts"]!.AsArray().Should().ContainSingle();
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();
        (await kit.Wire.JsonAsync("ds", "DescribeTrusts", new { })).Ok()["Trusts"]!.AsArray().Should().HaveCount(3);
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeTrusts", new { DirectoryId = id, NextToken = "bogus" }), "InvalidNextTokenException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeTrusts", new { TrustIds = new[] { "t-0000000000" } }), "EntityDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeTrusts", new { DirectoryId = "d-0000000000" }), "EntityDoesNotExistException");

        // DeleteTrust with its forwarder: Deleting → gone.
        (await kit.Wire.JsonAsync("ds", "DeleteTrust", new { TrustId = trustId, DeleteAssociatedConditionalForwarder = true })).Ok()["TrustId"]!.GetValue<string>().Should().Be(trustId);
        (await Forwarders(kit, id)).AsArray().Should().BeEmpty();
        await Eventually.WaitAsync(() => kit.Wire.JsonAsync("ds", "DescribeTrusts", new { TrustIds = new[] { trustId } }), r => r.Status == 400, "trust gone");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeleteTrust", new { TrustId = trustId }), "EntityDoesNotExistException");
    }

    [Fact]
    public async Task Trusts_need_an_Active_Managed_AD_and_go_with_their_directory()
    {
        var kit = new DsTestKit(factory);
        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateTrust", new { DirectoryId = simple, RemoteDomainName = "onprem.example.org", TrustPassword, TrustDirection = "Two-Way" }), "UnsupportedOperationException");

        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        var trustId = (await kit.Wire.JsonAsync("ds", "CreateTrust", new { DirectoryId = id, RemoteDomainName = "onprem.example.org", TrustPassword, TrustDirection = "One-Way: Incoming" })).Ok()["TrustId"]!.GetValue<string>();
        (await kit.Wire.JsonAsync("ds", "CreateLogSubscription", new { DirectoryId = id, LogGroupName = "/aws/directoryservice/" + id })).Ok();
        (await kit.Wire.JsonAsync("ds", "RegisterEventTopic", new { DirectoryId = id, TopicName = "ds-events" })).Ok();
        (await kit.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = id })).Ok();
        await Eventually.WaitAsync(() => kit.Wire.JsonAsync("ds", "DescribeTrusts", new { TrustIds = new[] { trustId } }), r => r.Status == 400, "trust deleted with its directory");
        (await kit.Wire.JsonAsync("ds", "ListLogSubscriptions", new { })).Ok()["LogSubscriptions"]!.AsArray().Should().BeEmpty();
        (await kit.Wire.JsonAsync("ds", "DescribeEventTopics", new { })).Ok()["EventTopics"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Sharing_by_handshake_is_accepted_or_rejected_by_the_consumer_and_unshared_by_the_owner()
    {
        var owner = new DsTestKit(factory);
        var consumer = new DsTestKit(factory);
        var other = new DsTestKit(factory);
        var id = await owner.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(owner));

        var shared = (await owner.Wire.JsonAsync("ds", "ShareDirectory", new
        {
            DirectoryId = id, ShareNotes = "welcome", ShareMethod = "HANDSHAKE", ShareTarget = new { Id = consumer.Account, Type = "ACCOUNT" },
        })).Ok()["SharedDirectoryId"]!.GetValue<string>();
        shared.Should().MatchRegex("^d-[0-9a-f]{10}$").And.NotBe(id);
        ShouldBeError(await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = id, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = consumer.Account, Type = "ACCOUNT" } }), "DirectoryAlreadySharedException");
        ShouldBeError(await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = id, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = owner.Account, Type = "ACCOUNT" } }), "InvalidTargetException");
        ShouldBeError(await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = id, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = "not-an-account", Type = "ACCOUNT" } }), "InvalidTargetException");

        var described = (await owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = id })).Ok()["SharedDirectories"]!;
        described.AsArray().Should().ContainSingle();
        var entry = described[0]!;
        entry["ShareStatus"]!.GetValue<string>().Should().Be("PendingAcceptance");
        entry["OwnerAccountId"]!.GetValue<string>().Should().Be(owner.Account);
        entry["OwnerDirectoryId"]!.GetValue<string>().Should().Be(id);
        entry["SharedAccountId"]!.GetValue<string>().Should().Be(consumer.Account);
        entry["SharedDirectoryId"]!.GetValue<string>().Should().Be(shared);
        entry["ShareMethod"]!.GetValue<string>().Should().Be("HANDSHAKE");
        entry["ShareNotes"]!.GetValue<string>().Should().Be("welcome");

        // Only the addressed account can accept; the owner cannot.
        ShouldBeError(await other.Wire.JsonAsync("ds", "AcceptSharedDirectory", new { SharedDirectoryId = shared }), "EntityDoesNotExistException");
        ShouldBeError(await owner.Wire.JsonAsync("ds", "AcceptSharedDirectory", new { SharedDirectoryId = shared }), "EntityDoesNotExistException");
        var accepted = (await consumer.Wire.JsonAsync("ds", "AcceptSharedDirectory", new { SharedDirectoryId = shared })).Ok()["SharedDirectory"]!;
        accepted["SharedDirectoryId"]!.GetValue<string>().Should().Be(shared);
        accepted["ShareStatus"]!.GetValue<string>().Should().BeOneOf("Sharing", "Shared");
        await Eventually.WaitAsync(() => owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = id, SharedDirectoryIds = new[] { shared } }),
            r => r.Ok()["SharedDirectories"]![0]!["ShareStatus"]!.GetValue<string>() == "Shared", "share Shared");
        ShouldBeError(await consumer.Wire.JsonAsync("ds", "AcceptSharedDirectory", new { SharedDirectoryId = shared }), "DirectoryAlreadySharedException");
        ShouldBeError(await consumer.Wire.JsonAsync("ds", "RejectSharedDirectory", new { SharedDirectoryId = shared }), "DirectoryAlreadySharedException");

        // A second invitation is rejected by its consumer.
        var rejected = (await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = id, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = other.Account, Type = "ACCOUNT" } })).Ok()["SharedDirectoryId"]!.GetValue<string>();
        (await other.Wire.JsonAsync("ds", "RejectSharedDirectory", new { SharedDirectoryId = rejected })).Ok()["SharedDirectoryId"]!.GetValue<string>().Should().Be(rejected);
        await Eventually.WaitAsync(() => owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = id, SharedDirectoryIds = new[] { rejected } }),
            r => r.Ok()["SharedDirectories"]![0]!["ShareStatus"]!.GetValue<string>() == "Rejected", "share Rejected");
        ShouldBeError(await owner.Wire.JsonAsync("ds", "UnshareDirectory", new { DirectoryId = id, UnshareTarget = new { Id = other.Account, Type = "ACCOUNT" } }), "DirectoryNotSharedException");

        // Paging and errors.
        var page = (await owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = id, Limit = 1 })).Ok();
        page["SharedDirectories"]!.AsArray().Should().ContainSingle();
        var rest = (await owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = id, Limit = 1, NextToken = page["NextToken"]!.GetValue<string>() })).Ok();
        rest["SharedDirectories"]!.AsArray().Should().ContainSingle();
        ShouldBeError(await owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = id, NextToken = "bogus" }), "InvalidNextTokenException");
        ShouldBeError(await owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = "d-0000000000" }), "EntityDoesNotExistException");
        ShouldBeError(await consumer.Wire.JsonAsync("ds", "AcceptSharedDirectory", new { SharedDirectoryId = "d-0000000000" }), "EntityDoesNotExistException");

        // Unshare: Deleting → gone.
        (await owner.Wire.JsonAsync("ds", "UnshareDirectory", new { DirectoryId = id, UnshareTarget = new { Id = consumer.Account, Type = "ACCOUNT" } })).Ok()["SharedDirectoryId"]!.GetValue<string>().Should().Be(shared);
        await Eventually.WaitAsync(() => owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = id }),
            r => r.Ok()["SharedDirectories"]!.AsArray().All(s => s!["SharedDirectoryId"]!.GetValue<string>() != shared), "share removed");
        ShouldBeError(await owner.Wire.JsonAsync("ds", "UnshareDirectory", new { DirectoryId = id, UnshareTarget = new { Id = consumer.Account, Type = "ACCOUNT" } }), "DirectoryNotSharedException");
    }

    [Fact]
    public async Task Sharing_is_limited_per_edition_and_Organizations_shares_need_no_handshake()
    {
        var owner = new DsTestKit(factory);
        var id = await owner.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(owner));
        var organizationsShare = (await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = id, ShareMethod = "ORGANIZATIONS", ShareTarget = new { Id = DsTestKit.NewAccount(), Type = "ACCOUNT" } })).Ok()["SharedDirectoryId"]!.GetValue<string>();
        await Eventually.WaitAsync(() => owner.Wire.JsonAsync("ds", "DescribeSharedDirectories", new { OwnerDirectoryId = id, SharedDirectoryIds = new[] { organizationsShare } }),
            r => r.Ok()["SharedDirectories"]![0]!["ShareStatus"]!.GetValue<string>() == "Shared", "organizations share Shared");
        for (var i = 1; i < 5; i++)
            (await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = id, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = DsTestKit.NewAccount(), Type = "ACCOUNT" } })).Ok();
        ShouldBeError(await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = id, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = DsTestKit.NewAccount(), Type = "ACCOUNT" } }), "ShareLimitExceededException");

        var enterprise = await owner.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(owner, "Enterprise"));
        for (var i = 0; i < 6; i++)
            (await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = enterprise, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = DsTestKit.NewAccount(), Type = "ACCOUNT" } })).Ok();

        var simple = await owner.CreateActiveAsync("CreateDirectory", owner.SimpleAd());
        ShouldBeError(await owner.Wire.JsonAsync("ds", "ShareDirectory", new { DirectoryId = simple, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = DsTestKit.NewAccount(), Type = "ACCOUNT" } }), "UnsupportedOperationException");
    }

    [Fact]
    public async Task Settings_are_described_filtered_and_updated_through_Requested_Updating_Updated()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        var all = (await kit.Wire.JsonAsync("ds", "DescribeSettings", new { DirectoryId = id })).Ok();
        all["DirectoryId"]!.GetValue<string>().Should().Be(id);
        var tls = all["SettingEntries"]!.AsArray().Single(e => e!["Name"]!.GetValue<string>() == "TLS_1_0")!;
        tls["Type"]!.GetValue<string>().Should().Be("Protocol");
        tls["AppliedValue"]!.GetValue<string>().Should().Be("Enable");
        tls["RequestStatus"]!.GetValue<string>().Should().Be("Default");
        tls["AllowedValues"]!.GetValue<string>().Should().Be("[\"Enable\",\"Disable\"]");

        (await kit.Wire.JsonAsync("ds", "UpdateSettings", new { DirectoryId = id, Settings = new[] { new { Name = "TLS_1_0", Value = "Disable" } } })).Ok()["DirectoryId"]!.GetValue<string>().Should().Be(id);
        var updated = await Eventually.WaitAsync(() => kit.Wire.JsonAsync("ds", "DescribeSettings", new { DirectoryId = id, Status = "Updated" }),
            r => r.Ok()["SettingEntries"]!.AsArray().Count == 1, "TLS_1_0 Updated");
        var entry = updated.Json["SettingEntries"]![0]!;
        entry["Name"]!.GetValue<string>().Should().Be("TLS_1_0");
        entry["AppliedValue"]!.GetValue<string>().Should().Be("Disable");
        entry["RequestedValue"]!.GetValue<string>().Should().Be("Disable");
        entry["RequestDetailedStatus"]!["us-east-1"]!.GetValue<string>().Should().Be("Updated");
        entry["LastRequestedDateTime"]!.GetValue<double>().Should().BePositive();

        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateSettings", new { DirectoryId = id, Settings = new[] { new { Name = "NO_SUCH_SETTING", Value = "Enable" } } }), "UnsupportedSettingsException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateSettings", new { DirectoryId = id, Settings = new[] { new { Name = "TLS_1_1", Value = "Maybe" } } }), "InvalidParameterException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateSettings", new { DirectoryId = id, Settings = new[] { new { Name = "TLS_1_1", Value = "Enable" }, new { Name = "TLS_1_1", Value = "Disable" } } }), "IncompatibleSettingsException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeSettings", new { DirectoryId = id, NextToken = "bogus" }), "InvalidNextTokenException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeSettings", new { DirectoryId = "d-0000000000" }), "DirectoryDoesNotExistException");
        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeSettings", new { DirectoryId = simple }), "UnsupportedOperationException");
    }

    [Fact]
    public async Task Event_topics_and_log_subscriptions_are_registered_listed_and_removed()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        (await kit.Wire.JsonAsync("ds", "RegisterEventTopic", new { DirectoryId = id, TopicName = "ds-events" })).Ok();
        (await kit.Wire.JsonAsync("ds", "RegisterEventTopic", new { DirectoryId = id, TopicName = "ds-events" })).Ok();
        (await kit.Wire.JsonAsync("ds", "RegisterEventTopic", new { DirectoryId = id, TopicName = "other" })).Ok();
        var topics = (await kit.Wire.JsonAsync("ds", "DescribeEventTopics", new { DirectoryId = id, TopicNames = new[] { "ds-events" } })).Ok()["EventTopics"]!;
        topics.AsArray().Should().ContainSingle();
        topics[0]!["Status"]!.GetValue<string>().Should().Be("Registered");
        topics[0]!["TopicArn"]!.GetValue<string>().Should().Be($"arn:aws:sns:us-east-1:{kit.Account}:ds-events");
        topics[0]!["CreatedDateTime"]!.GetValue<double>().Should().BePositive();
        (await kit.Wire.JsonAsync("ds", "DescribeEventTopics", new { })).Ok()["EventTopics"]!.AsArray().Should().HaveCount(2);
        (await kit.Wire.JsonAsync("ds", "DeregisterEventTopic", new { DirectoryId = id, TopicName = "ds-events" })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeregisterEventTopic", new { DirectoryId = id, TopicName = "ds-events" }), "EntityDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterEventTopic", new { DirectoryId = "d-0000000000", TopicName = "x" }), "EntityDoesNotExistException");

        (await kit.Wire.JsonAsync("ds", "CreateLogSubscription", new { DirectoryId = id, LogGroupName = "/aws/directoryservice/corp" })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateLogSubscription", new { DirectoryId = id, LogGroupName = "/aws/directoryservice/other" }), "EntityAlreadyExistsException");
        var second = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        (await kit.Wire.JsonAsync("ds", "CreateLogSubscription", new { DirectoryId = second, LogGroupName = "/aws/directoryservice/second" })).Ok();
        var first = (await kit.Wire.JsonAsync("ds", "ListLogSubscriptions", new { Limit = 1 })).Ok();
        first["LogSubscriptions"]!.AsArray().Should().ContainSingle();
        first["LogSubscriptions"]![0]!["SubscriptionCreatedDateTime"]!.GetValue<double>().Should().BePositive();
        (await kit.Wire.JsonAsync("ds", "ListLogSubscriptions", new { Limit = 1, NextToken = first["NextToken"]!.GetValue<string>() })).Ok()["LogSubscriptions"]!.AsArray().Should().ContainSingle();
        var mine = (await kit.Wire.JsonAsync("ds", "ListLogSubscriptions", new { DirectoryId = id })).Ok()["LogSubscriptions"]!;
        mine[0]!["LogGroupName"]!.GetValue<string>().Should().Be("/aws/directoryservice/corp");
        (await kit.Wire.JsonAsync("ds", "DeleteLogSubscription", new { DirectoryId = id })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeleteLogSubscription", new { DirectoryId = id }), "EntityDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "ListLogSubscriptions", new { NextToken = "bogus" }), "InvalidNextTokenException");
        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        ShouldBeError(await kit.Wire.JsonAsync("ds", "CreateLogSubscription", new { DirectoryId = simple, LogGroupName = "/aws/directoryservice/simple" }), "UnsupportedOperationException");
    }

    [Fact]
    public async Task Directory_data_access_is_enabled_and_disabled_asynchronously()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        Task<WireResponse> Describe() => kit.Wire.JsonAsync("ds", "DescribeDirectoryDataAccess", new { DirectoryId = id });
        (await Describe()).Ok()["DataAccessStatus"]!.GetValue<string>().Should().Be("Disabled");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DisableDirectoryDataAccess", new { DirectoryId = id }), "DirectoryInDesiredStateException");
        (await kit.Wire.JsonAsync("ds", "EnableDirectoryDataAccess", new { DirectoryId = id })).Ok();
        (await Describe()).Ok()["DataAccessStatus"]!.GetValue<string>().Should().BeOneOf("Enabling", "Enabled");
        await Eventually.WaitAsync(Describe, r => r.Ok()["DataAccessStatus"]!.GetValue<string>() == "Enabled", "data access Enabled");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableDirectoryDataAccess", new { DirectoryId = id }), "DirectoryInDesiredStateException");
        (await kit.Wire.JsonAsync("ds", "DisableDirectoryDataAccess", new { DirectoryId = id })).Ok();
        await Eventually.WaitAsync(Describe, r => r.Ok()["DataAccessStatus"]!.GetValue<string>() == "Disabled", "data access Disabled");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeDirectoryDataAccess", new { DirectoryId = "d-0000000000" }), "DirectoryDoesNotExistException");
        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableDirectoryDataAccess", new { DirectoryId = simple }), "UnsupportedOperationException");
    }
}
