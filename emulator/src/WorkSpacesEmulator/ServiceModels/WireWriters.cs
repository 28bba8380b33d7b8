using System.Text.Json;
using WorkSpacesEmulator.Protocol;

namespace WorkSpacesEmulator.ServiceModels.WorkSpaces;

/// <summary>The hottest answer (DescribeWorkspaces pages) is written from each stored WorkSpace's cached JSON. The members
/// and their order are the generated shape's (NextToken, Workspaces); a test compares this with the generated serializer.</summary>
public sealed partial class DescribeWorkspacesResult : IWireWriter
{
    private static readonly JsonEncodedText NextTokenName = JsonEncodedText.Encode("NextToken");
    private static readonly JsonEncodedText WorkspacesName = JsonEncodedText.Encode("Workspaces");

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (NextToken is not null) writer.WriteString(NextTokenName, NextToken);
        if (Workspaces is not null) WireFragments.WriteArray(writer, WorkspacesName, Workspaces, WorkSpacesJsonContext.Default.Workspace);
        writer.WriteEndObject();
    }
}
