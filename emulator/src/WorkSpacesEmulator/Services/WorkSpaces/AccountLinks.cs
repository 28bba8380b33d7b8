using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Account links (cross-account linking): CreateAccountLinkInvitation, AcceptAccountLinkInvitation, RejectAccountLinkInvitation,
// DeleteAccountLinkInvitation, GetAccountLink, ListAccountLinks.
//
// A link is stored once, in the source (inviting) account's scope, and is deliberately visible across scopes: the target
// account finds it by looking through every account's links in its Region (as connection alias shares do), because both
// sides of a link must be able to read it and the target alone can accept or reject it.
// ClientToken is not an idempotency token on these operations (the model does not mark it so); it is accepted and ignored.
public sealed partial class WorkSpacesHandlers
{
    private ResourceTable<AccountLinkRecord> AccountLinks => store.Table<AccountLinkRecord>(ResourceKinds.AccountLinks);

    private const string LinkPending = "PENDING_ACCEPTANCE_BY_TARGET_ACCOUNT";

    public override Task<CreateAccountLinkInvitationResult> CreateAccountLinkInvitation(RequestContext context,
        CreateAccountLinkInvitationRequest request, CancellationToken ct)
    {
        var target = request.TargetAccountId!;
        if (target == context.Account)
            throw new AwsException(WorkSpacesErrors.ValidationException, "An account cannot be linked with itself.");
        lock (_gate)
        {
            // One live link (pending or linked) per pair of accounts, whichever of them invited.
            if (LinksOf(context).FirstOrDefault(l => Other(context, l) == target && l.Status is LinkPending or "LINKED") is { } existing)
                throw new AwsException(WorkSpacesErrors.ConflictException,
                    $"An account link {existing.Id} between {context.Account} and {target} already exists ({existing.Status}).");
            // Difference from AWS: the link becomes PENDING_ACCEPTANCE_BY_TARGET_ACCOUNT at once, whether or not the target account exists.
            var record = new AccountLinkRecord(ids.Next("link-", 12, Ids.LowerAlnum), context.Scope, context.Account, target, LinkPending, Now);
            AccountLinks.Put(record);
            return Task.FromResult(new CreateAccountLinkInvitationResult { AccountLink = ToWire(record) });
        }
    }

    public override Task<AcceptAccountLinkInvitationResult> AcceptAccountLinkInvitation(RequestContext context,
        AcceptAccountLinkInvitationRequest request, CancellationToken ct) =>
        Task.FromResult(new AcceptAccountLinkInvitationResult { AccountLink = ToWire(Answer(context, request.LinkId!, "LINKED")) });

    public override Task<RejectAccountLinkInvitationResult> RejectAccountLinkInvitation(RequestContext context,
        RejectAccountLinkInvitationRequest request, CancellationToken ct) =>
        Task.FromResult(new RejectAccountLinkInvitationResult { AccountLink = ToWire(Answer(context, request.LinkId!, "REJECTED")) });

    public override Task<DeleteAccountLinkInvitationResult> DeleteAccountLinkInvitation(RequestContext context,
        DeleteAccountLinkInvitationRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var link = VisibleLink(context, request.LinkId!);
            if (link.SourceAccountId != context.Account)
                throw new AwsException(WorkSpacesErrors.AccessDeniedException,
                    $"Only the account that sent the invitation ({link.SourceAccountId}) can delete the account link {link.Id}.");
            // AWS documents that an accepted link cannot be unlinked; only a pending (or rejected) invitation can be deleted.
            if (link.Status == "LINKED")
                throw new AwsException(WorkSpacesErrors.ConflictException,
                    $"The account link {link.Id} is LINKED; an accepted account link cannot be deleted.");
            // Difference from AWS: AccountLinkStatusEnum has no deleted status and AWS does not document what the answer reports;
            // the emulator removes the invitation and answers with the link as it was.
            AccountLinks.Delete(link.Scope, link.Id);
            return Task.FromResult(new DeleteAccountLinkInvitationResult { AccountLink = ToWire(link) });
        }
    }

    public override Task<GetAccountLinkResult> GetAccountLink(RequestContext context, GetAccountLinkRequest request, CancellationToken ct)
    {
        if (request.LinkId is null && request.LinkedAccountId is null)
            throw new AwsException(WorkSpacesErrors.ValidationException, "Either LinkId or LinkedAccountId is required.");
        AccountLinkRecord? link;
        if (request.LinkId is { } linkId)
        {
            link = VisibleLink(context, linkId);
            if (request.LinkedAccountId is { } other && Other(context, link) != other) link = null;
        }
        else
        {
            // The newest link with that account, so a REJECTED invitation followed by a new one finds the new one.
            link = LinksOf(context).Where(l => Other(context, l) == request.LinkedAccountId).OrderByDescending(l => l.CreatedAt).FirstOrDefault();
        }
        if (link is null)
            throw LinkNotFound(request.LinkId ?? request.LinkedAccountId!);
        return Task.FromResult(new GetAccountLinkResult { AccountLink = ToWire(link) });
    }

    public override Task<ListAccountLinksResult> ListAccountLinks(RequestContext context, ListAccountLinksRequest request, CancellationToken ct)
    {
        IEnumerable<AccountLinkRecord> links = LinksOf(context);
        var filter = request.LinkStatusFilter;
        if (filter is { Count: > 0 }) links = links.Where(l => filter.Contains(l.Status));
        var listing = "account-links/" + (filter is null ? "" : string.Join(",", filter.Order(StringComparer.Ordinal)));
        var page = Paging.Take(links.ToList(), request.MaxResults ?? 25, request.NextToken, listing,
            () => new AwsException(WorkSpacesErrors.ValidationException, "The next token provided is not valid."));
        return Task.FromResult(new ListAccountLinksResult { AccountLinks = page.Items.Select(ToWire).ToList(), NextToken = page.NextToken });
    }

    /// <summary>The target account accepts or rejects a pending invitation.</summary>
    private AccountLinkRecord Answer(RequestContext context, string linkId, string status)
    {
        lock (_gate)
        {
            var link = VisibleLink(context, linkId);
            if (link.TargetAccountId != context.Account)
                throw new AwsException(WorkSpacesErrors.AccessDeniedException,
                    $"Only the invited account ({link.TargetAccountId}) can accept or reject the account link {link.Id}.");
            if (link.Status != LinkPending)
                throw new AwsException(WorkSpacesErrors.ConflictException,
                    $"The account link {link.Id} is {link.Status}; only a {LinkPending} invitation can be accepted or rejected.");
            return AccountLinks.Update(link.Scope, link.Id, l => l with { Status = status }) ?? throw LinkNotFound(linkId);
        }
    }

    /// <summary>Links in the caller's Region where the caller is the source or the target, oldest first.</summary>
    private List<AccountLinkRecord> LinksOf(RequestContext context) =>
        AccountLinks.All()
            .Where(l => l.Scope.EndsWith("/" + context.Region, StringComparison.Ordinal)
                && (l.SourceAccountId == context.Account || l.TargetAccountId == context.Account))
            .OrderBy(l => l.CreatedAt).ToList();   // stable: within a scope, creation order

    private AccountLinkRecord VisibleLink(RequestContext context, string linkId) =>
        LinksOf(context).FirstOrDefault(l => l.Id == linkId) ?? throw LinkNotFound(linkId);

    private static string Other(RequestContext context, AccountLinkRecord link) =>
        link.SourceAccountId == context.Account ? link.TargetAccountId : link.SourceAccountId;

    private static AwsException LinkNotFound(string what) =>
        new(WorkSpacesErrors.ResourceNotFoundException, $"The account link {what} could not be found.",
            members: new Dictionary<string, string> { ["ResourceId"] = what });

    private static AccountLink ToWire(AccountLinkRecord l) => new()
    {
        AccountLinkId = l.Id,
        AccountLinkStatus = l.Status,
        SourceAccountId = l.SourceAccountId,
        TargetAccountId = l.TargetAccountId,
    };
}
