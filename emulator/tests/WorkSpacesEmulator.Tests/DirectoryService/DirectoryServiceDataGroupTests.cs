using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

public sealed class DirectoryServiceDataGroupTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldBeError(WireResponse response, int status, string type, string? reason = null)
    {
        response.Status.Should().Be(status, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["Message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        if (reason is not null) response.Json["Reason"]!.GetValue<string>().Should().Be(reason);
    }

    private async Task<(DsTestKit Kit, string Id)> ActiveDirectoryAsync(string operation = "CreateMicrosoftAD", DsTestKit? kit = null)
    {
        kit ??= new DsTestKit(factory);
        var (vpcId, subnets) = kit.DefaultNetwork();
        var id = await kit.CreateActiveAsync(operation, new
        {
            Name = "corp.example.com", ShortName = "CORP", Password = DsTestKit.Password, Size = operation == "CreateDirectory" ? "Small" : null,
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } },
        }.WithoutNulls());
        return (kit, id);
    }

    private static Task<WireResponse> Call(DsTestKit kit, string path, string id, object body) =>
        kit.Wire.RestJsonAsync($"{path}?DirectoryId={id}", body);

    private static List<string> Names(JsonNode page, string list) =>
        page[list]!.AsArray().Select(g => g!["SAMAccountName"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Groups_can_be_created_described_updated_listed_and_deleted()
    {
        var (kit, id) = await ActiveDirectoryAsync();
        var user = (await Call(kit, "/Users/CreateUser", id, new { SAMAccountName = "jane" })).Ok();
        var created = (await Call(kit, "/Groups/CreateGroup", id, new
        {
            SAMAccountName = "Sales Team",
            OtherAttributes = new Dictionary<string, object> { ["description"] = new { S = "Sales people" } },
        })).Ok();
        created["DirectoryId"]!.GetValue<string>().Should().Be(id);
        created["SAMAccountName"]!.GetValue<string>().Should().Be("Sales Team");
        var sid = created["SID"]!.GetValue<string>();
        sid.Should().MatchRegex(@"^S-1-5-21-\d+-\d+-\d+-\d+$");
        var rid = (string s) => long.Parse(s[(s.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        rid(sid).Should().Be(rid(user["SID"]!.GetValue<string>()) + 1, "users and groups draw RIDs from one pool");

        var group = (await Call(kit, "/Groups/DescribeGroup", id, new
        {
            SAMAccountName = "sales team", OtherAttributes = new[] { "description", "groupType", "objectSid", "missing" },
        })).Ok();
        group["SAMAccountName"]!.GetValue<string>().Should().Be("Sales Team");
        group["SID"]!.GetValue<string>().Should().Be(sid);
        group["GroupType"]!.GetValue<string>().Should().Be("Security");
        group["GroupScope"]!.GetValue<string>().Should().Be("Global");
        group["DistinguishedName"]!.GetValue<string>().Should().Be("CN=Sales Team,OU=Users,OU=CORP,DC=corp,DC=example,DC=com");
        group["Realm"]!.GetValue<string>().Should().Be("corp.example.com");
        var other = group["OtherAttributes"]!.AsObject();
        other.Select(p => p.Key).Should().BeEquivalentTo("description", "groupType", "objectSid");
        other["description"]!["S"]!.GetValue<string>().Should().Be("Sales people");
        other["groupType"]!["N"]!.GetValue<long>().Should().Be(-2147483646, "a global security group");

        (await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "mailing", GroupType = "Distribution", GroupScope = "Universal" })).Ok();
        // Users and groups share one sAMAccountName namespace, as in AD.
        ShouldBeError(await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "SALES TEAM" }), 409, "ConflictException");
        ShouldBeError(await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "Jane" }), 409, "ConflictException");
        ShouldBeError(await Call(kit, "/Users/CreateUser", id, new { SAMAccountName = "mailing" }), 409, "ConflictException");
        ShouldBeError(await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "x", GroupScope = "BuiltinLocal" }), 400, "ValidationException", "INVALID_ATTRIBUTE_VALUE");
        ShouldBeError(await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "x", GroupType = "Bogus" }), 400, "ValidationException");
        ShouldBeError(await Call(kit, "/Groups/CreateGroup", id, new
        {
            SAMAccountName = "x", OtherAttributes = new Dictionary<string, object> { ["member"] = new { S = "CN=jane" } },
        }), 400, "ValidationException", "INVALID_ATTRIBUTE_FOR_GROUP");

        var list = (await Call(kit, "/Groups/ListGroups", id, new { })).Ok();
        list["Realm"]!.GetValue<string>().Should().Be("corp.example.com");
        list["Groups"]!.AsArray().Select(g => (g!["SAMAccountName"]!.GetValue<string>(), g["GroupType"]!.GetValue<string>(), g["GroupScope"]!.GetValue<string>()))
            .Should().Equal(("Sales Team", "Security", "Global"), ("mailing", "Distribution", "Universal"));

        (await Call(kit, "/Groups/DeleteGroup", id, new { SAMAccountName = "Sales Team" })).Ok();
        ShouldBeError(await Call(kit, "/Groups/DescribeGroup", id, new { SAMAccountName = "Sales Team" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call(kit, "/Groups/DeleteGroup", id, new { SAMAccountName = "Sales Team" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call(kit, "/Groups/UpdateGroup", id, new { SAMAccountName = "Sales Team", GroupType = "Distribution" }), 404, "ResourceNotFoundException");
        Names((await Call(kit, "/Groups/ListGroups", id, new { })).Ok(), "Groups").Should().Equal("mailing");
    }

    [Fact]
    public async Task UpdateGroup_changes_type_scope_and_attributes()
    {
        var (kit, id) = await ActiveDirectoryAsync("CreateDirectory");
        (await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "ops" })).Ok();
        async Task<JsonNode> Describe() => (await Call(kit, "/Groups/DescribeGroup", id, new
        {
            SAMAccountName = "ops", OtherAttributes = new[] { "description", "info" },
        })).Ok();
        Task<WireResponse> Update(string? type, object body) => kit.Wire.RestJsonAsync($"/Groups/UpdateGroup?DirectoryId={id}",
            System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject().Also(o => { o["SAMAccountName"] = "ops"; if (type is not null) o["UpdateType"] = type; }).ToJsonString());

        var group = await Describe();
        group["DistinguishedName"]!.GetValue<string>().Should().Be("CN=ops,CN=Users,DC=corp,DC=example,DC=com", "Simple AD keeps objects in CN=Users");

        (await Update("ADD", new { OtherAttributes = new Dictionary<string, object> { ["description"] = new { S = "Operations" } } })).Ok();
        (await Describe())["OtherAttributes"]!["description"]!["S"]!.GetValue<string>().Should().Be("Operations");
        ShouldBeError(await Update("ADD", new { OtherAttributes = new Dictionary<string, object> { ["description"] = new { S = "again" } } }),
            400, "ValidationException", "ATTRIBUTE_EXISTS");

        (await Update(null, new { GroupType = "Distribution", OtherAttributes = new Dictionary<string, object> { ["description"] = new { S = "Ops" }, ["info"] = new { S = "x" } } })).Ok();
        group = await Describe();
        group["GroupType"]!.GetValue<string>().Should().Be("Distribution");
        group["OtherAttributes"]!["description"]!["S"]!.GetValue<string>().Should().Be("Ops");

        (await Update("REMOVE", new { OtherAttributes = new Dictionary<string, object> { ["description"] = new { S = "Ops" } } })).Ok();
        group = await Describe();
        group["OtherAttributes"]!.AsObject().Select(p => p.Key).Should().Equal("info");

        // AD converts Global and Domain Local groups only through Universal.
        ShouldBeError(await Update("REPLACE", new { GroupScope = "DomainLocal" }), 400, "ValidationException", "LDAP_UNSUPPORTED_OPERATION");
        (await Update("REPLACE", new { GroupScope = "Universal" })).Ok();
        (await Update("REPLACE", new { GroupScope = "DomainLocal" })).Ok();
        (await Describe())["GroupScope"]!.GetValue<string>().Should().Be("DomainLocal");
        ShouldBeError(await Update("REMOVE", new { GroupScope = "DomainLocal" }), 400, "ValidationException", "INVALID_ATTRIBUTE_FOR_MODIFY");
        ShouldBeError(await Update("REPLACE", new { GroupScope = "BuiltinLocal" }), 400, "ValidationException", "INVALID_ATTRIBUTE_VALUE");
        ShouldBeError(await Update("REPLACE", new { OtherAttributes = new Dictionary<string, object> { ["groupType"] = new { N = 2 } } }),
            400, "ValidationException", "INVALID_ATTRIBUTE_FOR_MODIFY");
    }

    [Fact]
    public async Task ListGroups_and_SearchGroups_page_with_MaxResults()
    {
        var (kit, id) = await ActiveDirectoryAsync();
        foreach (var name in new[] { "team-a", "team-b", "team-c", "other" })
            (await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = name })).Ok();
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = (await Call(kit, "/Groups/ListGroups", id, token is null ? new { MaxResults = 3 } : new { MaxResults = 3, NextToken = token })).Ok();
            page["Groups"]!.AsArray().Count.Should().BeLessThanOrEqualTo(3);
            names.AddRange(Names(page, "Groups"));
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        } while (token is not null);
        names.Should().Equal("team-a", "team-b", "team-c", "other");
        pages.Should().Be(2);
        ShouldBeError(await Call(kit, "/Groups/ListGroups", id, new { NextToken = "garbage" }), 400, "ValidationException", "INVALID_NEXT_TOKEN");
        ShouldBeError(await Call(kit, "/Groups/ListGroups", id, new { MaxResults = 0 }), 400, "ValidationException");

        var first = (await Call(kit, "/Groups/SearchGroups", id, new { SearchAttributes = new[] { "samAccountName" }, SearchString = "TEAM", MaxResults = 2 })).Ok();
        Names(first, "Groups").Should().Equal("team-a", "team-b");
        first["Groups"]![0]!["DistinguishedName"]!.GetValue<string>().Should().StartWith("CN=team-a,");
        var second = (await Call(kit, "/Groups/SearchGroups", id, new
        {
            SearchAttributes = new[] { "samAccountName" }, SearchString = "TEAM", MaxResults = 2, NextToken = first["NextToken"]!.GetValue<string>(),
        })).Ok();
        Names(second, "Groups").Should().Equal("team-c");
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();
        // A token belongs to its own listing.
        ShouldBeError(await Call(kit, "/Groups/SearchGroups", id, new
        {
            SearchAttributes = new[] { "description" }, SearchString = "TEAM", NextToken = first["NextToken"]!.GetValue<string>(),
        }), 400, "ValidationException", "INVALID_NEXT_TOKEN");
        Names((await Call(kit, "/Groups/SearchGroups", id, new { SearchAttributes = new[] { "samAccountName" }, SearchString = "nothing" })).Ok(), "Groups")
            .Should().BeEmpty();
    }

    [Fact]
    public async Task Members_are_added_listed_both_ways_and_removed()
    {
        var (kit, id) = await ActiveDirectoryAsync();
        var jane = (await Call(kit, "/Users/CreateUser", id, new { SAMAccountName = "jane" })).Ok()["SID"]!.GetValue<string>();
        (await Call(kit, "/Users/CreateUser", id, new { SAMAccountName = "bob" })).Ok();
        var devs = (await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "devs" })).Ok()["SID"]!.GetValue<string>();
        (await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "staff", GroupScope = "Universal" })).Ok();
        (await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "empty" })).Ok();

        (await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "devs", MemberName = "JANE" })).Ok();
        (await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "devs", MemberName = "bob", MemberRealm = "CORP.example.com" })).Ok();
        (await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "staff", MemberName = "jane" })).Ok();
        (await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "staff", MemberName = "devs" })).Ok();

        var members = (await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "devs" })).Ok();
        members["Realm"]!.GetValue<string>().Should().Be("corp.example.com");
        members["MemberRealm"]!.GetValue<string>().Should().Be("corp.example.com");
        members["Members"]!.AsArray().Select(m => (m!["SAMAccountName"]!.GetValue<string>(), m["MemberType"]!.GetValue<string>()))
            .Should().Equal(("jane", "USER"), ("bob", "USER"));
        members["Members"]![0]!["SID"]!.GetValue<string>().Should().Be(jane);
        var staff = (await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "staff", MaxResults = 1 })).Ok();
        staff["Members"]!.AsArray().Select(m => m!["MemberType"]!.GetValue<string>()).Should().Equal("USER");
        var staff2 = (await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "staff", MaxResults = 1, NextToken = staff["NextToken"]!.GetValue<string>() })).Ok();
        staff2["Members"]![0]!["SID"]!.GetValue<string>().Should().Be(devs);
        staff2["Members"]![0]!["MemberType"]!.GetValue<string>().Should().Be("GROUP");
        Names((await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "empty" })).Ok(), "Members").Should().BeEmpty();

        var groups = (await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "jane" })).Ok();
        groups["MemberRealm"]!.GetValue<string>().Should().Be("corp.example.com");
        groups["Groups"]!.AsArray().Select(g => (g!["SAMAccountName"]!.GetValue<string>(), g["GroupScope"]!.GetValue<string>()))
            .Should().Equal(("devs", "Global"), ("staff", "Universal"));
        Names((await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "devs" })).Ok(), "Groups").Should().Equal("staff");
        Names((await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "empty" })).Ok(), "Groups").Should().BeEmpty();

        // Adding a member twice is a conflict (documented for ConflictException); removing a non-member is not found.
        ShouldBeError(await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "DEVS", MemberName = "jane" }), 409, "ConflictException");
        ShouldBeError(await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "devs", MemberName = "devs" }), 400, "ValidationException", "LDAP_UNSUPPORTED_OPERATION");
        ShouldBeError(await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "devs", MemberName = "ghost" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "ghosts", MemberName = "jane" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "devs", MemberName = "jane", MemberRealm = "other.example.com" }),
            400, "ValidationException", "INVALID_REALM");
        ShouldBeError(await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "ghosts" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "devs", MemberRealm = "other.example.com" }),
            400, "ValidationException", "INVALID_REALM");
        ShouldBeError(await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "ghost" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "jane", Realm = "other.example.com" }),
            400, "ValidationException", "INVALID_REALM");
        // Every Realm and MemberRealm names the directory's domain or a verified trust's (a simulated directory has none).
        ShouldBeError(await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "devs", Realm = "other.example.com" }),
            400, "ValidationException", "INVALID_REALM");
        ShouldBeError(await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "jane", MemberRealm = "other.example.com" }),
            400, "ValidationException", "INVALID_REALM");
        ShouldBeError(await Call(kit, "/GroupMemberships/RemoveGroupMember", id, new { GroupName = "devs", MemberName = "jane", MemberRealm = "other.example.com" }),
            400, "ValidationException", "INVALID_REALM");
        var byName = (await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "jane", Realm = "CORP.EXAMPLE.COM", MemberRealm = "corp.example.com." })).Ok();
        byName["Realm"]!.GetValue<string>().Should().Be("corp.example.com");
        byName["MemberRealm"]!.GetValue<string>().Should().Be("corp.example.com");
        Names(byName, "Groups").Should().Equal("devs", "staff");

        (await Call(kit, "/GroupMemberships/RemoveGroupMember", id, new { GroupName = "devs", MemberName = "Bob" })).Ok();
        ShouldBeError(await Call(kit, "/GroupMemberships/RemoveGroupMember", id, new { GroupName = "devs", MemberName = "bob" }), 404, "ResourceNotFoundException");
        Names((await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "devs" })).Ok(), "Members").Should().Equal("jane");
        Names((await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "bob" })).Ok(), "Groups").Should().BeEmpty();
    }

    [Fact]
    public async Task Deleting_a_user_or_group_removes_its_memberships()
    {
        var (kit, id) = await ActiveDirectoryAsync();
        (await Call(kit, "/Users/CreateUser", id, new { SAMAccountName = "jane" })).Ok();
        (await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "devs" })).Ok();
        (await Call(kit, "/Groups/CreateGroup", id, new { SAMAccountName = "staff", GroupScope = "Universal" })).Ok();
        (await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "devs", MemberName = "jane" })).Ok();
        (await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "staff", MemberName = "jane" })).Ok();
        (await Call(kit, "/GroupMemberships/AddGroupMember", id, new { GroupName = "staff", MemberName = "devs" })).Ok();

        (await Call(kit, "/Users/DeleteUser", id, new { SAMAccountName = "jane" })).Ok();
        Names((await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "devs" })).Ok(), "Members").Should().BeEmpty();
        Names((await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "staff" })).Ok(), "Members").Should().Equal("devs");

        // A new namesake is a different object (new SID) and inherits nothing.
        (await Call(kit, "/Users/CreateUser", id, new { SAMAccountName = "jane" })).Ok();
        Names((await Call(kit, "/GroupMemberships/ListGroupsForMember", id, new { SAMAccountName = "jane" })).Ok(), "Groups").Should().BeEmpty();

        (await Call(kit, "/Groups/DeleteGroup", id, new { SAMAccountName = "devs" })).Ok();
        Names((await Call(kit, "/GroupMemberships/ListGroupMembers", id, new { SAMAccountName = "staff" })).Ok(), "Members").Should().BeEmpty();
        // The name is free again, for a user as well.
        (await Call(kit, "/Users/CreateUser", id, new { SAMAccountName = "devs" })).Ok();
    }

    [Fact]
    public async Task Groups_are_isolated_per_directory_and_account_and_need_an_active_directory()
    {
        var (kit, first) = await ActiveDirectoryAsync();
        var (_, second) = await ActiveDirectoryAsync("CreateDirectory", kit);
        (await Call(kit, "/Groups/CreateGroup", first, new { SAMAccountName = "devs" })).Ok();
        (await Call(kit, "/Groups/CreateGroup", second, new { SAMAccountName = "devs" })).Ok(); // the same name is free in another directory
        (await Call(kit, "/Groups/CreateGroup", second, new { SAMAccountName = "only-second" })).Ok();
        Names((await Call(kit, "/Groups/ListGroups", first, new { })).Ok(), "Groups").Should().Equal("devs");
        ShouldBeError(await Call(kit, "/Groups/DescribeGroup", first, new { SAMAccountName = "only-second" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call(kit, "/GroupMemberships/AddGroupMember", first, new { GroupName = "devs", MemberName = "only-second" }), 404, "ResourceNotFoundException");

        ShouldBeError(await Call(kit, "/Groups/ListGroups", "d-0000000000", new { }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call(kit, "/Groups/ListGroups", first, new { Realm = "other.example.com" }), 400, "ValidationException", "INVALID_REALM");

        var stranger = new DsTestKit(factory);
        ShouldBeError(await Call(stranger, "/Groups/ListGroups", first, new { }), 404, "ResourceNotFoundException");

        // A directory being deleted can no longer serve ds-data.
        (await kit.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = second })).Ok();
        var response = await Call(kit, "/Groups/CreateGroup", second, new { SAMAccountName = "late" });
        if (response.Status != 404) ShouldBeError(response, 400, "DirectoryUnavailableException", "INVALID_DIRECTORY_STATE");
    }
}
