using System.Net.Sockets;
using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class WorkspaceLifecycleTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{

    private static async Task<bool> Accepts(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..]));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_WorkSpace_goes_through_its_whole_lifecycle_with_a_real_streaming_port()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("walker");
        var id = await bed.CreateWorkspace(dir, "walker", properties: new { RunningMode = "AUTO_STOP" });

        await bed.WaitForState(id, "AVAILABLE");
        var view = await bed.Wire.RuntimeViewAsync(id);
        view["state"]!.GetValue<string>().Should().Be("AVAILABLE");
        view["running"]!.GetValue<bool>().Should().BeTrue();
        var endpoint = view["streamingEndpoints"]!["PCOIP"]!.GetValue<string>();
        endpoint.Should().StartWith("127.0.0.1:");
        (await Accepts(endpoint)).Should().BeTrue();

        (await bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok()["FailedRequests"]!.AsArray().Should().BeEmpty();
        await bed.WaitForState(id, "STOPPED");
        (await bed.Wire.RuntimeViewAsync(id))["running"]!.GetValue<bool>().Should().BeFalse();
        (await Accepts(endpoint)).Should().BeFalse();

        (await bed.Call("StartWorkspaces", new { StartWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok()["FailedRequests"]!.AsArray().Should().BeEmpty();
        await bed.WaitForState(id, "AVAILABLE");
        var restarted = (await bed.Wire.RuntimeViewAsync(id))["streamingEndpoints"]!["PCOIP"]!.GetValue<string>();
        (await Accepts(restarted)).Should().BeTrue();

        (await bed.Call("RebootWorkspaces", new { RebootWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok()["FailedRequests"]!.AsArray().Should().BeEmpty();
        await bed.WaitForState(id, "AVAILABLE");

        var ip = (await bed.Workspace(id))!["IpAddress"]!.GetValue<string>();
        (await bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok()["FailedRequests"]!.AsArray().Should().BeEmpty();
        await Eventually.WaitAsync(() => bed.Workspace(id), w => w is null, "WorkSpace gone");
        bed.Network.NetworkInterfaces.List(bed.Scope).Should().NotContain(n => n.PrivateIpAddress == ip && n.OwnerResourceId == id);
        (await Accepts(restarted)).Should().BeFalse();
    }

    [Fact]
    public async Task Transitional_states_are_observable_when_transitions_take_time()
    {
        await using var slow = new EmulatorFactory();
        slow.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.6";
        var bed = new WorkSpacesTestBed(slow);
        var dir = bed.SeedDirectory(users: ["slowpoke"]);
        (await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = dir.Id })).Ok();
        (await bed.DescribeDirectory(dir.Id))!["State"]!.GetValue<string>().Should().Be("REGISTERING");
        await Eventually.WaitAsync(async () => (await bed.DescribeDirectory(dir.Id))?["State"]?.GetValue<string>(), s => s == "REGISTERED", "REGISTERED");

        var id = await bed.CreateWorkspace(dir.Id, "slowpoke", properties: new { RunningMode = "AUTO_STOP" });
        (await bed.State(id)).Should().Be("PENDING");
        await bed.WaitForState(id, "AVAILABLE");
        (await bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok();
        (await bed.State(id)).Should().Be("STOPPING");
        await bed.WaitForState(id, "STOPPED");
        (await bed.Call("StartWorkspaces", new { StartWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok();
        (await bed.State(id)).Should().Be("STARTING");
        await bed.WaitForState(id, "AVAILABLE");
        (await bed.Call("RebootWorkspaces", new { RebootWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok();
        (await bed.State(id)).Should().Be("REBOOTING");
        await bed.WaitForState(id, "AVAILABLE");
        (await bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = id } } })).Ok();
        (await bed.State(id)).Should().Be("TERMINATING");
        await bed.WaitForState(id, "TERMINATED");
        await Eventually.WaitAsync(() => bed.Workspace(id), w => w is null, "WorkSpace gone");
    }
}
