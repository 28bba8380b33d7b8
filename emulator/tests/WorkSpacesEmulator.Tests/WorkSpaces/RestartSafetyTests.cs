using System.Text.Json.Nodes;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class RestartSafetyTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Stored_AVAILABLE_WorkSpaces_without_a_desktop_get_one_started()
    {
        // What the store holds after a restart: an AVAILABLE WorkSpace whose desktop does not exist (yet).
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("phoenix");
        var id = await bed.CreateWorkspace(dir, "phoenix");
        await bed.WaitForState(id, "AVAILABLE");
        var table = bed.Store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);
        var record = table.Get(bed.Scope, id)!;
        var reborn = record with { Id = "ws-" + id[3..^1] + (id[^1] == 'z' ? 'y' : 'z'), StateChangedAt = DateTimeOffset.UtcNow };
        table.Put(reborn);

        var view = await Eventually.WaitAsync(
            () => bed.Wire.RuntimeViewAsync(reborn.Id),
            v => v["running"]!.GetValue<bool>(), "desktop of a stored AVAILABLE WorkSpace started");
        view["streamingEndpoints"]!["PCOIP"]!.GetValue<string>().Should().StartWith("127.0.0.1:");
        (await bed.State(reborn.Id)).Should().Be("AVAILABLE");
    }

    [Fact]
    public async Task Snapshots_and_restore()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("rita");
        var id = await bed.CreateWorkspace(dir, "rita");
        await bed.WaitForState(id, "AVAILABLE");
        var snapshots = (await bed.Call("DescribeWorkspaceSnapshots", new { WorkspaceId = id })).Ok();
        snapshots["RebuildSnapshots"]!.AsArray().Should().ContainSingle();
        snapshots["RestoreSnapshots"]![0]!["SnapshotTime"]!.GetValue<double>().Should().BeGreaterThan(1_600_000_000);
        (await bed.Call("RestoreWorkspace", new { WorkspaceId = id })).Ok();
        await bed.WaitForState(id, "AVAILABLE");
        (await bed.Call("RestoreWorkspace", new { WorkspaceId = "ws-000000000" })).Json["__type"]!.GetValue<string>().Should().Be("ResourceNotFoundException");
    }
}
