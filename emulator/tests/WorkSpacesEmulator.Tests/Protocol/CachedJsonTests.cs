using System.Text;
using System.Text.Json;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>Wire shapes marked ICachedJson are serialized once per instance and copied afterwards.</summary>
public sealed class CachedJsonTests
{
    private static string Write(DescribeWorkspacesResult result) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(result, WorkSpacesJsonContext.Default.DescribeWorkspacesResult));

    [Fact]
    public void A_cached_shape_is_written_as_first_serialized_and_a_new_instance_is_serialized_afresh()
    {
        var workspace = new Workspace { WorkspaceId = "ws-abc123def", State = "AVAILABLE", WorkspaceProperties = new WorkspaceProperties { RootVolumeSizeGib = 80 } };
        var first = Write(new DescribeWorkspacesResult { Workspaces = [workspace], NextToken = "t1" });
        first.Should().Be("""{"NextToken":"t1","Workspaces":[{"State":"AVAILABLE","WorkspaceId":"ws-abc123def","WorkspaceProperties":{"RootVolumeSizeGib":80}}]}""");

        // Instances are immutable by contract; mutating one shows that the second page copied the cached bytes.
        workspace.State = "STOPPED";
        Write(new DescribeWorkspacesResult { Workspaces = [workspace, workspace] }).Should()
            .Be("""{"Workspaces":[{"State":"AVAILABLE","WorkspaceId":"ws-abc123def","WorkspaceProperties":{"RootVolumeSizeGib":80}},{"State":"AVAILABLE","WorkspaceId":"ws-abc123def","WorkspaceProperties":{"RootVolumeSizeGib":80}}]}""");
        var replaced = new Workspace { WorkspaceId = "ws-abc123def", State = "STOPPED" };
        Write(new DescribeWorkspacesResult { Workspaces = [replaced] }).Should().Be("""{"Workspaces":[{"State":"STOPPED","WorkspaceId":"ws-abc123def"}]}""");
    }

    [Fact]
    public void A_cached_shape_reads_like_any_other()
    {
        var read = JsonSerializer.Deserialize("""{"Workspaces":[{"WorkspaceId":"ws-abc123def","State":"AVAILABLE"}]}""", WorkSpacesJsonContext.Default.DescribeWorkspacesResult)!;
        read.Workspaces![0].WorkspaceId.Should().Be("ws-abc123def");
        read.Workspaces[0].State.Should().Be("AVAILABLE");
    }
}
