using Microsoft.Extensions.Logging;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>The reconciler's share of trusts, directory shares and directory configuration (data access, settings),
/// and the cleanup of everything a deleted directory leaves behind. Called from <see cref="DirectoryLifecycle"/>.</summary>
internal static class DirectoryDependents
{
    public static void Reconcile(Store store, Ec2.Ec2Network network, DateTimeOffset now, TimeSpan transition, ILogger log, CancellationToken cancellationToken)
    {
        var trusts = store.Table<TrustRecord>(ResourceKinds.DirectoryTrusts);
        foreach (var trust in trusts.All().Where(t => t.NextTransitionAt is { } due && due <= now).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = TrustStateMachine.Next(trust, now, transition);
            if (next is null)
            {
                trusts.Delete(trust.Scope, trust.Id);
                log.LogInformation("trust {Id} of {Directory} {From} -> Deleted ({Scope})", trust.Id, trust.DirectoryId, trust.TrustState, trust.Scope);
            }
            else if (!ReferenceEquals(next, trust) && trusts.Replace(trust, next) && next.TrustState != trust.TrustState)
                log.LogInformation("trust {Id} of {Directory} {From} -> {To} ({Scope})", trust.Id, trust.DirectoryId, trust.TrustState, next.TrustState, trust.Scope);
        }
        var shares = store.Table<SharedDirectoryRecord>(ResourceKinds.SharedDirectories);
        foreach (var share in shares.All().Where(s => s.NextTransitionAt is { } due && due <= now).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = ShareStatuses.Next(share, now);
            if (next is null)
            {
                shares.Delete(share.Scope, share.Id);
                log.LogInformation("shared directory {Id} of {Directory} {From} -> Deleted ({Scope})", share.Id, share.OwnerDirectoryId, share.ShareStatus, share.Scope);
            }
            else if (!ReferenceEquals(next, share) && shares.Replace(share, next) && next.ShareStatus != share.ShareStatus)
                log.LogInformation("shared directory {Id} of {Directory} {From} -> {To} ({Scope})", share.Id, share.OwnerDirectoryId, share.ShareStatus, next.ShareStatus, share.Scope);
        }
        var directories = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        foreach (var directory in directories.All().Where(d => d.DataAccessDueAt is not null || d.SettingsDueAt is not null).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Losing the race to a request is fine: the next tick sees the new record.
            if (DirectoryConfigurationMachine.Next(directory, now, transition) is { } next && directories.Replace(directory, next)
                && next.DataAccessStatus != directory.DataAccessStatus)
                log.LogInformation("directory {Id} data access {From} -> {To} ({Scope})", directory.Id, directory.DataAccessStatus, next.DataAccessStatus, directory.Scope);
        }
        CertificateLifecycle.Reconcile(store, now, transition, log, cancellationToken);
        DirectoryReplication.Reconcile(store, network, now, transition, log, cancellationToken);
        HybridAdLifecycle.Reconcile(store, now, transition, log, cancellationToken);
    }

    /// <summary>Deletes the trusts, shares, event topics, log subscription, certificates, Regions, schema extensions,
    /// computers and updates of a directory being removed.</summary>
    public static void RemoveFor(Store store, Ec2.Ec2Network network, DirectoryRecord directory)
    {
        DirectoryReplication.RemoveFor(store, network, directory);
        var trusts = store.Table<TrustRecord>(ResourceKinds.DirectoryTrusts);
        foreach (var trust in trusts.List(directory.Scope).Where(t => t.DirectoryId == directory.Id).ToList())
            trusts.Delete(directory.Scope, trust.Id);
        var shares = store.Table<SharedDirectoryRecord>(ResourceKinds.SharedDirectories);
        foreach (var share in shares.List(directory.Scope).Where(s => s.OwnerDirectoryId == directory.Id).ToList())
            shares.Delete(directory.Scope, share.Id);
        var topics = store.Table<EventTopicRecord>(ResourceKinds.DirectoryEventTopics);
        foreach (var topic in topics.List(directory.Scope).Where(t => t.DirectoryId == directory.Id).ToList())
            topics.Delete(directory.Scope, topic.Id);
        store.Table<LogSubscriptionRecord>(ResourceKinds.DirectoryLogSubscriptions).Delete(directory.Scope, directory.Id);
        CertificateLifecycle.RemoveFor(store, directory);
        HybridAdLifecycle.RemoveFor(store, directory);
    }
}
