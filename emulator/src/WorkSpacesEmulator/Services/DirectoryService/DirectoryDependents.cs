using WorkSpacesEmulator.Lifecycle;
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
        DueTransitions.Advance(trusts, now, t => t.NextTransitionAt, t => TrustStateMachine.Next(t, now, transition),
            t => t.TrustState, t => $"trust {t.Id} of {t.DirectoryId}", log, cancellationToken);
        var shares = store.Table<SharedDirectoryRecord>(ResourceKinds.SharedDirectories);
        DueTransitions.Advance(shares, now, s => s.NextTransitionAt, s => ShareStatuses.Next(s, now),
            s => s.ShareStatus, s => $"shared directory {s.Id} of {s.OwnerDirectoryId}", log, cancellationToken);
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
