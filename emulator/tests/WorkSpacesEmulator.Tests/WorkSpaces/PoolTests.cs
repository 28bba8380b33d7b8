using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class PoolTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    private static object PoolRequest(string directoryId, string name, string? runningMode = null) => new
    {
        PoolName = name,
        Description = "Call centre pool",
        BundleId = WorkSpacesTestBed.ValueWindowsBundle,
        DirectoryId = directoryId,
        Capacity = new { DesiredUserSessions = 3 },
        RunningMode = runningMode,
    };

    private static async Task<string> Create(WorkSpacesTestBed bed, string directoryId, string name, string? runningMode = null) =>
        (await bed.Call("CreateWorkspacesPool", PoolRequest(directoryId, name, runningMode))).Ok()["WorkspacesPool"]!["PoolId"]!.GetValue<string>();

    private static async Task<JsonNode?> Describe(WorkSpacesTestBed bed, string poolId) =>
        (await bed.Call("DescribeWorkspacesPools", new { PoolIds = new[] { poolId } })).Ok()["WorkspacesPools"]!.AsArray().SingleOrDefault();

    private static async Task<string?> State(WorkSpacesTestBed bed, string poolId) => (await Describe(bed, poolId))?["State"]?.GetValue<string>();

    private static Task<string?> WaitFor(WorkSpacesTestBed bed, string poolId, string? state) =>
        Eventually.WaitAsync(() => State(bed, poolId), s => s == state, $"{poolId} {state ?? "gone"}");

    [Fact]
    public async Task Create_reports_the_exact_pool_and_an_AUTO_STOP_pool_settles_STOPPED()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory();
        var body = (await bed.Call("CreateWorkspacesPool", new
        {
            PoolName = "agents",
            Description = "Call centre pool",
            BundleId = WorkSpacesTestBed.ValueWindowsBundle,
            DirectoryId = dir,
            Capacity = new { DesiredUserSessions = 5 },
            ApplicationSettings = new { Status = "ENABLED", SettingsGroup = "agents-settings" },
            TimeoutSettings = new { DisconnectTimeoutInSeconds = 900, IdleDisconnectTimeoutInSeconds = 600, MaxUserDurationInSeconds = 3600 },
            Tags = new[] { new { Key = "team", Value = "cc" } },
        })).Ok();
        var pool = body["WorkspacesPool"]!.AsObject();
        var id = pool["PoolId"]!.GetValue<string>();
        id.Should().MatchRegex("^wspool-[0-9a-z]{9}$");
        pool["PoolArn"]!.GetValue<string>().Should().Be($"arn:aws:workspaces:us-east-1:{bed.Account}:workspacespool/{id}");
        pool["State"]!.GetValue<string>().Should().Be("CREATING");
        pool["RunningMode"]!.GetValue<string>().Should().Be("AUTO_STOP");
        pool["CapacityStatus"]!["DesiredUserSessions"]!.GetValue<int>().Should().Be(5);
        pool["CapacityStatus"]!["ActualUserSessions"]!.GetValue<int>().Should().Be(0);
        pool["ApplicationSettings"]!["S3BucketName"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        pool["TimeoutSettings"]!["MaxUserDurationInSeconds"]!.GetValue<int>().Should().Be(3600);
        pool.Select(p => p.Key).Should().BeEquivalentTo("PoolId", "PoolArn", "PoolName", "Description", "State", "CreatedAt", "BundleId",
            "DirectoryId", "RunningMode", "CapacityStatus", "ApplicationSettings", "TimeoutSettings");

        await WaitFor(bed, id, "STOPPED");
        (await bed.Call("StartWorkspacesPool", new { PoolId = id })).Ok();
        await WaitFor(bed, id, "RUNNING");
        var running = (await Describe(bed, id))!;
        running["CapacityStatus"]!["ActualUserSessions"]!.GetValue<int>().Should().Be(5);
        running["CapacityStatus"]!["AvailableUserSessions"]!.GetValue<int>().Should().Be(5);
        running["CapacityStatus"]!["ActiveUserSessions"]!.GetValue<int>().Should().Be(0);

        (await bed.Call("StopWorkspacesPool", new { PoolId = id })).Ok();
        await WaitFor(bed, id, "STOPPED");
        (await bed.Call("TerminateWorkspacesPool", new { PoolId = id })).Ok();
        await WaitFor(bed, id, null);
        // Pools launch no desktops.
        (await bed.Call("DescribeWorkspaces")).Ok()["Workspaces"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Create_refuses_duplicate_names_unknown_bundles_and_unregistered_directories()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory();
        await Create(bed, dir, "dup");
        ShouldFail(await bed.Call("CreateWorkspacesPool", PoolRequest(dir, "dup")), "ResourceAlreadyExistsException");
        ShouldFail(await bed.Call("CreateWorkspacesPool", new
        {
            PoolName = "x", Description = "d", BundleId = "wsb-000000000", DirectoryId = dir, Capacity = new { DesiredUserSessions = 1 },
        }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("CreateWorkspacesPool", PoolRequest("d-0123456789", "y")), "ResourceNotFoundException");
        ShouldFail(await bed.Call("CreateWorkspacesPool", PoolRequest(dir, "-bad")), "ValidationException");
    }

    [Fact]
    public async Task Describe_filters_by_name_and_pages()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory();
        var a = await Create(bed, dir, "sales-east");
        var b = await Create(bed, dir, "sales-west");
        var c = await Create(bed, dir, "support");

        async Task<List<string>> Filter(string op, params string[] values) =>
            (await bed.Call("DescribeWorkspacesPools", new { Filters = new[] { new { Name = "PoolName", Operator = op, Values = values } } })).Ok()
                ["WorkspacesPools"]!.AsArray().Select(p => p!["PoolId"]!.GetValue<string>()).ToList();

        (await Filter("EQUALS", "support")).Should().Equal(c);
        (await Filter("NOTEQUALS", "support")).Should().Equal(a, b);
        (await Filter("CONTAINS", "sales")).Should().Equal(a, b);
        (await Filter("NOTCONTAINS", "east")).Should().Equal(b, c);

        var first = (await bed.Call("DescribeWorkspacesPools", new { Limit = 2 })).Ok();
        first["WorkspacesPools"]!.AsArray().Should().HaveCount(2);
        var token = first["NextToken"]!.GetValue<string>();
        var second = (await bed.Call("DescribeWorkspacesPools", new { Limit = 2, NextToken = token })).Ok();
        second["WorkspacesPools"]!.AsArray().Select(p => p!["PoolId"]!.GetValue<string>()).Should().Equal(c);
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();
        ShouldFail(await bed.Call("DescribeWorkspacesPools", new { NextToken = "bm9wZQ==" }), "InvalidParameterValuesException");
        (await bed.Call("DescribeWorkspacesPools", new { PoolIds = new[] { "wspool-000000000" } })).Ok()["WorkspacesPools"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Sessions_are_always_empty_and_unknown_pools_and_sessions_are_not_found()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory();
        var id = await Create(bed, dir, "sessions");
        var sessions = (await bed.Call("DescribeWorkspacesPoolSessions", new { PoolId = id, Limit = 10 })).Ok();
        sessions["Sessions"]!.AsArray().Should().BeEmpty();
        sessions.AsObject().ContainsKey("NextToken").Should().BeFalse();
        ShouldFail(await bed.Call("DescribeWorkspacesPoolSessions", new { PoolId = "wspool-000000000" }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("TerminateWorkspacesPoolSession", new { SessionId = "01234567-89ab-cdef-0123-456789abcdef" }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("StartWorkspacesPool", new { PoolId = "wspool-000000000" }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("UpdateWorkspacesPool", new { PoolId = "wspool-000000000", Description = "x" }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task An_ALWAYS_ON_pool_runs_and_cannot_be_started_or_stopped()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory();
        var id = await Create(bed, dir, "always", "ALWAYS_ON");
        await WaitFor(bed, id, "RUNNING");
        ShouldFail(await bed.Call("StopWorkspacesPool", new { PoolId = id }), "OperationNotSupportedException");
        ShouldFail(await bed.Call("StartWorkspacesPool", new { PoolId = id }), "OperationNotSupportedException");

        var updated = (await bed.Call("UpdateWorkspacesPool", new { PoolId = id, Description = "Updated", Capacity = new { DesiredUserSessions = 7 } })).Ok();
        updated["WorkspacesPool"]!["Description"]!.GetValue<string>().Should().Be("Updated");
        updated["WorkspacesPool"]!["CapacityStatus"]!["DesiredUserSessions"]!.GetValue<int>().Should().Be(7);
        await WaitFor(bed, id, "RUNNING");
        ShouldFail(await bed.Call("UpdateWorkspacesPool", new { PoolId = id, BundleId = "wsb-000000000" }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Transitional_states_are_visible_and_refuse_overlapping_operations()
    {
        await using var slow = new EmulatorFactory();
        slow.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.6";
        var bed = new WorkSpacesTestBed(slow);
        var dir = await bed.RegisteredDirectory();
        var id = await Create(bed, dir, "slow");
        (await State(bed, id)).Should().Be("CREATING");
        ShouldFail(await bed.Call("StartWorkspacesPool", new { PoolId = id }), "OperationInProgressException");
        await WaitFor(bed, id, "STOPPED");
        ShouldFail(await bed.Call("StopWorkspacesPool", new { PoolId = id }), "InvalidResourceStateException");

        (await bed.Call("StartWorkspacesPool", new { PoolId = id })).Ok();
        (await State(bed, id)).Should().Be("STARTING");
        ShouldFail(await bed.Call("TerminateWorkspacesPool", new { PoolId = id }), "OperationInProgressException");
        await WaitFor(bed, id, "RUNNING");

        var updated = (await bed.Call("UpdateWorkspacesPool", new { PoolId = id, Description = "Resized" })).Ok();
        updated["WorkspacesPool"]!["State"]!.GetValue<string>().Should().Be("UPDATING");
        await WaitFor(bed, id, "RUNNING");

        (await bed.Call("StopWorkspacesPool", new { PoolId = id })).Ok();
        (await State(bed, id)).Should().Be("STOPPING");
        await WaitFor(bed, id, "STOPPED");

        (await bed.Call("TerminateWorkspacesPool", new { PoolId = id })).Ok();
        (await State(bed, id)).Should().Be("DELETING");
        ShouldFail(await bed.Call("TerminateWorkspacesPool", new { PoolId = id }), "InvalidResourceStateException");
        await WaitFor(bed, id, null);
    }

    [Fact]
    public async Task Pools_are_tagged_with_the_shared_tag_operations()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory();
        var pool = await Create(bed, dir, "tagged");
        (await bed.Call("CreateTags", new { ResourceId = pool, Tags = new[] { new { Key = "env", Value = "dev" } } })).Ok();
        (await bed.Call("DescribeTags", new { ResourceId = pool })).Ok()["TagList"]!.AsArray()
            .Select(t => t!["Key"]!.GetValue<string>()).Should().Contain("env");
        (await bed.Call("DeleteTags", new { ResourceId = pool, TagKeys = new[] { "env" } })).Ok();
        (await bed.Call("DescribeTags", new { ResourceId = pool })).Ok()["TagList"]!.AsArray()
            .Select(t => t!["Key"]!.GetValue<string>()).Should().NotContain("env");
    }
}
