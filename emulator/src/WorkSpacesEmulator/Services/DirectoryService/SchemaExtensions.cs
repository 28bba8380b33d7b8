using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Schema extensions of Managed AD directories: Initializing → [CreatingSnapshot →] UpdatingSchema →
/// Replicating → Completed, driven by the reconciler; cancellable until replication starts.</summary>
public sealed partial class DirectoryServiceHandlers
{
    private ResourceTable<SchemaExtensionRecord> SchemaExtensions => store.Table<SchemaExtensionRecord>(ResourceKinds.DirectorySchemaExtensions);

    private readonly Lock _schemaGate = new();

    public override Task<StartSchemaExtensionResult> StartSchemaExtension(RequestContext context, StartSchemaExtensionRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (directory.Type != DirectoryTypes.MicrosoftAD)
            throw DsErrors.Client($"Schema extensions are only supported for MicrosoftAD directories, not {directory.Type}.");
        RequireActive(directory, "a schema extension can only be applied to an Active directory");
        if (string.IsNullOrWhiteSpace(request.LdifContent))
            throw DsErrors.InvalidParameter("LdifContent must not be empty.");
        lock (_schemaGate)
        {
            if (SchemaExtensions.List(context.Scope).FirstOrDefault(e => e.DirectoryId == directory.Id && !SchemaExtensionStatuses.IsFinished(e.Status)) is { } running)
                throw DsErrors.Client($"Schema extension {running.Id} is already in progress for directory {directory.Id}.");
            var now = time.GetUtcNow();
            var snapshot = request.CreateSnapshotBeforeSchemaExtension == true;
            if (snapshot) TakeSnapshotBefore(context, directory, now);
            string id;
            do id = ids.Next("e-", 10, Ids.Hex); while (SchemaExtensions.Get(context.Scope, id) is not null);
            SchemaExtensions.Put(new SchemaExtensionRecord(id, context.Scope, directory.Id, request.Description ?? "", request.LdifContent!, snapshot,
                SchemaExtensionStatuses.Initializing, null, now, null, now + options.Value.Transition));
            return Task.FromResult(new StartSchemaExtensionResult { SchemaExtensionId = id });
        }
    }

    public override Task<ListSchemaExtensionsResult> ListSchemaExtensions(RequestContext context, ListSchemaExtensionsRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        var matches = SchemaExtensions.List(context.Scope).Where(e => e.DirectoryId == directory.Id)
            .OrderBy(e => e.StartDateTime).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var limit = request.Limit is > 0 ? request.Limit.Value : DefaultPageSize;
        var page = Paging.Take(matches, limit, request.NextToken, "ds.ListSchemaExtensions:" + directory.Id, DsErrors.InvalidNextToken);
        return Task.FromResult(new ListSchemaExtensionsResult
        {
            SchemaExtensionsInfo = page.Items.Select(e => new SchemaExtensionInfo
            {
                DirectoryId = e.DirectoryId,
                SchemaExtensionId = e.Id,
                Description = e.Description,
                SchemaExtensionStatus = e.Status,
                SchemaExtensionStatusReason = e.StatusReason,
                StartDateTime = e.StartDateTime,
                EndDateTime = e.EndDateTime,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<CancelSchemaExtensionResult> CancelSchemaExtension(RequestContext context, CancelSchemaExtensionRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        var now = time.GetUtcNow();
        var updated = SchemaExtensions.Update(context.Scope, request.SchemaExtensionId!, e =>
        {
            if (e.DirectoryId != directory.Id) throw SchemaExtensionNotFound(request.SchemaExtensionId!, directory.Id);
            if (e.Status is SchemaExtensionStatuses.CancelInProgress or SchemaExtensionStatuses.Cancelled) return e;
            if (!SchemaExtensionStatuses.IsCancellable(e.Status))
                throw DsErrors.Client($"Schema extension {e.Id} is in the {e.Status} state and can no longer be cancelled.");
            return e with { Status = SchemaExtensionStatuses.CancelInProgress, StatusReason = null, NextTransitionAt = now + options.Value.Transition };
        });
        if (updated is null) throw SchemaExtensionNotFound(request.SchemaExtensionId!, directory.Id);
        return Task.FromResult(new CancelSchemaExtensionResult());
    }

    /// <summary>The manual snapshot AWS takes before a schema extension or directory update when asked to.</summary>
    private void TakeSnapshotBefore(RequestContext context, DirectoryRecord directory, DateTimeOffset now)
    {
        lock (_snapshotGate)
        {
            if (ManualCount(context.Scope, directory.Id) >= ManualSnapshotsLimit)
                throw new AwsException(DirectoryServiceErrors.SnapshotLimitExceededException,
                    $"Snapshot limit exceeded: directory {directory.Id} already has the maximum of {ManualSnapshotsLimit} manual snapshots.");
            string id;
            do id = ids.Next("s-", 10, Ids.Hex); while (Snapshots.Get(context.Scope, id) is not null);
            var users = Users.List(context.Scope).Where(u => u.DirectoryId == directory.Id).ToList();
            Snapshots.Put(new DirectorySnapshotRecord(id, context.Scope, directory.Id, null, "Manual", SnapshotStatuses.Creating, now, now + options.Value.Transition, users));
        }
    }

    private static AwsException SchemaExtensionNotFound(string id, string directoryId) =>
        new(DirectoryServiceErrors.EntityDoesNotExistException, $"Schema extension {id} does not exist in directory {directoryId}.");
}
