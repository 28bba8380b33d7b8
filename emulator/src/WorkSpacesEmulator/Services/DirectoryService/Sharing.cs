using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Directory sharing of AWS Managed Microsoft AD with other accounts. The owner shares and unshares; the
/// consumer accepts or rejects. Shares live in the owner's scope; the consumer's operations deliberately look the
/// share up across scopes by its SharedDirectoryId, accepting only shares addressed to the caller's account in the
/// caller's Region — the one place in the ds slice where a request reads another account's state.</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>Accounts a Standard edition directory can be shared with (AWS quota).</summary>
    public const int StandardShareLimit = 5;
    /// <summary>Accounts an Enterprise edition directory can be shared with (AWS quota).</summary>
    public const int EnterpriseShareLimit = 125;

    private ResourceTable<SharedDirectoryRecord> Shares => store.Table<SharedDirectoryRecord>(ResourceKinds.SharedDirectories);

    private readonly Lock _shareGate = new();

    // Difference from AWS: ORGANIZATIONS sharing does not check AWS Organizations membership; any account is accepted
    // and the share becomes Shared without a handshake, as it does for accounts in the owner's organization.
    // Difference from AWS: the consumer's DescribeDirectories does not list the shared directory (SharedMicrosoftAD).
    public override Task<ShareDirectoryResult> ShareDirectory(RequestContext context, ShareDirectoryRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (directory.Type != DirectoryTypes.MicrosoftAD)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, $"Directory sharing is not supported for {directory.Type} directories.");
        if (!directory.IsActive)
            throw DsErrors.Client($"Directory {directory.Id} is in the {directory.Stage} stage; only an Active directory can be shared.");
        var target = request.ShareTarget!;
        if (target.Type != "ACCOUNT" || target.Id is not { Length: 12 } account || !account.All(char.IsAsciiDigit))
            throw new AwsException(DirectoryServiceErrors.InvalidTargetException, $"The share target {target.Id} is not a valid AWS account id.");
        if (account == context.Account)
            throw new AwsException(DirectoryServiceErrors.InvalidTargetException, "A directory cannot be shared with its owner account.");
        lock (_shareGate)
        {
            var shares = Shares.List(context.Scope).Where(s => s.OwnerDirectoryId == directory.Id).ToList();
            if (shares.Any(s => s.SharedAccountId == account && s.IsLive))
                throw new AwsException(DirectoryServiceErrors.DirectoryAlreadySharedException,
                    $"Directory {directory.Id} is already shared with account {account}.");
            var limit = directory.Edition == "Enterprise" ? EnterpriseShareLimit : StandardShareLimit;
            if (shares.Count(s => s.IsLive) >= limit)
                throw new AwsException(DirectoryServiceErrors.ShareLimitExceededException,
                    $"Share limit exceeded: a {directory.Edition} edition directory can be shared with at most {limit} accounts.");
            // A rejected share makes way for the new invitation.
            foreach (var rejected in shares.Where(s => s.SharedAccountId == account)) Shares.Delete(context.Scope, rejected.Id);
            string id;
            do id = ids.Directory(); while (Shares.All().Any(s => s.Id == id) || Directories.All().Any(d => d.Id == id));
            var now = time.GetUtcNow();
            var handshake = request.ShareMethod == "HANDSHAKE";
            Shares.Put(new SharedDirectoryRecord(id, context.Scope, context.Account, directory.Id, request.ShareMethod!, account,
                handshake ? ShareStatuses.PendingAcceptance : ShareStatuses.Sharing, request.ShareNotes, now, now,
                handshake ? null : now + options.Value.Transition));
            return Task.FromResult(new ShareDirectoryResult { SharedDirectoryId = id });
        }
    }

    public override Task<DescribeSharedDirectoriesResult> DescribeSharedDirectories(RequestContext context, DescribeSharedDirectoriesRequest request, CancellationToken cancellationToken)
    {
        var owner = GetDirectory(context, request.OwnerDirectoryId!);
        var all = Shares.List(context.Scope).Where(s => s.OwnerDirectoryId == owner.Id).ToList();
        var matches = request.SharedDirectoryIds is { Count: > 0 } wanted
            ? wanted.Distinct(StringComparer.Ordinal).Select(id => all.FirstOrDefault(s => s.Id == id)
                ?? throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException, $"Shared directory {id} does not exist.")).ToList()
            : all;
        var limit = request.Limit is > 0 ? request.Limit.Value : DefaultPageSize;
        var listing = "ds.DescribeSharedDirectories:" + owner.Id + ":" + string.Join(',', request.SharedDirectoryIds ?? []);
        var page = Paging.Take(matches, limit, request.NextToken, listing, DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeSharedDirectoriesResult
        {
            SharedDirectories = page.Items.Select(ToWire).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<AcceptSharedDirectoryResult> AcceptSharedDirectory(RequestContext context, AcceptSharedDirectoryRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var share = UpdateShareAsConsumer(context, request.SharedDirectoryId!, s => s.ShareStatus switch
        {
            ShareStatuses.PendingAcceptance => s with { ShareStatus = ShareStatuses.Sharing, LastUpdatedDateTime = now, NextTransitionAt = now + options.Value.Transition },
            ShareStatuses.Sharing or ShareStatuses.Shared => throw AlreadyShared(s),
            _ => throw DsErrors.Client($"Shared directory {s.Id} is {s.ShareStatus} and cannot be accepted."),
        });
        return Task.FromResult(new AcceptSharedDirectoryResult { SharedDirectory = ToWire(share) });
    }

    public override Task<RejectSharedDirectoryResult> RejectSharedDirectory(RequestContext context, RejectSharedDirectoryRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var share = UpdateShareAsConsumer(context, request.SharedDirectoryId!, s => s.ShareStatus switch
        {
            ShareStatuses.PendingAcceptance => s with { ShareStatus = ShareStatuses.Rejecting, LastUpdatedDateTime = now, NextTransitionAt = now + options.Value.Transition },
            ShareStatuses.Sharing or ShareStatuses.Shared => throw AlreadyShared(s),
            _ => throw DsErrors.Client($"Shared directory {s.Id} is {s.ShareStatus} and cannot be rejected."),
        });
        return Task.FromResult(new RejectSharedDirectoryResult { SharedDirectoryId = share.Id });
    }

    public override Task<UnshareDirectoryResult> UnshareDirectory(RequestContext context, UnshareDirectoryRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        var target = request.UnshareTarget!;
        if (target.Type != "ACCOUNT" || target.Id is not { Length: 12 } account || !account.All(char.IsAsciiDigit))
            throw new AwsException(DirectoryServiceErrors.InvalidTargetException, $"The unshare target {target.Id} is not a valid AWS account id.");
        var now = time.GetUtcNow();
        while (true)
        {
            var current = Shares.List(context.Scope).FirstOrDefault(s => s.OwnerDirectoryId == directory.Id && s.SharedAccountId == account && s.IsLive)
                ?? throw new AwsException(DirectoryServiceErrors.DirectoryNotSharedException, $"Directory {directory.Id} is not shared with account {account}.");
            var deleting = current with { ShareStatus = ShareStatuses.Deleting, LastUpdatedDateTime = now, NextTransitionAt = now + options.Value.Transition };
            if (Shares.Replace(current, deleting)) return Task.FromResult(new UnshareDirectoryResult { SharedDirectoryId = current.Id });
        }
    }

    /// <summary>The share addressed to the calling (consumer) account in its Region, wherever the owner keeps it.</summary>
    private SharedDirectoryRecord FindShareForConsumer(RequestContext context, string sharedDirectoryId) =>
        Shares.All().FirstOrDefault(s => s.Id == sharedDirectoryId && s.SharedAccountId == context.Account && s.Region == context.Region)
        ?? throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException, $"Shared directory {sharedDirectoryId} does not exist.");

    private SharedDirectoryRecord UpdateShareAsConsumer(RequestContext context, string sharedDirectoryId, Func<SharedDirectoryRecord, SharedDirectoryRecord> change)
    {
        while (true)
        {
            var current = FindShareForConsumer(context, sharedDirectoryId);
            var updated = change(current);
            if (Shares.Replace(current, updated)) return updated;
        }
    }

    private static AwsException AlreadyShared(SharedDirectoryRecord share) =>
        new(DirectoryServiceErrors.DirectoryAlreadySharedException, $"Shared directory {share.Id} has already been accepted.");

    private static SharedDirectory ToWire(SharedDirectoryRecord s) => new()
    {
        OwnerAccountId = s.OwnerAccountId,
        OwnerDirectoryId = s.OwnerDirectoryId,
        ShareMethod = s.ShareMethod,
        SharedAccountId = s.SharedAccountId,
        SharedDirectoryId = s.Id,
        ShareStatus = s.ShareStatus,
        ShareNotes = s.ShareNotes,
        CreatedDateTime = s.CreatedDateTime,
        LastUpdatedDateTime = s.LastUpdatedDateTime,
    };
}
