using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class MigrateWorkspaceTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Migrate_creates_a_new_PENDING_WorkSpace_on_the_target_bundle_and_terminates_the_source()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("alice");
        var source = await bed.CreateWorkspace(directoryId, "alice", properties: new { RunningMode = "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes = 120 });
        (await bed.Call("CreateTags", new { ResourceId = source, Tags = new[] { new { Key = "team", Value = "it" } } })).Ok();
        await bed.WaitForState(source, "AVAILABLE");
        var before = (await bed.Workspace(source))!;

        var body = (await bed.Call("MigrateWorkspace", new { SourceWorkspaceId = source, BundleId = WorkSpacesTestBed.StandardWindowsBundle })).Ok();
        body.AsObject().Select(p => p.Key).Should().BeEquivalentTo("SourceWorkspaceId", "TargetWorkspaceId");
        body["SourceWorkspaceId"]!.GetValue<string>().Should().Be(source);
        var target = body["TargetWorkspaceId"]!.GetValue<string>();
        target.Should().MatchRegex("^ws-[0-9a-z]{9}$").And.NotBe(source);

        // Transitions are instant in this host, so the next reconciler tick may already have moved both on.
        (await bed.State(source)).Should().BeOneOf("TERMINATING", "TERMINATED", null);
        var created = (await bed.Workspace(target))!;
        created["State"]!.GetValue<string>().Should().BeOneOf("PENDING", "AVAILABLE");
        created["BundleId"]!.GetValue<string>().Should().Be(WorkSpacesTestBed.StandardWindowsBundle);
        created["UserName"]!.GetValue<string>().Should().Be("alice");
        created["DirectoryId"]!.GetValue<string>().Should().Be(directoryId);
        created["IpAddress"]!.GetValue<string>().Should().NotBe(before["IpAddress"]!.GetValue<string>());
        created["ComputerName"]!.GetValue<string>().Should().NotBe(before["ComputerName"]!.GetValue<string>());
        created["WorkspaceProperties"]!["RunningMode"]!.GetValue<string>().Should().Be("AUTO_STOP");
        created["WorkspaceProperties"]!["RunningModeAutoStopTimeoutInMinutes"]!.GetValue<int>().Should().Be(120);
        created["WorkspaceProperties"]!["ComputeTypeName"]!.GetValue<string>().Should().Be("STANDARD");
        var tags = (await bed.Call("DescribeTags", new { ResourceId = target })).Ok();
        tags["TagList"]!.AsArray().Select(t => t!["Key"]!.GetValue<string>() + "=" + t["Value"]!.GetValue<string>()).Should().Equal("team=it");

        await bed.WaitForState(target, "AVAILABLE");
        await Eventually.WaitAsync(() => bed.State(source), s => s is null or "TERMINATED", "source terminated");
    }

    [Fact]
    public async Task Migrate_refuses_unknown_WorkSpaces_and_bundles_the_same_bundle_and_transitional_sources()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("bob");
        var source = await bed.CreateWorkspace(directoryId, "bob");
        await bed.WaitForState(source, "AVAILABLE");
        // ADMIN_MAINTENANCE is not AVAILABLE, STOPPED or ERROR.
        (await bed.Call("ModifyWorkspaceState", new { WorkspaceId = source, WorkspaceState = "ADMIN_MAINTENANCE" })).Ok();
        ShouldFail(await bed.Call("MigrateWorkspace", new { SourceWorkspaceId = source, BundleId = WorkSpacesTestBed.StandardWindowsBundle }),
            "ResourceUnavailableException");
        (await bed.Call("ModifyWorkspaceState", new { WorkspaceId = source, WorkspaceState = "AVAILABLE" })).Ok();
        ShouldFail(await bed.Call("MigrateWorkspace", new { SourceWorkspaceId = "ws-000000000", BundleId = WorkSpacesTestBed.StandardWindowsBundle }),
            "ResourceNotFoundException");
        ShouldFail(await bed.Call("MigrateWorkspace", new { SourceWorkspaceId = source, BundleId = "wsb-000000000" }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("MigrateWorkspace", new { SourceWorkspaceId = source, BundleId = WorkSpacesTestBed.ValueWindowsBundle }),
            "InvalidParameterValuesException");
        (await bed.State(source)).Should().Be("AVAILABLE");
        (await bed.Call("DescribeWorkspaces", new { DirectoryId = directoryId })).Ok()["Workspaces"]!.AsArray().Should().HaveCount(1);
    }

    [Fact]
    public async Task A_STOPPED_WorkSpace_can_be_migrated()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("carol");
        var source = await bed.CreateWorkspace(directoryId, "carol", properties: new { RunningMode = "MANUAL" });
        await bed.WaitForState(source, "AVAILABLE");
        (await bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = source } } })).Ok()["FailedRequests"]!.AsArray().Should().BeEmpty();
        await bed.WaitForState(source, "STOPPED");
        var body = (await bed.Call("MigrateWorkspace", new { SourceWorkspaceId = source, BundleId = WorkSpacesTestBed.StandardWindowsBundle })).Ok();
        var target = body["TargetWorkspaceId"]!.GetValue<string>();
        (await bed.Workspace(target))!["WorkspaceProperties"]!["RunningMode"]!.GetValue<string>().Should().Be("MANUAL");
        await Eventually.WaitAsync(() => bed.State(source), s => s is null or "TERMINATED", "source terminated");
    }
}
