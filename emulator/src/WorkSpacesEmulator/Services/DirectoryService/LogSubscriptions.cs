using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Forwarding of a Managed AD directory's domain controller security logs to a CloudWatch Logs group
/// (one subscription per directory).</summary>
public sealed partial class DirectoryServiceHandlers
{
    private ResourceTable<LogSubscriptionRecord> LogSubscriptions => store.Table<LogSubscriptionRecord>(ResourceKinds.DirectoryLogSubscriptions);

    private readonly Lock _logSubscriptionGate = new();

    // Difference from AWS: the log group and its resource policy are not checked (no InsufficientPermissionsException)
    // and no logs are forwarded.
    public override Task<CreateLogSubscriptionResult> CreateLogSubscription(RequestContext context, CreateLogSubscriptionRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (directory.Type != DirectoryTypes.MicrosoftAD)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, $"Log forwarding is not supported for {directory.Type} directories.");
        lock (_logSubscriptionGate)
        {
            if (LogSubscriptions.Get(context.Scope, directory.Id) is not null)
                throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException, $"Directory {directory.Id} already has a log subscription.");
            LogSubscriptions.Put(new LogSubscriptionRecord(directory.Id, context.Scope, directory.Id, request.LogGroupName!, time.GetUtcNow()));
        }
        return Task.FromResult(new CreateLogSubscriptionResult());
    }

    public override Task<DeleteLogSubscriptionResult> DeleteLogSubscription(RequestContext context, DeleteLogSubscriptionRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (!LogSubscriptions.Delete(context.Scope, directory.Id))
            throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException, $"Directory {directory.Id} has no log subscription.");
        return Task.FromResult(new DeleteLogSubscriptionResult());
    }

    public override Task<ListLogSubscriptionsResult> ListLogSubscriptions(RequestContext context, ListLogSubscriptionsRequest request, CancellationToken cancellationToken)
    {
        if (request.DirectoryId is { } directoryId) GetDirectory(context, directoryId);
        var matches = LogSubscriptions.List(context.Scope).Where(s => request.DirectoryId is null || s.DirectoryId == request.DirectoryId).ToList();
        var limit = request.Limit is > 0 ? request.Limit.Value : DefaultPageSize;
        var page = Paging.Take(matches, limit, request.NextToken, "ds.ListLogSubscriptions:" + request.DirectoryId, DsErrors.InvalidNextToken);
        return Task.FromResult(new ListLogSubscriptionsResult
        {
            LogSubscriptions = page.Items.Select(s => new LogSubscription
            {
                DirectoryId = s.DirectoryId,
                LogGroupName = s.LogGroupName,
                SubscriptionCreatedDateTime = s.SubscriptionCreatedDateTime,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }
}
