using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Requested → Creating → Active, and Deleting → gone (network interfaces released, the controllers'
/// security group and the directory's users deleted). The decisions live in <see cref="DirectoryStateMachine"/>.</summary>
public sealed class DirectoryLifecycle(Store store, Ec2Network network, IOptions<EmulatorOptions> options, ILogger<DirectoryLifecycle> log)
    : ILifecycleParticipant
{
    public string Name => "directories";

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        foreach (var directory in table.All().Where(d => d.NextTransitionAt is not null).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = DirectoryStateMachine.Next(directory, now, options.Value.Transition);
            switch (step.Kind)
            {
                case DirectoryStepKind.Advance:
                    // Losing the race to a request (e.g. DeleteDirectory) is fine: the next tick sees the new record.
                    if (table.Replace(directory, step.Updated!) && step.Updated!.Stage != directory.Stage)
                        log.LogInformation("directory {Id} {From} -> {To} ({Scope})", directory.Id, directory.Stage, step.Updated.Stage, directory.Scope);
                    break;
                case DirectoryStepKind.Remove:
                    Remove(directory);
                    log.LogInformation("directory {Id} {From} -> Deleted ({Scope})", directory.Id, directory.Stage, directory.Scope);
                    break;
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Frees everything the directory holds, the record last, so a crash midway resumes on restart.</summary>
    private void Remove(DirectoryRecord directory)
    {
        network.ReleaseInterfacesOwnedBy(directory.Scope, directory.Id);
        if (directory.SecurityGroupId is { } groupId)
        {
            var slash = directory.Scope.IndexOf('/');
            var context = new RequestContext(directory.Scope[..slash], directory.Scope[(slash + 1)..], "reconciler", "ds", "DeleteDirectory");
            try { network.DeleteSecurityGroup(context, groupId); }
            catch (AwsException e) when (e.Code != "InvalidGroup.NotFound")
            {
                // Never block the deletion on the group (e.g. someone attached it elsewhere); AWS would leave it too.
                log.LogWarning("directory {Id}: security group {Group} kept: {Reason}", directory.Id, groupId, e.Message);
            }
            catch (AwsException) { /* already gone */ }
        }
        var users = store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);
        foreach (var user in users.List(directory.Scope).Where(u => u.DirectoryId == directory.Id).ToList())
            users.Delete(directory.Scope, user.Id);
        var groups = store.Table<Data.DirectoryGroupRecord>(ResourceKinds.DirectoryGroups);
        foreach (var group in groups.List(directory.Scope).Where(g => g.DirectoryId == directory.Id).ToList())
            groups.Delete(directory.Scope, group.Id);
        store.Table<DirectoryRecord>(ResourceKinds.Directories).Delete(directory.Scope, directory.Id);
    }
}
