using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class WorkspaceApiTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task CreateWorkspaces_returns_PENDING_WorkSpaces_with_address_properties_and_tags()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("alice");
        var registered = (await bed.DescribeDirectory(directoryId))!;
        var body = (await bed.Call("CreateWorkspaces", new
        {
            Workspaces = new[]
            {
                new
                {
                    DirectoryId = directoryId, UserName = "Alice", BundleId = WorkSpacesTestBed.ValueWindowsBundle, WorkspaceName = "alice-desk",
                    Tags = new[] { new { Key = "team", Value = "blue" } },
                },
            },
        })).Ok();
        body["FailedRequests"]!.AsArray().Should().BeEmpty();
        var w = body["PendingRequests"]![0]!;
        w["WorkspaceId"]!.GetValue<string>().Should().MatchRegex("^ws-[0-9a-z]{9}$");
        w["State"]!.GetValue<string>().Should().Be("PENDING");
        w["DirectoryId"]!.GetValue<string>().Should().Be(directoryId);
        w["UserName"]!.GetValue<string>().Should().Be("Alice");
        w["BundleId"]!.GetValue<string>().Should().Be(WorkSpacesTestBed.ValueWindowsBundle);
        w["WorkspaceName"]!.GetValue<string>().Should().Be("alice-desk");
        w["ComputerName"]!.GetValue<string>().Should().MatchRegex("^WSAMZN-[0-9A-Z]{8}$");
        w["IpAddress"]!.GetValue<string>().Should().StartWith("172.31.");
        registered["SubnetIds"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Contain(w["SubnetId"]!.GetValue<string>());
        var p = w["WorkspaceProperties"]!;
        p["RunningMode"]!.GetValue<string>().Should().Be("ALWAYS_ON");
        p["RunningModeAutoStopTimeoutInMinutes"].Should().BeNull();
        p["ComputeTypeName"]!.GetValue<string>().Should().Be("VALUE");
        p["RootVolumeSizeGib"]!.GetValue<int>().Should().Be(80);
        p["UserVolumeSizeGib"]!.GetValue<int>().Should().Be(10);
        p["Protocols"]!.AsArray().Select(x => x!.GetValue<string>()).Should().Equal("PCOIP");
        p["OperatingSystemName"]!.GetValue<string>().Should().Be("WINDOWS_SERVER_2022");
        w["UserVolumeEncryptionEnabled"]!.GetValue<bool>().Should().BeFalse();

        var id = w["WorkspaceId"]!.GetValue<string>();
        var tags = (await bed.Call("DescribeTags", new { ResourceId = id })).Ok();
        tags["TagList"]!.AsArray().Single()!["Key"]!.GetValue<string>().Should().Be("team");
        var eni = bed.Network.NetworkInterfaces.List(bed.Scope).Single(n => n.OwnerResourceId == id);
        eni.PrivateIpAddress.Should().Be(w["IpAddress"]!.GetValue<string>());
        eni.SecurityGroupIds.Should().Contain(registered["WorkspaceSecurityGroupId"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateWorkspaces_reports_each_bad_item_in_FailedRequests_and_creates_the_good_ones()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("alice", "bob", "carol", "dave", "erin", "frank");
        var unregistered = bed.SeedDirectory(users: ["alice"]).Id;
        await bed.CreateWorkspace(directoryId, "bob");
        object Item(string dir, string user, string bundle, object? props = null) => props is null
            ? new { DirectoryId = dir, UserName = user, BundleId = bundle }
            : new { DirectoryId = dir, UserName = user, BundleId = bundle, WorkspaceProperties = props };
        var v = WorkSpacesTestBed.ValueWindowsBundle;
        var body = (await bed.Call("CreateWorkspaces", new
        {
            Workspaces = new[]
            {
                Item(directoryId, "alice", v),                                   // ok
                Item("d-0000000000", "alice", v),                                // unknown directory
                Item(unregistered, "alice", v),                                  // not registered
                Item(directoryId, "alice", "wsb-000000000"),                     // unknown bundle
                Item(directoryId, "nobody", v),                                  // unknown user
                Item(directoryId, "BOB", v),                                     // bob already has a WorkSpace here
                Item(directoryId, "bob", WorkSpacesTestBed.StandardWindowsBundle), // another bundle does not help
                Item(directoryId, "carol", v, new { RunningMode = "ALWAYS_ON", RunningModeAutoStopTimeoutInMinutes = 60 }),
                Item(directoryId, "dave", v, new { RunningMode = "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes = 90 }),
                Item(directoryId, "erin", v, new { RootVolumeSizeGib = 90, UserVolumeSizeGib = 10 }),
                Item(directoryId, "frank", v, new { Protocols = new[] { "WSP", "PCOIP" } }),
                Item(directoryId, "dave", v, new { RunningMode = "AUTO_STOP" }),   // ok, default timeout 60
                Item(directoryId, "alice", v),                                   // second in the same batch
            },
        })).Ok();
        var failed = body["FailedRequests"]!.AsArray();
        failed.Select(f => f!["ErrorCode"]!.GetValue<string>()).Should().Equal(
            "ResourceNotFound.Directory", "ResourceNotFound.Directory", "ResourceNotFound.Bundle", "ResourceNotFound.User",
            "ResourceExists.WorkSpace", "ResourceExists.WorkSpace", "AutoStopTimeoutIsNotApplicableForAnAlwaysOnWorkspace",
            "InvalidParameterValues", "InvalidParameterValues", "InvalidParameterValues", "ResourceExists.WorkSpace");
        failed.Should().AllSatisfy(f => f!["ErrorMessage"]!.GetValue<string>().Should().NotBeEmpty());
        failed[3]!["WorkspaceRequest"]!["UserName"]!.GetValue<string>().Should().Be("nobody");
        failed[3]!["WorkspaceRequest"]!["BundleId"]!.GetValue<string>().Should().Be(v);
        var pending = body["PendingRequests"]!.AsArray();
        pending.Select(p => p!["UserName"]!.GetValue<string>()).Should().Equal("alice", "dave");
        pending[1]!["WorkspaceProperties"]!["RunningModeAutoStopTimeoutInMinutes"]!.GetValue<int>().Should().Be(60);
    }

    [Fact]
    public async Task DescribeWorkspaces_filters_and_pages()
    {
        var bed = new WorkSpacesTestBed(factory);
        var users = Enumerable.Range(0, 30).Select(i => $"user{i:00}").ToArray();
        var dirA = await bed.RegisteredDirectory(users);
        var dirB = await bed.RegisteredDirectory("zed");
        var created = new List<string>();
        foreach (var chunk in users.Chunk(25))
        {
            var body = (await bed.Call("CreateWorkspaces", new
            {
                Workspaces = chunk.Select(u => new { DirectoryId = dirA, UserName = u, BundleId = WorkSpacesTestBed.ValueWindowsBundle }).ToArray(),
            })).Ok();
            created.AddRange(body["PendingRequests"]!.AsArray().Select(p => p!["WorkspaceId"]!.GetValue<string>()));
        }
        created.Should().HaveCount(30);
        var zedWs = await bed.CreateWorkspace(dirB, "zed", WorkSpacesTestBed.StandardWindowsBundle);

        // Default page of 25, then the rest, in creation order.
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var body = (await bed.Call("DescribeWorkspaces", token is null ? new { } : new { NextToken = token })).Ok();
            seen.AddRange(body["Workspaces"]!.AsArray().Select(w => w!["WorkspaceId"]!.GetValue<string>()));
            token = body["NextToken"]?.GetValue<string>();
            pages++;
        } while (token is not null);
        pages.Should().Be(2);
        seen.Should().Equal(created.Append(zedWs));

        var limited = (await bed.Call("DescribeWorkspaces", new { DirectoryId = dirA, Limit = 7 })).Ok();
        limited["Workspaces"]!.AsArray().Should().HaveCount(7);
        limited["NextToken"].Should().NotBeNull();

        (await bed.Call("DescribeWorkspaces", new { DirectoryId = dirB })).Ok()["Workspaces"]!.AsArray().Single()!["WorkspaceId"]!
            .GetValue<string>().Should().Be(zedWs);
        (await bed.Call("DescribeWorkspaces", new { DirectoryId = dirA, UserName = "USER07" })).Ok()["Workspaces"]!.AsArray().Single()!["UserName"]!
            .GetValue<string>().Should().Be("user07");
        (await bed.Call("DescribeWorkspaces", new { BundleId = WorkSpacesTestBed.StandardWindowsBundle })).Ok()["Workspaces"]!.AsArray()
            .Should().ContainSingle();
        (await bed.Call("DescribeWorkspaces", new { WorkspaceIds = new[] { created[3], zedWs } })).Ok()["Workspaces"]!.AsArray()
            .Select(w => w!["WorkspaceId"]!.GetValue<string>()).Should().Equal(created[3], zedWs);

        var combined = await bed.Call("DescribeWorkspaces", new { WorkspaceIds = new[] { zedWs }, DirectoryId = dirB });
        combined.Json["__type"]!.GetValue<string>().Should().Be("InvalidParameterValuesException");
        var userOnly = await bed.Call("DescribeWorkspaces", new { UserName = "zed" });
        userOnly.Json["__type"]!.GetValue<string>().Should().Be("InvalidParameterValuesException");
        var tooBig = await bed.Call("DescribeWorkspaces", new { Limit = 26 });
        tooBig.Status.Should().Be(400);
        var foreignToken = await bed.Call("DescribeWorkspaces", new { DirectoryId = dirB, NextToken = limited["NextToken"]!.GetValue<string>() });
        foreignToken.Json["__type"]!.GetValue<string>().Should().Be("InvalidParameterValuesException");
    }

    [Fact]
    public async Task WorkspaceName_filter_finds_by_name()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("amy");
        (await bed.Call("CreateWorkspaces", new
        {
            Workspaces = new[] { new { DirectoryId = dir, UserName = "amy", BundleId = WorkSpacesTestBed.ValueWindowsBundle, WorkspaceName = "named-one" } },
        })).Ok();
        (await bed.Call("DescribeWorkspaces", new { WorkspaceName = "named-one" })).Ok()["Workspaces"]!.AsArray().Should().ContainSingle();
        (await bed.Call("DescribeWorkspaces", new { WorkspaceName = "other" })).Ok()["Workspaces"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task State_changes_report_unknown_ids_and_disallowed_states_per_item()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("ann", "ben");
        var alwaysOn = await bed.CreateWorkspace(dir, "ann");
        var autoStop = await bed.CreateWorkspace(dir, "ben", properties: new { RunningMode = "AUTO_STOP" });
        await bed.WaitForState(alwaysOn, "AVAILABLE");
        await bed.WaitForState(autoStop, "AVAILABLE");

        var stop = (await bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = alwaysOn }, new { WorkspaceId = autoStop }, new { WorkspaceId = "ws-000000000" } } })).Ok();
        var failed = stop["FailedRequests"]!.AsArray();
        failed.Select(f => (f!["WorkspaceId"]!.GetValue<string>(), f["ErrorCode"]!.GetValue<string>())).Should().Equal(
            (alwaysOn, "UnsupportedOperation.RunningMode"), ("ws-000000000", "ResourceNotFound.WorkSpace"));
        await bed.WaitForState(autoStop, "STOPPED");

        var start = (await bed.Call("StartWorkspaces", new { StartWorkspaceRequests = new[] { new { WorkspaceId = alwaysOn } } })).Ok();
        start["FailedRequests"]![0]!["ErrorCode"]!.GetValue<string>().Should().Be("UnsupportedOperation.RunningMode");
        var reboot = (await bed.Call("RebootWorkspaces", new { RebootWorkspaceRequests = new[] { new { WorkspaceId = autoStop } } })).Ok();
        reboot["FailedRequests"]![0]!["ErrorCode"]!.GetValue<string>().Should().Be("InvalidResourceState.WorkSpace");
        reboot["FailedRequests"]![0]!["ErrorMessage"]!.GetValue<string>().Should().Contain("STOPPED");

        (await bed.Call("RebuildWorkspaces", new { RebuildWorkspaceRequests = new[] { new { WorkspaceId = autoStop } } })).Ok()["FailedRequests"]!.AsArray().Should().BeEmpty();
        (await bed.State(autoStop)).Should().BeOneOf("REBUILDING", "AVAILABLE");
        await bed.WaitForState(autoStop, "AVAILABLE");
        var twoRebuilds = await bed.Call("RebuildWorkspaces", new { RebuildWorkspaceRequests = new[] { new { WorkspaceId = autoStop }, new { WorkspaceId = alwaysOn } } });
        twoRebuilds.Status.Should().Be(400);

        (await bed.Call("ModifyWorkspaceState", new { WorkspaceId = alwaysOn, WorkspaceState = "ADMIN_MAINTENANCE" })).Ok();
        (await bed.State(alwaysOn)).Should().Be("ADMIN_MAINTENANCE");
        var rebootMaintenance = (await bed.Call("RebootWorkspaces", new { RebootWorkspaceRequests = new[] { new { WorkspaceId = alwaysOn } } })).Ok();
        rebootMaintenance["FailedRequests"]!.AsArray().Should().ContainSingle();
        (await bed.Call("ModifyWorkspaceState", new { WorkspaceId = alwaysOn, WorkspaceState = "AVAILABLE" })).Ok();
        (await bed.State(alwaysOn)).Should().Be("AVAILABLE");
        var missing = await bed.Call("ModifyWorkspaceState", new { WorkspaceId = "ws-000000000", WorkspaceState = "AVAILABLE" });
        missing.Json["__type"]!.GetValue<string>().Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task ModifyWorkspaceProperties_applies_the_documented_rules()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("kim");
        var id = await bed.CreateWorkspace(dir, "kim");
        await bed.WaitForState(id, "AVAILABLE");

        (await bed.Call("ModifyWorkspaceProperties", new { WorkspaceId = id, WorkspaceProperties = new { RunningMode = "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes = 120 } })).Ok();
        var p = (await bed.Workspace(id))!["WorkspaceProperties"]!;
        p["RunningMode"]!.GetValue<string>().Should().Be("AUTO_STOP");
        p["RunningModeAutoStopTimeoutInMinutes"]!.GetValue<int>().Should().Be(120);

        async Task<string> Refusal(object properties) =>
            (await bed.Call("ModifyWorkspaceProperties", new { WorkspaceId = id, WorkspaceProperties = properties })).Json["__type"]!.GetValue<string>();
        (await Refusal(new { RunningModeAutoStopTimeoutInMinutes = 45 })).Should().Be("InvalidParameterValuesException");
        (await Refusal(new { ComputeTypeName = "STANDARD", UserVolumeSizeGib = 50 })).Should().Be("InvalidParameterValuesException");
        (await Refusal(new { ComputeTypeName = "GRAPHICS_G4DN" })).Should().Be("UnsupportedWorkspaceConfigurationException");
        (await Refusal(new { RootVolumeSizeGib = 100 })).Should().Be("InvalidParameterValuesException");

        (await bed.Call("ModifyWorkspaceProperties", new { WorkspaceId = id, WorkspaceProperties = new { ComputeTypeName = "STANDARD" } })).Ok();
        var modified = (await bed.Workspace(id))!;
        modified["WorkspaceProperties"]!["ComputeTypeName"]!.GetValue<string>().Should().Be("STANDARD");
        await Eventually.WaitAsync(() => bed.Workspace(id), w => w!["ModificationStates"] is null, "modification finished");

        (await bed.Call("ModifyWorkspaceProperties", new { WorkspaceId = id, WorkspaceProperties = new { UserVolumeSizeGib = 50 } })).Ok();
        await Eventually.WaitAsync(() => bed.Workspace(id), w => w!["ModificationStates"] is null, "volume modification finished");
        (await bed.Workspace(id))!["WorkspaceProperties"]!["UserVolumeSizeGib"]!.GetValue<int>().Should().Be(50);
        (await bed.State(id)).Should().Be("AVAILABLE");

        var missing = await bed.Call("ModifyWorkspaceProperties", new { WorkspaceId = "ws-000000000", WorkspaceProperties = new { RunningMode = "AUTO_STOP" } });
        missing.Json["__type"]!.GetValue<string>().Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task Tags_on_WorkSpaces_and_directories_with_limit_and_unknown_resources()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("lee");
        var id = await bed.CreateWorkspace(dir, "lee");

        (await bed.Call("CreateTags", new { ResourceId = id, Tags = new[] { new { Key = "a", Value = "1" }, new { Key = "b", Value = "2" } } })).Ok();
        (await bed.Call("CreateTags", new { ResourceId = id, Tags = new[] { new { Key = "a", Value = "3" } } })).Ok();
        (await bed.Call("DeleteTags", new { ResourceId = id, TagKeys = new[] { "b" } })).Ok();
        var tags = (await bed.Call("DescribeTags", new { ResourceId = id })).Ok()["TagList"]!.AsArray();
        tags.Select(t => (t!["Key"]!.GetValue<string>(), t["Value"]!.GetValue<string>())).Should().Equal(("a", "3"));

        (await bed.Call("CreateTags", new { ResourceId = dir, Tags = new[] { new { Key = "env", Value = "dev" } } })).Ok();
        (await bed.Call("DescribeTags", new { ResourceId = dir })).Ok()["TagList"]!.AsArray().Should().ContainSingle();

        var fifty = Enumerable.Range(0, 50).Select(i => new { Key = $"k{i}", Value = "v" }).ToArray();
        var tooMany = await bed.Call("CreateTags", new { ResourceId = id, Tags = fifty });
        tooMany.Json["__type"]!.GetValue<string>().Should().Be("ResourceLimitExceededException");

        var unknown = await bed.Call("DescribeTags", new { ResourceId = "ws-000000000" });
        unknown.Json["__type"]!.GetValue<string>().Should().Be("ResourceNotFoundException");
        (await bed.Call("CreateTags", new { ResourceId = "d-0000000000", Tags = new[] { new { Key = "x", Value = "y" } } })).Json["__type"]!
            .GetValue<string>().Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task Connection_status_reports_every_WorkSpace()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("max");
        var id = await bed.CreateWorkspace(dir, "max");
        await bed.WaitForState(id, "AVAILABLE");
        var body = (await bed.Call("DescribeWorkspacesConnectionStatus", new { WorkspaceIds = new[] { id } })).Ok();
        var status = body["WorkspacesConnectionStatus"]!.AsArray().Single()!;
        status["WorkspaceId"]!.GetValue<string>().Should().Be(id);
        status["ConnectionState"]!.GetValue<string>().Should().Be("DISCONNECTED");
        status["ConnectionStateCheckTimestamp"]!.GetValue<double>().Should().BeGreaterThan(1_600_000_000);
        (await bed.Call("DescribeWorkspacesConnectionStatus")).Ok()["WorkspacesConnectionStatus"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Accounts_and_regions_are_isolated()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("iso");
        var id = await bed.CreateWorkspace(dir, "iso");

        var otherRegion = new WorkSpacesTestBed(factory, "eu-west-1", bed.Account);
        (await otherRegion.Call("DescribeWorkspaces")).Ok()["Workspaces"]!.AsArray().Should().BeEmpty();
        (await otherRegion.Call("DescribeWorkspaceDirectories")).Ok()["Directories"]!.AsArray().Should().BeEmpty();
        var otherAccount = new WorkSpacesTestBed(factory);
        (await otherAccount.Call("DescribeWorkspaces", new { WorkspaceIds = new[] { id } })).Ok()["Workspaces"]!.AsArray().Should().BeEmpty();
        var stop = (await otherAccount.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok();
        stop["FailedRequests"]![0]!["ErrorCode"]!.GetValue<string>().Should().Be("ResourceNotFound.WorkSpace");
        (await bed.State(id)).Should().NotBe("TERMINATING");
        var create = (await otherAccount.Call("CreateWorkspaces", new
        {
            Workspaces = new[] { new { DirectoryId = dir, UserName = "iso", BundleId = WorkSpacesTestBed.ValueWindowsBundle } },
        })).Ok();
        create["FailedRequests"]![0]!["ErrorCode"]!.GetValue<string>().Should().Be("ResourceNotFound.Directory");
        JsonNode.DeepEquals(create["PendingRequests"], new JsonArray()).Should().BeTrue();
    }
}
