using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class IpGroupTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static object Rule(string ip, string? desc = null) => desc is null ? new { ipRule = ip } : new { ipRule = ip, ruleDesc = desc };

    private static async Task<string> Create(WorkSpacesTestBed bed, string name, params object[] rules)
    {
        var body = (await bed.Call("CreateIpGroup", new { GroupName = name, UserRules = rules })).Ok();
        return body["GroupId"]!.GetValue<string>();
    }

    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    private static async Task<JsonNode> Describe(WorkSpacesTestBed bed, string groupId) =>
        (await bed.Call("DescribeIpGroups", new { GroupIds = new[] { groupId } })).Ok()["Result"]!.AsArray().Single()!;

    private static List<string> Rules(JsonNode group) => group["userRules"]!.AsArray().Select(r => r!["ipRule"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Create_and_describe_use_the_lower_case_member_names()
    {
        var bed = new WorkSpacesTestBed(factory);
        var created = (await bed.Call("CreateIpGroup", new
        {
            GroupName = "office",
            GroupDesc = "Head office",
            UserRules = new[] { Rule("10.0.0.0/16", "office"), Rule("203.0.113.25") },
            Tags = new[] { new { Key = "team", Value = "it" } },
        })).Ok();
        var id = created["GroupId"]!.GetValue<string>();
        id.Should().MatchRegex("^wsipg-[0-9a-z]{9}$");
        created.AsObject().Select(p => p.Key).Should().Equal("GroupId");

        var body = (await bed.Call("DescribeIpGroups")).Ok();
        body.AsObject().ContainsKey("NextToken").Should().BeFalse();
        var group = body["Result"]!.AsArray().Single()!.AsObject();
        group.Select(p => p.Key).Should().BeEquivalentTo("groupId", "groupName", "groupDesc", "userRules");
        group["groupId"]!.GetValue<string>().Should().Be(id);
        group["groupName"]!.GetValue<string>().Should().Be("office");
        group["groupDesc"]!.GetValue<string>().Should().Be("Head office");
        var rules = group["userRules"]!.AsArray();
        rules[0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("ipRule", "ruleDesc");
        rules[0]!["ipRule"]!.GetValue<string>().Should().Be("10.0.0.0/16");
        rules[0]!["ruleDesc"]!.GetValue<string>().Should().Be("office");
        rules[1]!.AsObject().Select(p => p.Key).Should().Equal("ipRule");
        rules[1]!["ipRule"]!.GetValue<string>().Should().Be("203.0.113.25");

        var tags = (await bed.Call("DescribeTags", new { ResourceId = id })).Ok();
        tags["TagList"]!.AsArray().Single()!["Key"]!.GetValue<string>().Should().Be("team");
    }

    [Fact]
    public async Task Create_refuses_duplicate_names_bad_rules_and_too_many_rules()
    {
        var bed = new WorkSpacesTestBed(factory);
        await Create(bed, "dup");
        ShouldFail(await bed.Call("CreateIpGroup", new { GroupName = "dup" }), "ResourceAlreadyExistsException");
        ShouldFail(await bed.Call("CreateIpGroup", new { GroupName = "" }), "InvalidParameterValuesException");
        foreach (var bad in new[] { "10.0.0.0/33", "10.0.0/16", "not-an-ip", "", "2001:db8::/32", "300.1.1.1/8" })
            ShouldFail(await bed.Call("CreateIpGroup", new { GroupName = "bad", UserRules = new[] { Rule(bad) } }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("CreateIpGroup", new { GroupName = "twice", UserRules = new[] { Rule("1.2.3.4"), Rule("1.2.3.4/32") } }),
            "InvalidParameterValuesException");
        var eleven = Enumerable.Range(1, 11).Select(i => Rule($"10.{i}.0.0/16")).ToArray();
        ShouldFail(await bed.Call("CreateIpGroup", new { GroupName = "big", UserRules = eleven }), "ResourceLimitExceededException");
        (await bed.Call("CreateIpGroup", new { GroupName = "ten", UserRules = eleven.Take(10).ToArray() })).Ok();

        // Names are unique per account and Region only.
        (await new WorkSpacesTestBed(factory, account: bed.Account, region: "eu-west-1").Call("CreateIpGroup", new { GroupName = "dup" })).Ok();
        (await new WorkSpacesTestBed(factory).Call("CreateIpGroup", new { GroupName = "dup" })).Ok();
    }

    [Fact]
    public async Task At_most_100_groups_per_account_and_region()
    {
        var bed = new WorkSpacesTestBed(factory);
        for (var i = 0; i < 100; i++) await Create(bed, $"g{i:D3}");
        ShouldFail(await bed.Call("CreateIpGroup", new { GroupName = "one-too-many" }), "ResourceLimitExceededException");
        (await new WorkSpacesTestBed(factory, account: bed.Account, region: "us-west-2").Call("CreateIpGroup", new { GroupName = "elsewhere" })).Ok();
    }

    [Fact]
    public async Task Describe_pages_with_MaxResults_and_filters_by_GroupIds()
    {
        var bed = new WorkSpacesTestBed(factory);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add(await Create(bed, $"page-{i}"));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var body = (await bed.Call("DescribeIpGroups", token is null ? new { MaxResults = 3 } : new { MaxResults = 3, NextToken = token })).Ok();
            var page = body["Result"]!.AsArray();
            page.Count.Should().BeLessThanOrEqualTo(3);
            seen.AddRange(page.Select(g => g!["groupId"]!.GetValue<string>()));
            token = body["NextToken"]?.GetValue<string>();
            pages++;
        } while (token is not null);
        pages.Should().Be(3);
        seen.Should().Equal(ids);

        var some = (await bed.Call("DescribeIpGroups", new { GroupIds = new[] { ids[4], ids[1], "wsipg-000000000" } })).Ok();
        some["Result"]!.AsArray().Select(g => g!["groupId"]!.GetValue<string>()).Should().BeEquivalentTo(ids[1], ids[4]);

        ShouldFail(await bed.Call("DescribeIpGroups", new { NextToken = "garbage" }), "InvalidParameterValuesException");
        (await bed.Call("DescribeIpGroups", new { MaxResults = 26 })).Status.Should().Be(400);
        (await bed.Call("DescribeIpGroups", new { MaxResults = 0 })).Status.Should().Be(400);
    }

    [Fact]
    public async Task Authorize_revoke_and_update_rules()
    {
        var bed = new WorkSpacesTestBed(factory);
        var id = await Create(bed, "rules", Rule("10.0.0.0/16", "office"));

        (await bed.Call("AuthorizeIpRules", new { GroupId = id, UserRules = new[] { Rule("192.168.1.0/24", "vpn"), Rule("198.51.100.7") } })).Ok()
            .AsObject().Should().BeEmpty();
        Rules(await Describe(bed, id)).Should().Equal("10.0.0.0/16", "192.168.1.0/24", "198.51.100.7");

        ShouldFail(await bed.Call("AuthorizeIpRules", new { GroupId = id, UserRules = new[] { Rule("10.0.0.0/16") } }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("AuthorizeIpRules", new { GroupId = id, UserRules = new[] { Rule("10.0.0.0/40") } }), "InvalidParameterValuesException");
        var eight = Enumerable.Range(1, 8).Select(i => Rule($"172.{16 + i}.0.0/16")).ToArray();
        ShouldFail(await bed.Call("AuthorizeIpRules", new { GroupId = id, UserRules = eight }), "ResourceLimitExceededException");
        Rules(await Describe(bed, id)).Should().HaveCount(3, "a refused request changes nothing");
        (await bed.Call("AuthorizeIpRules", new { GroupId = id, UserRules = eight.Take(7).ToArray() })).Ok();
        Rules(await Describe(bed, id)).Should().HaveCount(10);

        (await bed.Call("RevokeIpRules", new { GroupId = id, UserRules = new[] { "192.168.1.0/24", "198.51.100.7/32", "8.8.8.8/32" } })).Ok()
            .AsObject().Should().BeEmpty();
        Rules(await Describe(bed, id)).Should().HaveCount(8).And.NotContain(["192.168.1.0/24", "198.51.100.7"]);
        ShouldFail(await bed.Call("RevokeIpRules", new { GroupId = id, UserRules = new[] { "bogus" } }), "InvalidParameterValuesException");

        (await bed.Call("UpdateRulesOfIpGroup", new { GroupId = id, UserRules = new[] { Rule("0.0.0.0/0", "anywhere") } })).Ok().AsObject().Should().BeEmpty();
        var group = await Describe(bed, id);
        Rules(group).Should().Equal("0.0.0.0/0");
        group["userRules"]![0]!["ruleDesc"]!.GetValue<string>().Should().Be("anywhere");
        var eleven = Enumerable.Range(1, 11).Select(i => Rule($"10.{i}.0.0/16")).ToArray();
        ShouldFail(await bed.Call("UpdateRulesOfIpGroup", new { GroupId = id, UserRules = eleven }), "ResourceLimitExceededException");
        (await bed.Call("UpdateRulesOfIpGroup", new { GroupId = id, UserRules = Array.Empty<object>() })).Ok();
        (await Describe(bed, id))["userRules"]!.AsArray().Should().BeEmpty();

        foreach (var op in new[] { "AuthorizeIpRules", "UpdateRulesOfIpGroup" })
        {
            var missing = await bed.Call(op, new { GroupId = "wsipg-000000000", UserRules = new[] { Rule("1.1.1.1/32") } });
            ShouldFail(missing, "ResourceNotFoundException");
            missing.Json["ResourceId"]!.GetValue<string>().Should().Be("wsipg-000000000");
        }
        ShouldFail(await bed.Call("RevokeIpRules", new { GroupId = "wsipg-000000000", UserRules = new[] { "1.1.1.1/32" } }), "ResourceNotFoundException");
        (await bed.Call("AuthorizeIpRules", new { GroupId = "not-a-group", UserRules = new[] { Rule("1.1.1.1/32") } })).Status.Should().Be(400);
    }

    [Fact]
    public async Task Associate_disassociate_and_delete_follow_the_association_rules()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        var a = await Create(bed, "a", Rule("10.0.0.0/16"));
        var b = await Create(bed, "b");

        (await bed.Call("AssociateIpGroups", new { DirectoryId = directoryId, GroupIds = new[] { a, b } })).Ok().AsObject().Should().BeEmpty();
        (await bed.Call("AssociateIpGroups", new { DirectoryId = directoryId, GroupIds = new[] { a } })).Ok();
        var directory = (await bed.DescribeDirectory(directoryId))!;
        directory.AsObject().ContainsKey("IpGroupIds").Should().BeFalse();
        directory["ipGroupIds"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal(a, b);

        var refused = await bed.Call("DeleteIpGroup", new { GroupId = a });
        ShouldFail(refused, "ResourceAssociatedException");

        ShouldFail(await bed.Call("AssociateIpGroups", new { DirectoryId = "d-0000000000", GroupIds = new[] { a } }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("AssociateIpGroups", new { DirectoryId = directoryId, GroupIds = new[] { "wsipg-000000000" } }), "ResourceNotFoundException");
        var unregistered = bed.SeedDirectory();
        ShouldFail(await bed.Call("AssociateIpGroups", new { DirectoryId = unregistered.Id, GroupIds = new[] { a } }), "ResourceNotFoundException");

        (await bed.Call("DisassociateIpGroups", new { DirectoryId = directoryId, GroupIds = new[] { a } })).Ok().AsObject().Should().BeEmpty();
        (await bed.DescribeDirectory(directoryId))!["ipGroupIds"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal(b);
        ShouldFail(await bed.Call("DisassociateIpGroups", new { DirectoryId = "d-0000000000", GroupIds = new[] { a } }), "ResourceNotFoundException");

        (await bed.Call("DeleteIpGroup", new { GroupId = a })).Ok().AsObject().Should().BeEmpty();
        (await bed.Call("DescribeIpGroups", new { GroupIds = new[] { a } })).Ok()["Result"]!.AsArray().Should().BeEmpty();
        ShouldFail(await bed.Call("DeleteIpGroup", new { GroupId = a }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("DescribeTags", new { ResourceId = a }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task A_directory_takes_at_most_25_groups()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        var ids = new List<string>();
        for (var i = 0; i < 26; i++) ids.Add(await Create(bed, $"g{i}"));

        (await bed.Call("AssociateIpGroups", new { DirectoryId = directoryId, GroupIds = ids.Take(20).ToArray() })).Ok();
        ShouldFail(await bed.Call("AssociateIpGroups", new { DirectoryId = directoryId, GroupIds = ids.Skip(20).ToArray() }), "ResourceLimitExceededException");
        (await bed.DescribeDirectory(directoryId))!["ipGroupIds"]!.AsArray().Should().HaveCount(20);
        (await bed.Call("AssociateIpGroups", new { DirectoryId = directoryId, GroupIds = ids.Skip(20).Take(5).ToArray() })).Ok();
        (await bed.DescribeDirectory(directoryId))!["ipGroupIds"]!.AsArray().Should().HaveCount(25);
    }

    [Fact]
    public async Task Tags_work_on_ip_groups()
    {
        var bed = new WorkSpacesTestBed(factory);
        var id = await Create(bed, "tagged");
        (await bed.Call("CreateTags", new { ResourceId = id, Tags = new[] { new { Key = "env", Value = "dev" }, new { Key = "team", Value = "qa" } } })).Ok();
        (await bed.Call("DeleteTags", new { ResourceId = id, TagKeys = new[] { "team" } })).Ok();
        var tags = (await bed.Call("DescribeTags", new { ResourceId = id })).Ok()["TagList"]!.AsArray();
        tags.Select(t => t!["Key"]!.GetValue<string>()).Should().Equal("env");
        ShouldFail(await bed.Call("CreateTags", new { ResourceId = "wsipg-000000000", Tags = new[] { new { Key = "a", Value = "b" } } }), "ResourceNotFoundException");
    }
}
