using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// DescribeWorkspacesConnectionStatus.
public sealed partial class WorkSpacesHandlers
{
    public override Task<DescribeWorkspacesConnectionStatusResult> DescribeWorkspacesConnectionStatus(RequestContext context, DescribeWorkspacesConnectionStatusRequest request, CancellationToken ct)
    {
        IReadOnlyList<WorkspaceRecord> selected;
        if (request.WorkspaceIds is { } wanted)
        {
            var found = new List<WorkspaceRecord>(wanted.Count);
            foreach (var id in wanted.Distinct())
                if (Workspaces.Get(context.Scope, id) is { } w) found.Add(w);
            selected = found;
        }
        else
        {
            selected = Workspaces.List(context.Scope);
        }
        var page = Paging.Take(selected, 25, request.NextToken, request.WorkspaceIds is null ? "conn:all" : "conn:ids", InvalidToken);
        var now = Now;
        var result = new List<WorkspaceConnectionStatus>(page.Items.Count);
        foreach (var w in page.Items)
        {
            // CONNECTED while a stream of the streaming gateway is open; a running WorkSpace is otherwise
            // DISCONNECTED, any other UNKNOWN.
            var running = w.State is "AVAILABLE" or "ADMIN_MAINTENANCE" or "UNHEALTHY" or "IMPAIRED";
            var connected = running && clientSessions.Connections(w.Id) is { OpenCount: > 0 };
            result.Add(new WorkspaceConnectionStatus
            {
                WorkspaceId = w.Id,
                ConnectionState = connected ? "CONNECTED" : running ? "DISCONNECTED" : "UNKNOWN",
                ConnectionStateCheckTimestamp = running ? now : null,
                LastKnownUserConnectionTimestamp = w.LastKnownUserConnectionTimestamp,
            });
        }
        return Task.FromResult(new DescribeWorkspacesConnectionStatusResult { WorkspacesConnectionStatus = result, NextToken = page.NextToken });
    }
}
