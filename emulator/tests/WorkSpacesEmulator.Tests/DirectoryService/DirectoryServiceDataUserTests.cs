using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

public sealed class DirectoryServiceDataUserTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldBeError(WireResponse response, int status, string type, string? reason = null)
    {
        response.Status.Should().Be(status, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["Message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        if (reason is not null) response.Json["Reason"]!.GetValue<string>().Should().Be(reason);
    }

    private async Task<(DsTestKit Kit, string Id)> ActiveDirectoryAsync(string operation = "CreateMicrosoftAD")
    {
        var kit = new DsTestKit(factory);
        var (vpcId, subnets) = kit.DefaultNetwork();
        var id = await kit.CreateActiveAsync(operation, new
        {
            Name = "corp.example.com", ShortName = "CORP", Password = DsTestKit.Password, Size = operation == "CreateDirectory" ? "Small" : null,
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } },
        }.WithoutNulls());
        return (kit, id);
    }

    [Fact]
    public async Task Users_can_be_created_described_listed_disabled_and_deleted()
    {
        var (kit, id) = await ActiveDirectoryAsync();
        var created = (await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new
        {
            SAMAccountName = "jane.doe", GivenName = "Jane", Surname = "Doe", EmailAddress = "jane@example.com",
            OtherAttributes = new Dictionary<string, object> { ["department"] = new { S = "Engineering" }, ["telephoneNumber"] = new { S = "555" } },
        })).Ok();
        created["DirectoryId"]!.GetValue<string>().Should().Be(id);
        created["SAMAccountName"]!.GetValue<string>().Should().Be("jane.doe");
        var sid = created["SID"]!.GetValue<string>();
        sid.Should().MatchRegex(@"^S-1-5-21-\d+-\d+-\d+-\d+$");

        var user = (await kit.Wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={id}", new
        {
            SAMAccountName = "JANE.DOE", OtherAttributes = new[] { "department", "objectSid", "missing" },
        })).Ok();
        user["SAMAccountName"]!.GetValue<string>().Should().Be("jane.doe");
        user["SID"]!.GetValue<string>().Should().Be(sid);
        user["GivenName"]!.GetValue<string>().Should().Be("Jane");
        user["Surname"]!.GetValue<string>().Should().Be("Doe");
        user["EmailAddress"]!.GetValue<string>().Should().Be("jane@example.com");
        user["Enabled"]!.GetValue<bool>().Should().BeFalse("a user created without a password is disabled");
        user["DistinguishedName"]!.GetValue<string>().Should().Be("CN=jane.doe,OU=Users,OU=CORP,DC=corp,DC=example,DC=com");
        user["UserPrincipalName"]!.GetValue<string>().Should().Be("jane.doe@CORP.EXAMPLE.COM");
        user["Realm"]!.GetValue<string>().Should().Be("corp.example.com");
        var other = user["OtherAttributes"]!.AsObject();
        other.Select(p => p.Key).Should().BeEquivalentTo("department", "objectSid");
        other["department"]!["S"]!.GetValue<string>().Should().Be("Engineering");
        other["objectSid"]!["S"]!.GetValue<string>().Should().Be(sid);

        // A second user gets the next RID.
        var second = (await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = "bob" })).Ok();
        var rid = (string s) => long.Parse(s[(s.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        rid(second["SID"]!.GetValue<string>()).Should().Be(rid(sid) + 1);

        ShouldBeError(await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = "Jane.Doe" }), 409, "ConflictException");

        (await kit.Wire.RestJsonAsync($"/Users/DisableUser?DirectoryId={id}", new { SAMAccountName = "bob" })).Ok();
        (await kit.Wire.RestJsonAsync($"/Users/DeleteUser?DirectoryId={id}", new { SAMAccountName = "jane.doe" })).Ok();
        ShouldBeError(await kit.Wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={id}", new { SAMAccountName = "jane.doe" }), 404, "ResourceNotFoundException");
        ShouldBeError(await kit.Wire.RestJsonAsync($"/Users/DeleteUser?DirectoryId={id}", new { SAMAccountName = "jane.doe" }), 404, "ResourceNotFoundException");
        ShouldBeError(await kit.Wire.RestJsonAsync($"/Users/DisableUser?DirectoryId={id}", new { SAMAccountName = "nobody" }), 404, "ResourceNotFoundException");

        var list = (await kit.Wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={id}", new { })).Ok();
        list["Users"]!.AsArray().Select(u => (u!["SAMAccountName"]!.GetValue<string>(), u["Enabled"]!.GetValue<bool>()))
            .Should().Equal(("Admin", true), ("bob", false));
    }

    [Fact]
    public async Task ListUsers_pages_with_MaxResults()
    {
        var (kit, id) = await ActiveDirectoryAsync("CreateDirectory");
        foreach (var name in new[] { "u1", "u2", "u3", "u4" })
            (await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = name })).Ok();
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = (await kit.Wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={id}", token is null ? new { MaxResults = 2 } : new { MaxResults = 2, NextToken = token })).Ok();
            page["Users"]!.AsArray().Count.Should().BeLessThanOrEqualTo(2);
            names.AddRange(page["Users"]!.AsArray().Select(u => u!["SAMAccountName"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        } while (token is not null);
        names.Should().Equal("Administrator", "u1", "u2", "u3", "u4");
        pages.Should().Be(3);
        ShouldBeError(await kit.Wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={id}", new { NextToken = "garbage" }), 400, "ValidationException", "INVALID_NEXT_TOKEN");
        ShouldBeError(await kit.Wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={id}", new { MaxResults = 251 }), 400, "ValidationException");
    }

    [Fact]
    public async Task UpdateUser_adds_replaces_and_removes_attributes()
    {
        var (kit, id) = await ActiveDirectoryAsync();
        (await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new
        {
            SAMAccountName = "jdoe", GivenName = "John",
            OtherAttributes = new Dictionary<string, object> { ["otherTelephone"] = new { SS = new[] { "1" } } },
        })).Ok();
        async Task<System.Text.Json.Nodes.JsonNode> Describe() => (await kit.Wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={id}", new
        {
            SAMAccountName = "jdoe", OtherAttributes = new[] { "department", "otherTelephone" },
        })).Ok();
        Task<WireResponse> Update(string type, object body) => kit.Wire.RestJsonAsync($"/Users/UpdateUser?DirectoryId={id}",
            System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject().Also(o => { o["SAMAccountName"] = "jdoe"; o["UpdateType"] = type; }).ToJsonString());

        (await Update("ADD", new { Surname = "Doe", OtherAttributes = new Dictionary<string, object> { ["department"] = new { S = "Ops" }, ["otherTelephone"] = new { SS = new[] { "2" } } } })).Ok();
        var user = await Describe();
        user["Surname"]!.GetValue<string>().Should().Be("Doe");
        user["OtherAttributes"]!["department"]!["S"]!.GetValue<string>().Should().Be("Ops");
        user["OtherAttributes"]!["otherTelephone"]!["SS"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("1", "2");

        ShouldBeError(await Update("ADD", new { GivenName = "Johnny" }), 400, "ValidationException", "ATTRIBUTE_EXISTS");

        (await Update("REPLACE", new { GivenName = "Johnny", OtherAttributes = new Dictionary<string, object> { ["department"] = new { S = "Dev" } } })).Ok();
        user = await Describe();
        user["GivenName"]!.GetValue<string>().Should().Be("Johnny");
        user["OtherAttributes"]!["department"]!["S"]!.GetValue<string>().Should().Be("Dev");

        (await Update("REMOVE", new { Surname = "x", OtherAttributes = new Dictionary<string, object> { ["department"] = new { S = "x" }, ["otherTelephone"] = new { SS = new[] { "1" } } } })).Ok();
        user = await Describe();
        user.AsObject().ContainsKey("Surname").Should().BeFalse();
        user["OtherAttributes"]!.AsObject().ContainsKey("department").Should().BeFalse();
        user["OtherAttributes"]!["otherTelephone"]!["SS"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("2");

        ShouldBeError(await Update("REPLACE", new { OtherAttributes = new Dictionary<string, object> { ["sAMAccountName"] = new { S = "x" } } }),
            400, "ValidationException", "INVALID_ATTRIBUTE_FOR_MODIFY");
        ShouldBeError(await kit.Wire.RestJsonAsync($"/Users/UpdateUser?DirectoryId={id}", new { SAMAccountName = "nobody", GivenName = "x" }), 404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task SearchUsers_matches_substrings_of_the_given_attributes()
    {
        var (kit, id) = await ActiveDirectoryAsync();
        (await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = "jane", GivenName = "Jane", Surname = "Smith" })).Ok();
        (await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = "john", GivenName = "John", Surname = "Smithers" })).Ok();
        (await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = "ann", GivenName = "Ann", Surname = "Jones" })).Ok();
        var found = (await kit.Wire.RestJsonAsync($"/Users/SearchUsers?DirectoryId={id}", new { SearchAttributes = new[] { "sn" }, SearchString = "smith" })).Ok();
        found["Users"]!.AsArray().Select(u => u!["SAMAccountName"]!.GetValue<string>()).Should().Equal("jane", "john");
    }

    [Fact]
    public async Task Unknown_or_unavailable_directories_are_refused()
    {
        var (kit, id) = await ActiveDirectoryAsync("CreateDirectory");
        ShouldBeError(await kit.Wire.RestJsonAsync("/Users/ListUsers?DirectoryId=d-0000000000", new { }), 404, "ResourceNotFoundException");
        ShouldBeError(await kit.Wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={id}", new { Realm = "other.example.com" }), 400, "ValidationException", "INVALID_REALM");
        (await kit.Wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={id}", new { Realm = "CORP.EXAMPLE.COM" })).Ok();

        // A directory still being created cannot serve ds-data.
        var table = kit.Store.Table<DirectoryRecord>(ResourceKinds.Directories);
        var creating = table.Get(kit.Scope, id)! with { Id = "d-00000000ff", Stage = DirectoryStages.Creating, NextTransitionAt = null };
        table.Put(creating);
        ShouldBeError(await kit.Wire.RestJsonAsync("/Users/CreateUser?DirectoryId=d-00000000ff", new { SAMAccountName = "x" }),
            400, "DirectoryUnavailableException", "INVALID_DIRECTORY_STATE");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "ResetUserPassword", new { DirectoryId = "d-00000000ff", UserName = "Administrator", NewPassword = "N3w-Password" }),
            400, "DirectoryUnavailableException");

        // Other accounts do not see the directory at all.
        var stranger = new DsTestKit(factory);
        ShouldBeError(await stranger.Wire.RestJsonAsync($"/Users/ListUsers?DirectoryId={id}", new { }), 404, "ResourceNotFoundException");
    }
}

internal static class ObjectExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }

    /// <summary>An anonymous object as a JSON object without its null members (the wire omits absent members).</summary>
    public static string WithoutNulls(this object value)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(value)!.AsObject();
        foreach (var key in node.Where(p => p.Value is null).Select(p => p.Key).ToList()) node.Remove(key);
        return node.ToJsonString();
    }
}
