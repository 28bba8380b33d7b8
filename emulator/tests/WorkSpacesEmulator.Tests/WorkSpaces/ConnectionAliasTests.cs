using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class ConnectionAliasTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    private static async Task<string> Create(WorkSpacesTestBed bed, string connectionString)
    {
        var body = (await bed.Call("CreateConnectionAlias", new { ConnectionString = connectionString })).Ok();
        return body["AliasId"]!.GetValue<string>();
    }

    private static async Task<JsonNode?> Describe(WorkSpacesTestBed bed, string aliasId) =>
        (await bed.Call("DescribeConnectionAliases", new { AliasIds = new[] { aliasId } })).Ok()["ConnectionAliases"]!.AsArray().SingleOrDefault();

    private static Task<JsonNode?> WaitFor(WorkSpacesTestBed bed, string aliasId, Func<JsonNode?, bool> condition, string what) =>
        Eventually.WaitAsync(() => Describe(bed, aliasId), condition, what);

    private static async Task<string> Created(WorkSpacesTestBed bed, string connectionString)
    {
        var id = await Create(bed, connectionString);
        await WaitFor(bed, id, a => a?["State"]?.GetValue<string>() == "CREATED", "CREATED");
        return id;
    }

    private static string? Status(JsonNode? alias) => alias?["Associations"]?[0]?["AssociationStatus"]?.GetValue<string>();

    [Fact]
    public async Task Create_and_describe_report_the_exact_members()
    {
        var bed = new WorkSpacesTestBed(factory);
        var created = (await bed.Call("CreateConnectionAlias", new
        {
            ConnectionString = "desktop.example.com",
            Tags = new[] { new { Key = "team", Value = "it" } },
        })).Ok();
        created.AsObject().Select(p => p.Key).Should().Equal("AliasId");
        var id = created["AliasId"]!.GetValue<string>();
        id.Should().MatchRegex("^wsca-[0-9a-z]{9}$");

        var alias = (await WaitFor(bed, id, a => a?["State"]?.GetValue<string>() == "CREATED", "CREATED"))!.AsObject();
        alias.Select(p => p.Key).Should().BeEquivalentTo("AliasId", "ConnectionString", "OwnerAccountId", "State");
        alias["ConnectionString"]!.GetValue<string>().Should().Be("desktop.example.com");
        alias["OwnerAccountId"]!.GetValue<string>().Should().Be(bed.Account);

        var all = (await bed.Call("DescribeConnectionAliases")).Ok();
        all.AsObject().ContainsKey("NextToken").Should().BeFalse();
        all["ConnectionAliases"]!.AsArray().Select(a => a!["AliasId"]!.GetValue<string>()).Should().Equal(id);

        var tags = (await bed.Call("DescribeTags", new { ResourceId = id })).Ok();
        tags["TagList"]!.AsArray().Single()!["Key"]!.GetValue<string>().Should().Be("team");
        (await bed.Call("CreateTags", new { ResourceId = id, Tags = new[] { new { Key = "env", Value = "dev" } } })).Ok();
        (await bed.Call("DescribeTags", new { ResourceId = id })).Ok()["TagList"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task Create_refuses_duplicates_bad_strings_and_the_21st_alias()
    {
        var bed = new WorkSpacesTestBed(factory);
        await Create(bed, "dup.example.com");
        ShouldFail(await bed.Call("CreateConnectionAlias", new { ConnectionString = "DUP.example.com" }), "ResourceAlreadyExistsException");
        foreach (var bad in new[] { "localhost", "-bad.example.com", "a..example.com", "example.com.", "10.0.0.1" })
            ShouldFail(await bed.Call("CreateConnectionAlias", new { ConnectionString = bad }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("CreateConnectionAlias", new { ConnectionString = "bad_char.example.com" }), "ValidationException");

        // Another account cannot take a string this account holds; the same account can use it in another Region.
        ShouldFail(await new WorkSpacesTestBed(factory).Call("CreateConnectionAlias", new { ConnectionString = "dup.example.com" }),
            "ResourceAlreadyExistsException");
        (await new WorkSpacesTestBed(factory, account: bed.Account, region: "eu-west-1")
            .Call("CreateConnectionAlias", new { ConnectionString = "dup.example.com" })).Ok();

        for (var i = 1; i < 20; i++) await Create(bed, $"d{i}.example.com");
        ShouldFail(await bed.Call("CreateConnectionAlias", new { ConnectionString = "d21.example.com" }), "ResourceLimitExceededException");
    }

    [Fact]
    public async Task Describe_pages_and_filters()
    {
        var bed = new WorkSpacesTestBed(factory);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await Create(bed, $"page{i}.example.com"));
        var first = (await bed.Call("DescribeConnectionAliases", new { Limit = 2 })).Ok();
        first["ConnectionAliases"]!.AsArray().Should().HaveCount(2);
        var seen = first["ConnectionAliases"]!.AsArray().Select(a => a!["AliasId"]!.GetValue<string>()).ToList();
        var token = first["NextToken"]!.GetValue<string>();
        while (token is not null)
        {
            var next = (await bed.Call("DescribeConnectionAliases", new { Limit = 2, NextToken = token })).Ok();
            seen.AddRange(next["ConnectionAliases"]!.AsArray().Select(a => a!["AliasId"]!.GetValue<string>()));
            token = next["NextToken"]?.GetValue<string>();
        }
        seen.Should().Equal(ids);

        var two = (await bed.Call("DescribeConnectionAliases", new { AliasIds = new[] { ids[3], ids[1], "wsca-zzzzzzzzz" } })).Ok();
        two["ConnectionAliases"]!.AsArray().Select(a => a!["AliasId"]!.GetValue<string>()).Should().BeEquivalentTo(ids[1], ids[3]);
        ShouldFail(await bed.Call("DescribeConnectionAliases", new { Limit = 26 }), "ValidationException");
        ShouldFail(await bed.Call("DescribeConnectionAliases", new { NextToken = "garbage" }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("DescribeConnectionAliases", new { AliasIds = new[] { ids[0] }, ResourceId = "d-0123456789" }),
            "InvalidParameterValuesException");
        (await bed.Call("DescribeConnectionAliases", new { ResourceId = "d-0123456789" })).Ok()["ConnectionAliases"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Associate_disassociate_and_delete_follow_the_lifecycle()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        var id = await Created(bed, "assoc.example.com");

        ShouldFail(await bed.Call("AssociateConnectionAlias", new { AliasId = id, ResourceId = "d-0123456789" }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("AssociateConnectionAlias", new { AliasId = "wsca-zzzzzzzzz", ResourceId = directoryId }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("DisassociateConnectionAlias", new { AliasId = id }), "InvalidResourceStateException");

        var associated = (await bed.Call("AssociateConnectionAlias", new { AliasId = id, ResourceId = directoryId })).Ok();
        associated.AsObject().Select(p => p.Key).Should().Equal("ConnectionIdentifier");
        var identifier = associated["ConnectionIdentifier"]!.GetValue<string>();
        identifier.Should().MatchRegex("^[a-zA-Z0-9]{1,20}$");

        var alias = (await WaitFor(bed, id, a => Status(a) == "ASSOCIATED_WITH_OWNER_ACCOUNT", "ASSOCIATED_WITH_OWNER_ACCOUNT"))!;
        var association = alias["Associations"]!.AsArray().Single()!.AsObject();
        association.Select(p => p.Key).Should().BeEquivalentTo("AssociationStatus", "AssociatedAccountId", "ResourceId", "ConnectionIdentifier");
        association["AssociatedAccountId"]!.GetValue<string>().Should().Be(bed.Account);
        association["ResourceId"]!.GetValue<string>().Should().Be(directoryId);
        association["ConnectionIdentifier"]!.GetValue<string>().Should().Be(identifier);
        (await bed.Call("DescribeConnectionAliases", new { ResourceId = directoryId })).Ok()["ConnectionAliases"]!.AsArray()
            .Single()!["AliasId"]!.GetValue<string>().Should().Be(id);

        ShouldFail(await bed.Call("AssociateConnectionAlias", new { AliasId = id, ResourceId = directoryId }), "ResourceAssociatedException");
        ShouldFail(await bed.Call("DeleteConnectionAlias", new { AliasId = id }), "ResourceAssociatedException");

        (await bed.Call("DisassociateConnectionAlias", new { AliasId = id })).Ok().AsObject().Should().BeEmpty();
        await WaitFor(bed, id, a => a is not null && a["Associations"] is null, "disassociated");

        (await bed.Call("DeleteConnectionAlias", new { AliasId = id })).Ok().AsObject().Should().BeEmpty();
        await WaitFor(bed, id, a => a is null, "alias gone");
        ShouldFail(await bed.Call("DeleteConnectionAlias", new { AliasId = id }), "ResourceNotFoundException");
        // The connection string is free again once its alias is gone.
        await Create(bed, "assoc.example.com");
    }

    [Fact]
    public async Task Permissions_share_an_alias_with_another_account()
    {
        var owner = new WorkSpacesTestBed(factory);
        var other = new WorkSpacesTestBed(factory);
        var id = await Created(owner, "shared.example.com");

        var none = (await owner.Call("DescribeConnectionAliasPermissions", new { AliasId = id })).Ok();
        none.AsObject().Select(p => p.Key).Should().BeEquivalentTo("AliasId", "ConnectionAliasPermissions");
        none["ConnectionAliasPermissions"]!.AsArray().Should().BeEmpty();

        ShouldFail(await owner.Call("UpdateConnectionAliasPermission", new
        {
            AliasId = id, ConnectionAliasPermission = new { SharedAccountId = owner.Account, AllowAssociation = true },
        }), "InvalidParameterValuesException");
        ShouldFail(await owner.Call("UpdateConnectionAliasPermission", new { AliasId = id, ConnectionAliasPermission = new { SharedAccountId = "123" } }),
            "ValidationException");
        ShouldFail(await other.Call("UpdateConnectionAliasPermission", new
        {
            AliasId = id, ConnectionAliasPermission = new { SharedAccountId = other.Account, AllowAssociation = true },
        }), "ResourceNotFoundException");

        (await owner.Call("UpdateConnectionAliasPermission", new
        {
            AliasId = id, ConnectionAliasPermission = new { SharedAccountId = other.Account, AllowAssociation = true },
        })).Ok().AsObject().Should().BeEmpty();
        var shared = (await owner.Call("DescribeConnectionAliasPermissions", new { AliasId = id })).Ok();
        shared["AliasId"]!.GetValue<string>().Should().Be(id);
        var permission = shared["ConnectionAliasPermissions"]!.AsArray().Single()!.AsObject();
        permission.Select(p => p.Key).Should().BeEquivalentTo("SharedAccountId", "AllowAssociation");
        permission["SharedAccountId"]!.GetValue<string>().Should().Be(other.Account);
        permission["AllowAssociation"]!.GetValue<bool>().Should().BeTrue();

        // The shared account associates its own directory.
        var directoryId = await other.RegisteredDirectory();
        (await other.Call("AssociateConnectionAlias", new { AliasId = id, ResourceId = directoryId })).Ok();
        await WaitFor(owner, id, a => Status(a) == "ASSOCIATED_WITH_SHARED_ACCOUNT", "ASSOCIATED_WITH_SHARED_ACCOUNT");
        Status(await Describe(other, id)).Should().Be("ASSOCIATED_WITH_SHARED_ACCOUNT");

        ShouldFail(await owner.Call("UpdateConnectionAliasPermission", new
        {
            AliasId = id, ConnectionAliasPermission = new { SharedAccountId = other.Account, AllowAssociation = false },
        }), "ResourceAssociatedException");
        (await other.Call("DisassociateConnectionAlias", new { AliasId = id })).Ok();
        await WaitFor(owner, id, a => a is not null && a["Associations"] is null, "disassociated");

        (await owner.Call("UpdateConnectionAliasPermission", new
        {
            AliasId = id, ConnectionAliasPermission = new { SharedAccountId = other.Account, AllowAssociation = false },
        })).Ok();
        (await owner.Call("DescribeConnectionAliasPermissions", new { AliasId = id })).Ok()["ConnectionAliasPermissions"]!.AsArray().Should().BeEmpty();
        ShouldFail(await other.Call("AssociateConnectionAlias", new { AliasId = id, ResourceId = directoryId }), "ResourceNotFoundException");
        ShouldFail(await other.Call("DescribeConnectionAliasPermissions", new { AliasId = id }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Permissions_page()
    {
        var bed = new WorkSpacesTestBed(factory);
        var id = await Created(bed, "many.example.com");
        var accounts = Enumerable.Range(0, 3).Select(i => $"11111111111{i}").ToList();
        foreach (var account in accounts)
            (await bed.Call("UpdateConnectionAliasPermission", new
            {
                AliasId = id, ConnectionAliasPermission = new { SharedAccountId = account, AllowAssociation = true },
            })).Ok();
        var first = (await bed.Call("DescribeConnectionAliasPermissions", new { AliasId = id, MaxResults = 2 })).Ok();
        first["ConnectionAliasPermissions"]!.AsArray().Should().HaveCount(2);
        var second = (await bed.Call("DescribeConnectionAliasPermissions", new { AliasId = id, MaxResults = 2, NextToken = first["NextToken"]!.GetValue<string>() })).Ok();
        second["ConnectionAliasPermissions"]!.AsArray().Single()!["SharedAccountId"]!.GetValue<string>().Should().Be(accounts[2]);
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();
    }

    [Fact]
    public async Task Deregistering_a_directory_drops_its_association()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        var id = await Created(bed, "gone.example.com");
        (await bed.Call("AssociateConnectionAlias", new { AliasId = id, ResourceId = directoryId })).Ok();
        await WaitFor(bed, id, a => Status(a) == "ASSOCIATED_WITH_OWNER_ACCOUNT", "associated");
        (await bed.Call("DeregisterWorkspaceDirectory", new { DirectoryId = directoryId })).Ok();
        await WaitFor(bed, id, a => a is not null && a["Associations"] is null, "association dropped");
    }

    [Fact]
    public async Task Transitional_states_are_observable_when_transitions_take_time()
    {
        await using var slow = new EmulatorFactory();
        slow.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.6";
        var bed = new WorkSpacesTestBed(slow);
        var directoryId = await bed.RegisteredDirectory();

        var id = await Create(bed, "slow.example.com");
        (await Describe(bed, id))!["State"]!.GetValue<string>().Should().Be("CREATING");
        ShouldFail(await bed.Call("AssociateConnectionAlias", new { AliasId = id, ResourceId = directoryId }), "InvalidResourceStateException");
        ShouldFail(await bed.Call("DeleteConnectionAlias", new { AliasId = id }), "InvalidResourceStateException");
        await WaitFor(bed, id, a => a?["State"]?.GetValue<string>() == "CREATED", "CREATED");

        (await bed.Call("AssociateConnectionAlias", new { AliasId = id, ResourceId = directoryId })).Ok();
        Status(await Describe(bed, id)).Should().Be("PENDING_ASSOCIATION");
        ShouldFail(await bed.Call("DisassociateConnectionAlias", new { AliasId = id }), "InvalidResourceStateException");
        ShouldFail(await bed.Call("DeleteConnectionAlias", new { AliasId = id }), "InvalidResourceStateException");
        await WaitFor(bed, id, a => Status(a) == "ASSOCIATED_WITH_OWNER_ACCOUNT", "ASSOCIATED_WITH_OWNER_ACCOUNT");

        (await bed.Call("DisassociateConnectionAlias", new { AliasId = id })).Ok();
        Status(await Describe(bed, id)).Should().Be("PENDING_DISASSOCIATION");
        await WaitFor(bed, id, a => a is not null && a["Associations"] is null, "NOT_ASSOCIATED");

        (await bed.Call("DeleteConnectionAlias", new { AliasId = id })).Ok();
        (await Describe(bed, id))!["State"]!.GetValue<string>().Should().Be("DELETING");
        ShouldFail(await bed.Call("DeleteConnectionAlias", new { AliasId = id }), "InvalidResourceStateException");
        await WaitFor(bed, id, a => a is null, "gone");
    }
}
