using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class ConnectClientAddInTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    private static async Task<string> Create(WorkSpacesTestBed bed, string directoryId, string name, string url = "https://connect.example.com/ccp")
    {
        var body = (await bed.Call("CreateConnectClientAddIn", new { ResourceId = directoryId, Name = name, URL = url })).Ok();
        body.AsObject().Select(p => p.Key).Should().Equal("AddInId");
        return body["AddInId"]!.GetValue<string>();
    }

    [Fact]
    public async Task Create_describe_update_delete_round_trip()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        var id = await Create(bed, directoryId, "Contact center");
        id.Should().MatchRegex("^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$");

        var described = (await bed.Call("DescribeConnectClientAddIns", new { ResourceId = directoryId })).Ok();
        described.AsObject().ContainsKey("NextToken").Should().BeFalse();
        var addIn = described["AddIns"]!.AsArray().Single()!.AsObject();
        addIn.Select(p => p.Key).Should().BeEquivalentTo("AddInId", "ResourceId", "Name", "URL");
        addIn["AddInId"]!.GetValue<string>().Should().Be(id);
        addIn["ResourceId"]!.GetValue<string>().Should().Be(directoryId);
        addIn["Name"]!.GetValue<string>().Should().Be("Contact center");
        addIn["URL"]!.GetValue<string>().Should().Be("https://connect.example.com/ccp");

        var updated = (await bed.Call("UpdateConnectClientAddIn", new { AddInId = id, ResourceId = directoryId, URL = "https://other.example.com/" })).Ok();
        updated.AsObject().Should().BeEmpty();
        addIn = (await bed.Call("DescribeConnectClientAddIns", new { ResourceId = directoryId })).Ok()["AddIns"]![0]!.AsObject();
        addIn["Name"]!.GetValue<string>().Should().Be("Contact center");
        addIn["URL"]!.GetValue<string>().Should().Be("https://other.example.com/");

        (await bed.Call("DeleteConnectClientAddIn", new { AddInId = id, ResourceId = directoryId })).Ok().AsObject().Should().BeEmpty();
        (await bed.Call("DescribeConnectClientAddIns", new { ResourceId = directoryId })).Ok()["AddIns"]!.AsArray().Should().BeEmpty();
        ShouldFail(await bed.Call("DeleteConnectClientAddIn", new { AddInId = id, ResourceId = directoryId }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Duplicate_names_unknown_directories_and_bad_urls_are_refused()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        var first = await Create(bed, directoryId, "one");
        var second = await Create(bed, directoryId, "two");
        ShouldFail(await bed.Call("CreateConnectClientAddIn", new { ResourceId = directoryId, Name = "one", URL = "https://x.example.com" }),
            "ResourceAlreadyExistsException");
        ShouldFail(await bed.Call("UpdateConnectClientAddIn", new { AddInId = second, ResourceId = directoryId, Name = "one" }),
            "InvalidParameterValuesException");
        ShouldFail(await bed.Call("CreateConnectClientAddIn", new { ResourceId = "d-0123456789", Name = "x", URL = "https://x.example.com" }),
            "ResourceNotFoundException");
        ShouldFail(await bed.Call("DescribeConnectClientAddIns", new { ResourceId = "d-0123456789" }), "ResourceNotFoundException");
        (await bed.Call("CreateConnectClientAddIn", new { ResourceId = directoryId, Name = "x", URL = "ftp://x.example.com" })).Status.Should().Be(400);

        // Same name in another directory is fine; an add-in is found only under its own directory.
        var other = await bed.RegisteredDirectory();
        await Create(bed, other, "one");
        ShouldFail(await bed.Call("UpdateConnectClientAddIn", new { AddInId = first, ResourceId = other, Name = "z" }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("DeleteConnectClientAddIn", new { AddInId = "00000000-0000-4000-8000-000000000000", ResourceId = directoryId }),
            "ResourceNotFoundException");
    }

    [Fact]
    public async Task Describe_pages_with_MaxResults_and_NextToken()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await Create(bed, directoryId, "add-in " + i));

        var first = (await bed.Call("DescribeConnectClientAddIns", new { ResourceId = directoryId, MaxResults = 2 })).Ok();
        first["AddIns"]!.AsArray().Select(a => a!["AddInId"]!.GetValue<string>()).Should().Equal(ids[0], ids[1]);
        var token = first["NextToken"]!.GetValue<string>();
        var second = (await bed.Call("DescribeConnectClientAddIns", new { ResourceId = directoryId, MaxResults = 2, NextToken = token })).Ok();
        second["AddIns"]!.AsArray().Select(a => a!["AddInId"]!.GetValue<string>()).Should().Equal(ids[2]);
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();
        ShouldFail(await bed.Call("DescribeConnectClientAddIns", new { ResourceId = directoryId, NextToken = "bm9wZQ==" }), "InvalidParameterValuesException");
    }

    [Fact]
    public async Task Add_ins_of_a_deregistered_directory_are_removed()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        await Create(bed, directoryId, "gone");
        (await bed.Call("DeregisterWorkspaceDirectory", new { DirectoryId = directoryId })).Ok();
        var table = bed.Store.Table<WorkSpacesEmulator.Services.WorkSpaces.ConnectClientAddInRecord>(WorkSpacesEmulator.Storage.ResourceKinds.ConnectClientAddIns);
        await Eventually.WaitAsync(() => Task.FromResult(table.List(bed.Scope).Count), n => n == 0, "add-ins removed");
    }
}
