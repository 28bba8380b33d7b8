using System.Buffers;
using System.Text;
using System.Text.Json;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>Response writing shortcuts give exactly what the generated serializers give.</summary>
public sealed class WireWritingTests
{
    private static Workspace Sample(int i) => new()
    {
        WorkspaceId = $"ws-abc12345{i}",
        DirectoryId = "d-1234567890",
        UserName = i == 0 ? "jdö\"e\u2028" : $"user{i}",
        State = "AVAILABLE",
        BundleId = "wsb-bh8rsxt14",
        RootVolumeEncryptionEnabled = false,
        WorkspaceProperties = new WorkspaceProperties { RunningMode = "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes = 60, Protocols = ["PCOIP"] },
        ModificationStates = i == 1 ? [new ModificationState { Resource = "COMPUTE_TYPE", State = "UPDATE_IN_PROGRESS" }] : null,
    };

    private static string Written(IWireWriter result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) result.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void A_DescribeWorkspaces_page_written_from_cached_fragments_equals_the_generated_serializer()
    {
        var workspaces = Enumerable.Range(0, 3).Select(Sample).ToList();
        foreach (var result in new[]
                 {
                     new DescribeWorkspacesResult { Workspaces = workspaces, NextToken = "d3M6fHx8fDI1" },
                     new DescribeWorkspacesResult { Workspaces = workspaces },
                     new DescribeWorkspacesResult { Workspaces = [] },
                     new DescribeWorkspacesResult(),
                 })
        {
            var generated = JsonSerializer.Serialize(result, WorkSpacesJsonContext.Default.DescribeWorkspacesResult);
            Written(result).Should().Be(generated);
            Written(result).Should().Be(generated, "the second page comes from the cached fragments");
        }
    }

    [Fact]
    public void A_fragment_is_serialized_once_per_object()
    {
        var workspace = Sample(2);
        var first = WireFragments.Of(workspace, WorkSpacesJsonContext.Default.Workspace);
        WireFragments.Of(workspace, WorkSpacesJsonContext.Default.Workspace).Should().BeSameAs(first);
        WireFragments.Of(Sample(2), WorkSpacesJsonContext.Default.Workspace).Should().Equal(first).And.NotBeSameAs(first);
    }

    [Fact]
    public void Generated_contexts_keep_no_context_level_converters_and_timestamps_stay_epoch_seconds()
    {
        // A converter in a context's options turns System.Text.Json's generated fast path off for every type.
        WorkSpacesJsonContext.Default.Options.Converters.Should().BeEmpty();
        WorkSpacesEmulator.ServiceModels.DirectoryService.DirectoryServiceJsonContext.Default.Options.Converters.Should().BeEmpty();
        WorkSpacesEmulator.ServiceModels.KeyManagementService.KeyManagementServiceJsonContext.Default.Options.Converters.Should().BeEmpty();

        var bundle = new WorkspaceBundle { BundleId = "wsb-1", LastUpdatedTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500) };
        var json = JsonSerializer.Serialize(new DescribeWorkspaceBundlesResult { Bundles = [bundle] }, WorkSpacesJsonContext.Default.DescribeWorkspaceBundlesResult);
        json.Should().Be("{\"Bundles\":[{\"BundleId\":\"wsb-1\",\"LastUpdatedTime\":1700000000.5}]}");
        var back = JsonSerializer.Deserialize(json, WorkSpacesJsonContext.Default.DescribeWorkspaceBundlesResult)!;
        back.Bundles![0].LastUpdatedTime.Should().Be(bundle.LastUpdatedTime);
    }

    [Fact]
    public void Request_ids_are_distinct_version_4_uuids()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RequestIds.New()).ToList();
        ids.Should().OnlyHaveUniqueItems();
        ids.Should().AllSatisfy(id => id.Should().MatchRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    }
}
