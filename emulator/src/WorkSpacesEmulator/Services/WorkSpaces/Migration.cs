using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// MigrateWorkspace: re-creates a WorkSpace on another bundle. The target is a NEW WorkSpace made by the same path as
// CreateWorkspaces (new id, computer name and address; tags and running mode carried over) and starts PENDING; the source
// goes TERMINATING. Both then move on through the WorkSpace reconciler like any other WorkSpace.
public sealed partial class WorkSpacesHandlers
{
    public override Task<MigrateWorkspaceResult> MigrateWorkspace(RequestContext context, MigrateWorkspaceRequest request, CancellationToken ct)
    {
        lock (_gate)   // TryCreate's checks (one WorkSpace per user per directory, free addresses) run under the gate
        {
            var source = Workspaces.Get(context.Scope, request.SourceWorkspaceId!) ?? throw WorkspaceNotFound(request.SourceWorkspaceId!);
            CheckMigratable(source);
            var bundleId = request.BundleId!;
            if (FindBundle(context.Scope, bundleId) is null)
                throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The bundle {bundleId} could not be found.",
                    members: new Dictionary<string, string> { ["ResourceId"] = bundleId });
            if (bundleId == source.BundleId)
                throw InvalidParameter($"The WorkSpace {source.Id} already uses the bundle {bundleId}; migrate it to a different bundle.");

            var p = source.Properties;
            // Difference from AWS: the target gets the target bundle's volume sizes, compute type and protocol; AWS keeps the
            // source's user volume (and its data), which the emulator does not move to the new desktop.
            var item = new WorkspaceRequest
            {
                DirectoryId = source.DirectoryId,
                UserName = source.UserName,
                BundleId = bundleId,
                WorkspaceName = source.WorkspaceName,
                VolumeEncryptionKey = source.VolumeEncryptionKey,
                UserVolumeEncryptionEnabled = source.UserVolumeEncryptionEnabled,
                RootVolumeEncryptionEnabled = source.RootVolumeEncryptionEnabled,
                WorkspaceProperties = new WorkspaceProperties
                {
                    RunningMode = p.RunningMode,
                    RunningModeAutoStopTimeoutInMinutes = p.RunningMode == "AUTO_STOP" ? p.RunningModeAutoStopTimeoutInMinutes : null,
                },
                Tags = ToWire(source.Tags),
            };
            var (target, code, message) = TryCreate(context, item, replacing: source.Id);
            if (target is null)
                // Difference from AWS: AWS reports a failed migration by recovering the source; the emulator refuses the request
                // up front with the reason CreateWorkspaces would give (e.g. no free address in the directory's subnets).
                throw new AwsException(code!.StartsWith("ResourceNotFound", StringComparison.Ordinal)
                    ? WorkSpacesErrors.ResourceNotFoundException
                    : code.StartsWith("InsufficientFreeAddresses", StringComparison.Ordinal) || code.StartsWith("InvalidResourceState", StringComparison.Ordinal)
                        ? WorkSpacesErrors.ResourceUnavailableException
                        : WorkSpacesErrors.InvalidParameterValuesException, message!);
            try
            {
                Update(context, source.Id, w =>
                {
                    CheckMigratable(w);
                    return Enter(w, "TERMINATING", "TERMINATE") with { ModificationStates = [] };
                });
            }
            catch (AwsException)
            {
                // The source changed under us (the reconciler moved it on): as AWS does when a migration fails, keep the
                // source and give up the new WorkSpace.
                Workspaces.Replace(target, Enter(target, "TERMINATING", "TERMINATE"));
                throw;
            }
            return Task.FromResult(new MigrateWorkspaceResult { SourceWorkspaceId = source.Id, TargetWorkspaceId = target.Id });
        }
    }

    private static void CheckMigratable(WorkspaceRecord w)
    {
        if (w.ModificationStates.Count > 0)
            throw new AwsException(WorkSpacesErrors.OperationInProgressException, $"A modification of the WorkSpace {w.Id} is in progress.");
        if (w.State is not ("AVAILABLE" or "STOPPED" or "ERROR"))
            // Difference from AWS: the error for a source in another state is not documented (MigrateWorkspace models no
            // InvalidResourceStateException); the emulator answers ResourceUnavailableException.
            throw new AwsException(WorkSpacesErrors.ResourceUnavailableException,
                $"The WorkSpace {w.Id} is {w.State}; only AVAILABLE, STOPPED or ERROR WorkSpaces can be migrated.");
    }
}
