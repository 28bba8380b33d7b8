using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>REGISTERING → REGISTERED, DEREGISTERING → gone (with its WorkSpaces security group).</summary>
public sealed class WorkspaceDirectoryLifecycle(Store store, Ec2Network network, ILogger<WorkspaceDirectoryLifecycle> log) : ILifecycleParticipant
{
    public string Name => "workspace-directories";

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories);
        foreach (var d in table.All().ToList())
        {
            if (d.NextTransitionAt is { } due && due > now) continue;
            if (d.State == "REGISTERING")
            {
                if (table.Replace(d, d with { State = "REGISTERED", NextTransitionAt = null }))
                    log.LogInformation("workspace directory {DirectoryId} REGISTERING -> REGISTERED ({Scope})", d.Id, d.Scope);
            }
            else if (d.State == "DEREGISTERING")
            {
                if (!table.Delete(d.Scope, d.Id)) continue;
                var slash = d.Scope.IndexOf('/');
                try
                {
                    network.DeleteSecurityGroup(new RequestContext(d.Scope[..slash], d.Scope[(slash + 1)..], "reconciler", "workspaces", "DeregisterWorkspaceDirectory"),
                        d.WorkspaceSecurityGroupId);
                }
                catch (AwsException e)
                {
                    log.LogWarning("Security group {GroupId} of {DirectoryId} was not deleted: {Error}", d.WorkspaceSecurityGroupId, d.Id, e.Message);
                }
                log.LogInformation("workspace directory {DirectoryId} DEREGISTERING -> (removed) ({Scope})", d.Id, d.Scope);
            }
        }
        return Task.CompletedTask;
    }
}
