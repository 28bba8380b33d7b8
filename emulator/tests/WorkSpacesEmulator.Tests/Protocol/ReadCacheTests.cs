using WorkSpacesEmulator.Tests.Infrastructure;
using WorkSpacesEmulator.Tests.WorkSpaces;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>The answers of the hot reads are kept between stored changes (Protocol/ReadCache.cs): a repeated request
/// must never see an answer older than the last change, whoever made it (a request, the reconciler, a reset).</summary>
public sealed class ReadCacheTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private const string DescribeAll = "{}";

    [Fact]
    public async Task A_repeated_read_follows_every_change_made_by_requests_and_by_the_lifecycle()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("alice", "bob");
        var before = await Describe(bed);
        before.Json["Workspaces"]!.AsArray().Should().BeEmpty();
        (await Describe(bed)).Body.Should().Be(before.Body, "nothing changed in between");

        var id = await bed.CreateWorkspace(directoryId, "alice");
        var created = await Describe(bed);
        created.Json["Workspaces"]!.AsArray().Should().ContainSingle();
        // The reconciler (not a request) moves it to AVAILABLE; the same request bytes must show that.
        await Eventually.WaitAsync(() => Describe(bed), r => r.Json["Workspaces"]![0]!["State"]!.GetValue<string>() == "AVAILABLE", "AVAILABLE via the same request");

        (await bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok()["FailedRequests"]!.AsArray().Should().BeEmpty();
        var states = (await Describe(bed)).Json["Workspaces"]!.AsArray().Select(w => w!["State"]!.GetValue<string>());
        states.Should().NotContain("AVAILABLE", "the answer kept before the terminate is out of date");
        await Eventually.WaitAsync(() => Describe(bed), r => r.Json["Workspaces"]!.AsArray().Count == 0, "gone via the same request");
        await bed.CreateWorkspace(directoryId, "bob");
        (await Describe(bed)).Json["Workspaces"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Answers_are_kept_per_caller_scope_and_per_exact_request()
    {
        var alice = new WorkSpacesTestBed(factory);
        var other = new WorkSpacesTestBed(factory);
        var directoryId = await alice.RegisteredDirectory("alice");
        await alice.CreateWorkspace(directoryId, "alice");
        (await Describe(alice)).Json["Workspaces"]!.AsArray().Should().ContainSingle();
        (await Describe(other)).Json["Workspaces"]!.AsArray().Should().BeEmpty("the same bytes from another account are another request");
        (await Describe(alice, "{\"Limit\":1}")).Json["Workspaces"]!.AsArray().Should().ContainSingle();
        (await Describe(alice, "{\"DirectoryId\":\"d-0000000000\"}")).Json["Workspaces"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_kept_answer_carries_its_own_request_id_and_a_reset_empties_it()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("alice");
        await bed.CreateWorkspace(directoryId, "alice");
        var first = await Describe(bed);
        var second = await Describe(bed);
        second.Body.Should().Be(first.Body);
        second.Header("x-amzn-RequestId").Should().NotBe(first.Header("x-amzn-RequestId"));

        (await bed.Wire.Http.PostAsync("/_emulator/reset", null)).EnsureSuccessStatusCode();
        (await Describe(bed)).Json["Workspaces"]!.AsArray().Should().BeEmpty("a reset is a change too");
    }

    [Fact]
    public async Task A_refused_read_is_not_kept()
    {
        var bed = new WorkSpacesTestBed(factory);
        const string bad = "{\"WorkspaceIds\":[\"not-an-id\"]}";
        (await Describe(bed, bad)).Status.Should().Be(400);
        (await Describe(bed, bad)).Status.Should().Be(400);
    }

    private static Task<WireResponse> Describe(WorkSpacesTestBed bed, string body = DescribeAll) =>
        bed.Wire.JsonRawAsync("workspaces", "WorkspacesService.DescribeWorkspaces", body);
}
