using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>The DC is the source of truth for the groups and memberships of a DC-backed directory: what ds-data does
/// is what samba-tool sees inside the DC, and the other way round (groups, type/scope, members, nesting, deletion),
/// and listings page through exactly what the DC holds. Real engine, real directory image.</summary>
[Collection("docker-end-to-end")]
public sealed class DirectoryGroupsDomainControllerTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wse-dcg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _instance = "dcg-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _subnetIds = [];

    private static string S(JsonNode? n) => n!.GetValue<string>();

    private static List<string> Names(JsonNode page, string list) => page[list]!.AsArray().Select(x => S(x!["SAMAccountName"])).ToList();

    private static void ShouldBeError(WireResponse response, int status, string type)
    {
        response.Status.Should().Be(status, response.Body);
        S(response.Json["__type"]).Should().Be(type, response.Body);
    }

    [SkippableFact]
    public async Task Groups_and_memberships_are_the_domain_controllers_both_ways()
    {
        DirectoryTestSupport.SkipWithoutImage();
        await using var emulator = DirectoryTestSupport.Emulator(_dataDir, _instance);
        var wire = emulator.Wire();
        var (vpcId, subnets) = DirectoryTestSupport.CreateVpc(emulator, _subnetIds);
        var id = S((await wire.JsonAsync("ds", "CreateDirectory", new
        {
            Name = "groups.example.com", ShortName = "GROUPS", Password = "Gr0ups-Secret!", Size = "Small",
            VpcSettings = new { VpcId = vpcId, SubnetIds = subnets },
        })).Ok()["DirectoryId"]);
        await DirectoryTestSupport.WaitStageAsync(wire, id, "Active");
        Task<WireResponse> Call(string path, object body) => wire.RestJsonAsync($"{path}?DirectoryId={id}", body);
        (int Exit, string Stdout, string Stderr) Tool(params string[] args) => DirectoryTestSupport.DcExec(id, ["samba-tool", .. args]);

        // ds-data → DC: a group with its type, scope and other attributes.
        var created = (await Call("/Groups/CreateGroup", new
        {
            SAMAccountName = "engineers", GroupType = "Security", GroupScope = "Global",
            OtherAttributes = new Dictionary<string, object> { ["description"] = new { S = "Builds things" } },
        })).Ok();
        S(created["SID"]).Should().StartWith("S-1-5-21-");
        var shown = Tool("group", "show", "engineers").Stdout;
        shown.Should().Contain("groupType: -2147483646").And.Contain("description: Builds things").And.Contain($"objectSid: {S(created["SID"])}");
        ShouldBeError(await Call("/Groups/CreateGroup", new { SAMAccountName = "ENGINEERS" }), 409, "ConflictException");

        // DC → ds-data: a group made with samba-tool, its type and scope read from groupType.
        Tool("group", "add", "ops", "--group-scope=Universal", "--group-type=Distribution").Exit.Should().Be(0);
        var ops = (await Call("/Groups/DescribeGroup", new { SAMAccountName = "ops", OtherAttributes = new[] { "groupType" } })).Ok();
        (S(ops["GroupType"]), S(ops["GroupScope"])).Should().Be(("Distribution", "Universal"));
        ops["OtherAttributes"]!["groupType"]!["N"]!.GetValue<long>().Should().Be(8);
        S(ops["DistinguishedName"]).Should().Be("CN=ops,CN=Users,DC=groups,DC=example,DC=com");
        // The DC's built-in groups are there too.
        var admins = (await Call("/Groups/DescribeGroup", new { SAMAccountName = "Administrators" })).Ok();
        (S(admins["GroupType"]), S(admins["GroupScope"])).Should().Be(("Security", "BuiltinLocal"));

        // Memberships both ways.
        (await Call("/Users/CreateUser", new { SAMAccountName = "alice" })).Ok();
        (await Call("/GroupMemberships/AddGroupMember", new { GroupName = "engineers", MemberName = "alice" })).Ok();
        Tool("group", "listmembers", "engineers").Stdout.Should().Contain("alice");
        Tool("user", "create", "bob", "B0b-Passw0rd!").Exit.Should().Be(0);
        Tool("group", "addmembers", "engineers", "bob").Exit.Should().Be(0);
        var members = (await Call("/GroupMemberships/ListGroupMembers", new { SAMAccountName = "engineers" })).Ok();
        members["Members"]!.AsArray().Select(m => (S(m!["SAMAccountName"]), S(m["MemberType"]))).Should().Equal(("alice", "USER"), ("bob", "USER"));
        Names((await Call("/GroupMemberships/ListGroupsForMember", new { SAMAccountName = "bob" })).Ok(), "Groups").Should().Equal("engineers");
        ShouldBeError(await Call("/GroupMemberships/AddGroupMember", new { GroupName = "engineers", MemberName = "bob" }), 409, "ConflictException");
        ShouldBeError(await Call("/GroupMemberships/RemoveGroupMember", new { GroupName = "ops", MemberName = "bob" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call("/GroupMemberships/AddGroupMember", new { GroupName = "engineers", MemberName = "nobody" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call("/GroupMemberships/AddGroupMember", new { GroupName = "nogroup", MemberName = "bob" }), 404, "ResourceNotFoundException");
        // A group in a group.
        (await Call("/GroupMemberships/AddGroupMember", new { GroupName = "ops", MemberName = "engineers" })).Ok();
        Tool("group", "listmembers", "ops").Stdout.Should().Contain("engineers");
        (await Call("/GroupMemberships/ListGroupMembers", new { SAMAccountName = "ops" })).Ok()["Members"]!.AsArray()
            .Select(m => (S(m!["SAMAccountName"]), S(m["MemberType"]))).Should().Equal(("engineers", "GROUP"));
        (await Call("/GroupMemberships/RemoveGroupMember", new { GroupName = "engineers", MemberName = "bob" })).Ok();
        Tool("group", "listmembers", "engineers").Stdout.Should().NotContain("bob");

        // UpdateGroup changes the DC's groupType (Global → Universal) and attributes.
        (await Call("/Groups/UpdateGroup", new
        {
            SAMAccountName = "engineers", GroupScope = "Universal",
            OtherAttributes = new Dictionary<string, object> { ["description"] = new { S = "Ships things" } },
        })).Ok();
        Tool("group", "show", "engineers").Stdout.Should().Contain("groupType: -2147483640").And.Contain("description: Ships things");

        // Pages: ListGroups and ListUsers in pages of 3 list exactly what the DC holds, once each.
        for (var i = 0; i < 4; i++) Tool("group", "add", $"team-{i}").Exit.Should().Be(0);
        async Task<List<string>> AllPages(string path, string list, object? extra = null)
        {
            var names = new List<string>();
            string? token = null;
            do
            {
                var body = new JsonObject { ["MaxResults"] = 3 };
                if (extra is not null) foreach (var (k, v) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject()) body[k] = v?.DeepClone();
                if (token is not null) body["NextToken"] = token;
                var page = (await Call(path, body)).Ok();
                page[list]!.AsArray().Count.Should().BeLessThanOrEqualTo(3);
                names.AddRange(Names(page, list));
                token = page["NextToken"]?.GetValue<string>();
            } while (token is not null);
            return names;
        }
        static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var groups = await AllPages("/Groups/ListGroups", "Groups");
        groups.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Lines(Tool("group", "list").Stdout));
        groups.Should().BeInAscendingOrder(StringComparer.OrdinalIgnoreCase);
        var users = await AllPages("/Users/ListUsers", "Users");
        users.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Lines(Tool("user", "list").Stdout));
        (await AllPages("/Groups/SearchGroups", "Groups", new { SearchString = "team", SearchAttributes = new[] { "sAMAccountName" } }))
            .Should().Equal("team-0", "team-1", "team-2", "team-3");
        ShouldBeError(await Call("/Groups/ListGroups", new { NextToken = "garbage" }), 400, "ValidationException");

        // Deletion: a deleted user leaves its groups; a deleted group leaves the groups it was in, on both sides.
        (await Call("/Users/DeleteUser", new { SAMAccountName = "alice" })).Ok();
        Tool("group", "listmembers", "engineers").Stdout.Should().NotContain("alice");
        (await Call("/Groups/DeleteGroup", new { SAMAccountName = "engineers" })).Ok();
        Tool("group", "show", "engineers").Exit.Should().NotBe(0);
        (await Call("/GroupMemberships/ListGroupMembers", new { SAMAccountName = "ops" })).Ok()["Members"]!.AsArray().Should().BeEmpty();
        ShouldBeError(await Call("/Groups/DescribeGroup", new { SAMAccountName = "engineers" }), 404, "ResourceNotFoundException");
        Tool("group", "delete", "ops").Exit.Should().Be(0);
        ShouldBeError(await Call("/Groups/DescribeGroup", new { SAMAccountName = "ops" }), 404, "ResourceNotFoundException");
        ShouldBeError(await Call("/Groups/DeleteGroup", new { SAMAccountName = "ops" }), 404, "ResourceNotFoundException");
    }

    public void Dispose()
    {
        DirectoryTestSupport.CleanUp(_instance, _subnetIds);
        try { Directory.Delete(_dataDir, true); } catch (IOException) { }
    }
}
