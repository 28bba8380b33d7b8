using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Forest and external trusts of AWS Managed Microsoft AD directories (Simple AD and AD Connector have
/// none). State changes are finished by the directory reconciler.</summary>
public sealed partial class DirectoryServiceHandlers
{
    private ResourceTable<TrustRecord> Trusts => store.Table<TrustRecord>(ResourceKinds.DirectoryTrusts);

    private readonly Lock _trustGate = new();

    public override Task<CreateTrustResult> CreateTrust(RequestContext context, CreateTrustRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        RequireTrusts(directory);
        RequireActive(directory, "trusts can only be created for an Active directory");
        var remote = request.RemoteDomainName!.TrimEnd('.');
        if (string.Equals(remote, directory.Name, StringComparison.OrdinalIgnoreCase))
            throw DsErrors.InvalidParameter($"RemoteDomainName {remote} is the directory's own domain.");
        // Difference from AWS: IPv6 conditional forwarder addresses are not supported.
        if (request.ConditionalForwarderIpv6Addrs is { Count: > 0 })
            throw DsErrors.InvalidParameter("ConditionalForwarderIpv6Addrs is not supported by the emulator; use ConditionalForwarderIpAddrs.");
        lock (_trustGate)
        {
            if (Trusts.List(context.Scope).Any(t => t.DirectoryId == directory.Id && t.TrustState != TrustStates.Deleting
                    && string.Equals(t.RemoteDomainName.TrimEnd('.'), remote, StringComparison.OrdinalIgnoreCase)))
                throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException,
                    $"A trust with {remote} already exists for directory {directory.Id}.");
            if (request.ConditionalForwarderIpAddrs is { Count: > 0 } ips)
            {
                // The forwarder that lets the directory's DNS find the remote domain's controllers.
                UpdateDirectory(context, directory.Id, d =>
                {
                    var existing = d.ConditionalForwarders ?? [];
                    if (FindForwarder(existing, remote) is not null)
                        throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException,
                            $"A conditional forwarder for {remote} already exists in directory {d.Id}.");
                    return d with { ConditionalForwarders = [.. existing, new ConditionalForwarderEntry(request.RemoteDomainName!, ips.Distinct(StringComparer.Ordinal).ToList())] };
                });
            }
            string id;
            do id = ids.Next("t-", 10, Ids.Hex); while (Trusts.Get(context.Scope, id) is not null);
            var now = time.GetUtcNow();
            // The password is kept (protected) only where a real DC creates its side of the trust with it.
            Trusts.Put(new TrustRecord(id, context.Scope, directory.Id, request.RemoteDomainName!, request.TrustType ?? "Forest",
                request.TrustDirection!, request.SelectiveAuth ?? "Disabled", TrustStates.Creating, null, now, now, now, now + options.Value.Transition,
                directory.IsDcBacked ? secrets.Protect(request.TrustPassword!) : null));
            return Task.FromResult(new CreateTrustResult { TrustId = id });
        }
    }

    public override Task<DescribeTrustsResult> DescribeTrusts(RequestContext context, DescribeTrustsRequest request, CancellationToken cancellationToken)
    {
        if (request.DirectoryId is { } directoryId) GetDirectory(context, directoryId);
        IEnumerable<TrustRecord> matches = request.TrustIds is { Count: > 0 } wanted
            ? wanted.Distinct(StringComparer.Ordinal).Select(id => GetTrust(context, id))
            : Trusts.List(context.Scope);
        matches = matches.Where(t => request.DirectoryId is null || t.DirectoryId == request.DirectoryId);
        var limit = request.Limit is > 0 ? request.Limit.Value : DefaultPageSize;
        var listing = "ds.DescribeTrusts:" + request.DirectoryId + ":" + string.Join(',', request.TrustIds ?? []);
        var page = Paging.Take(matches.ToList(), limit, request.NextToken, listing, DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeTrustsResult
        {
            Trusts = page.Items.Select(t => new Trust
            {
                DirectoryId = t.DirectoryId,
                TrustId = t.Id,
                RemoteDomainName = t.RemoteDomainName,
                TrustType = t.TrustType,
                TrustDirection = t.TrustDirection,
                TrustState = t.TrustState,
                TrustStateReason = t.TrustStateReason,
                SelectiveAuth = t.SelectiveAuth,
                CreatedDateTime = t.CreatedDateTime,
                LastUpdatedDateTime = t.LastUpdatedDateTime,
                StateLastUpdatedDateTime = t.StateLastUpdatedDateTime,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<DeleteTrustResult> DeleteTrust(RequestContext context, DeleteTrustRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var trust = UpdateTrustRecord(context, request.TrustId!, t =>
        {
            if (t.TrustState == TrustStates.Deleting) return t;
            if (!TrustStates.IsSettled(t.TrustState))
                throw DsErrors.Client($"Trust {t.Id} is in the {t.TrustState} state and cannot be deleted now.");
            return TrustStateMachine.Enter(t, TrustStates.Deleting, now, now + options.Value.Transition);
        });
        if (request.DeleteAssociatedConditionalForwarder == true && Directories.Get(context.Scope, trust.DirectoryId) is not null)
        {
            UpdateDirectory(context, trust.DirectoryId, d =>
            {
                var existing = d.ConditionalForwarders ?? [];
                return FindForwarder(existing, trust.RemoteDomainName) is { } forwarder
                    ? d with { ConditionalForwarders = existing.Where(f => !ReferenceEquals(f, forwarder)).ToList() }
                    : d;
            });
        }
        return Task.FromResult(new DeleteTrustResult { TrustId = trust.Id });
    }

    public override Task<VerifyTrustResult> VerifyTrust(RequestContext context, VerifyTrustRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var trust = UpdateTrustRecord(context, request.TrustId!, t =>
        {
            if (!TrustStates.IsSettled(t.TrustState))
                throw DsErrors.Client($"Trust {t.Id} is in the {t.TrustState} state and cannot be verified now.");
            return TrustStateMachine.Enter(t, TrustStates.Verifying, now, now + options.Value.Transition);
        });
        return Task.FromResult(new VerifyTrustResult { TrustId = trust.Id });
    }

    public override Task<UpdateTrustResult> UpdateTrust(RequestContext context, UpdateTrustRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var trust = UpdateTrustRecord(context, request.TrustId!, t =>
        {
            if (!TrustStates.IsSettled(t.TrustState))
                throw DsErrors.Client($"Trust {t.Id} is in the {t.TrustState} state and cannot be updated now.");
            return TrustStateMachine.Enter(t, TrustStates.Updating, now, now + options.Value.Transition) with { SelectiveAuth = request.SelectiveAuth ?? t.SelectiveAuth };
        });
        return Task.FromResult(new UpdateTrustResult { TrustId = trust.Id, RequestId = context.RequestId });
    }

    private static void RequireTrusts(DirectoryRecord directory)
    {
        // Only AWS Managed Microsoft AD can take part in a trust.
        if (directory.Type != DirectoryTypes.MicrosoftAD)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, $"Trusts are not supported for {directory.Type} directories.");
    }

    private TrustRecord GetTrust(RequestContext context, string trustId) =>
        Trusts.Get(context.Scope, trustId)
        ?? throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException, $"Trust {trustId} does not exist.");

    private TrustRecord UpdateTrustRecord(RequestContext context, string trustId, Func<TrustRecord, TrustRecord> change) =>
        Trusts.Update(context.Scope, trustId, change) ?? GetTrust(context, trustId);
}
