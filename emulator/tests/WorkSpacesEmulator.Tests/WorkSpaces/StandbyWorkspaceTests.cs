using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class StandbyWorkspaceTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task A_standby_is_created_in_the_callers_Region_for_the_primarys_user()
    {
        var primaryBed = new WorkSpacesTestBed(factory, "us-west-2");
        var standbyBed = new WorkSpacesTestBed(factory, "us-east-1", primaryBed.Account);
        var primaryDirectory = await primaryBed.RegisteredDirectory("alice");
        var primary = await primaryBed.CreateWorkspace(primaryDirectory, "alice", properties: new { RunningMode = "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes = 120 });
        var standbyDirectory = await standbyBed.RegisteredDirectory("alice");

        var body = (await standbyBed.Call("CreateStandbyWorkspaces", new
        {
            PrimaryRegion = "us-west-2",
            StandbyWorkspaces = new object[]
            {
                new { PrimaryWorkspaceId = primary, DirectoryId = "d-0000000000" },
                new { PrimaryWorkspaceId = "ws-000000000", DirectoryId = standbyDirectory },
                new { PrimaryWorkspaceId = primary, DirectoryId = standbyDirectory, DataReplication = "PRIMARY_AS_SOURCE", Tags = new[] { new { Key = "role", Value = "standby" } } },
            },
        })).Ok();
        var pending = body["PendingStandbyRequests"]!.AsArray();
        pending.Should().ContainSingle(body.ToJsonString());
        var standby = pending[0]!["WorkspaceId"]!.GetValue<string>();
        standby.Should().MatchRegex("^ws-[0-9a-z]{9}$").And.NotBe(primary);
        pending[0]!["UserName"]!.GetValue<string>().Should().Be("alice");
        pending[0]!["DirectoryId"]!.GetValue<string>().Should().Be(standbyDirectory);
        pending[0]!["State"]!.GetValue<string>().Should().Be("PENDING");

        var failed = body["FailedStandbyRequests"]!.AsArray();
        failed.Should().HaveCount(2);
        failed.Select(f => f!["ErrorCode"]!.GetValue<string>()).Should().Equal("ResourceNotFound.Directory", "ResourceNotFound.Workspace");
        failed[1]!["StandbyWorkspaceRequest"]!["PrimaryWorkspaceId"]!.GetValue<string>().Should().Be("ws-000000000");

        var created = (await standbyBed.Workspace(standby))!;
        created["BundleId"]!.GetValue<string>().Should().Be(WorkSpacesTestBed.ValueWindowsBundle);
        created["WorkspaceProperties"]!["RunningModeAutoStopTimeoutInMinutes"]!.GetValue<int>().Should().Be(120);
        var tags = (await standbyBed.Call("DescribeTags", new { ResourceId = standby })).Ok();
        tags["TagList"]!.AsArray().Select(t => t!["Key"]!.GetValue<string>()).Should().Equal("role");
        await standbyBed.WaitForState(standby, "AVAILABLE");

        // A second standby for the same primary is refused; the primary Region cannot be the caller's Region.
        var again = (await standbyBed.Call("CreateStandbyWorkspaces", new
        {
            PrimaryRegion = "us-west-2",
            StandbyWorkspaces = new[] { new { PrimaryWorkspaceId = primary, DirectoryId = standbyDirectory } },
        })).Ok();
        again["PendingStandbyRequests"]!.AsArray().Should().BeEmpty();
        again["FailedStandbyRequests"]![0]!["ErrorCode"]!.GetValue<string>().Should().Be("ResourceExists.StandbyWorkspace");
        var sameRegion = (await primaryBed.Call("CreateStandbyWorkspaces", new
        {
            PrimaryRegion = "us-west-2",
            StandbyWorkspaces = new[] { new { PrimaryWorkspaceId = primary, DirectoryId = primaryDirectory } },
        })).Ok();
        sameRegion["FailedStandbyRequests"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Another_accounts_primary_is_not_found()
    {
        var primaryBed = new WorkSpacesTestBed(factory, "us-west-2");
        var otherBed = new WorkSpacesTestBed(factory, "us-east-1");
        var primary = await primaryBed.CreateWorkspace(await primaryBed.RegisteredDirectory("dave"), "dave");
        var directory = await otherBed.RegisteredDirectory("dave");
        var body = (await otherBed.Call("CreateStandbyWorkspaces", new
        {
            PrimaryRegion = "us-west-2",
            StandbyWorkspaces = new[] { new { PrimaryWorkspaceId = primary, DirectoryId = directory } },
        })).Ok();
        body["FailedStandbyRequests"]![0]!["ErrorCode"]!.GetValue<string>().Should().Be("ResourceNotFound.Workspace");
    }
}
