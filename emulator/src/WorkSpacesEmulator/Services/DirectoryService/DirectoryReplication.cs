using WorkSpacesEmulator.Lifecycle;
using Microsoft.Extensions.Logging;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>The reconciler's share of additional Regions, schema extensions and directory (OS) updates, and their
/// cleanup when a directory is deleted. Called from <see cref="DirectoryDependents"/>.</summary>
internal static class DirectoryReplication
{
    public static void Reconcile(Store store, Ec2Network network, DateTimeOffset now, TimeSpan transition, ILogger log, CancellationToken cancellationToken)
    {
        var regions = store.Table<RegionRecord>(ResourceKinds.DirectoryRegions);
        DueTransitions.Advance(regions, now, r => r.NextTransitionAt, r => ReplicationStateMachine.NextRegion(r, now),
            r => r.Status, r => $"directory {r.Id} Region {r.RegionName}", log, cancellationToken, remove: r => RemoveRegion(store, network, r, log));
        var extensions = store.Table<SchemaExtensionRecord>(ResourceKinds.DirectorySchemaExtensions);
        DueTransitions.Advance(extensions, now, e => e.NextTransitionAt, e => ReplicationStateMachine.NextExtension(e, now, transition),
            e => e.Status, e => $"schema extension {e.Id} of {e.DirectoryId}", log, cancellationToken);
        var updates = store.Table<DirectoryUpdateRecord>(ResourceKinds.DirectoryUpdates);
        var directories = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        foreach (var update in updates.All().Where(u => u.NextTransitionAt is { } due && due <= now).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = ReplicationStateMachine.NextUpdate(update, now);
            if (ReferenceEquals(next, update)) continue;
            // The directory reports the new OS version once its primary Region is updated; idempotent if repeated.
            if (next.Status == UpdateStatuses.Updated && update.Scope.EndsWith("/" + update.Region, StringComparison.Ordinal))
                directories.Update(update.Scope, update.DirectoryId, d => d with { OsVersion = update.NewOsVersion });
            if (updates.Replace(update, next))
                log.LogInformation("directory {Id} {Type} update in {Region} {From} -> {To} ({Scope})", update.DirectoryId, update.UpdateType, update.Region, update.Status, next.Status, update.Scope);
        }
    }

    /// <summary>Deletes the additional Regions (and their network resources), schema extensions, computers and
    /// update activities of a directory being removed.</summary>
    public static void RemoveFor(Store store, Ec2Network network, DirectoryRecord directory)
    {
        var regions = store.Table<RegionRecord>(ResourceKinds.DirectoryRegions);
        foreach (var region in regions.All().Where(r => r.Id == directory.Id && r.PrimaryScope == directory.Scope).ToList())
            RemoveRegion(store, network, region, null);
        var extensions = store.Table<SchemaExtensionRecord>(ResourceKinds.DirectorySchemaExtensions);
        foreach (var extension in extensions.List(directory.Scope).Where(e => e.DirectoryId == directory.Id).ToList())
            extensions.Delete(directory.Scope, extension.Id);
        var computers = store.Table<ComputerRecord>(ResourceKinds.DirectoryComputers);
        foreach (var computer in computers.List(directory.Scope).Where(c => c.DirectoryId == directory.Id).ToList())
            computers.Delete(directory.Scope, computer.Id);
        var updates = store.Table<DirectoryUpdateRecord>(ResourceKinds.DirectoryUpdates);
        foreach (var update in updates.List(directory.Scope).Where(u => u.DirectoryId == directory.Id).ToList())
            updates.Delete(directory.Scope, update.Id);
    }

    /// <summary>Releases a replica's interfaces and security group, drops it from the directory's RegionsInfo and
    /// deletes the record last, so a crash midway resumes on the next tick.</summary>
    private static void RemoveRegion(Store store, Ec2Network network, RegionRecord region, ILogger? log)
    {
        network.ReleaseInterfacesOwnedBy(region.Scope, region.Id);
        var slash = region.Scope.IndexOf('/');
        var context = new RequestContext(region.Scope[..slash], region.Scope[(slash + 1)..], "reconciler", "ds", "RemoveRegion");
        try { network.DeleteSecurityGroup(context, region.SecurityGroupId); }
        catch (AwsException e) when (e.Code != "InvalidGroup.NotFound")
        {
            log?.LogWarning("directory {Id} Region {Region}: security group {Group} kept: {Reason}", region.Id, region.RegionName, region.SecurityGroupId, e.Message);
        }
        catch (AwsException) { /* already gone */ }
        store.Table<DirectoryRecord>(ResourceKinds.Directories).Update(region.PrimaryScope, region.Id,
            d => d with { AdditionalRegions = (d.AdditionalRegions ?? []).Where(n => n != region.RegionName).ToList() });
        store.Table<RegionRecord>(ResourceKinds.DirectoryRegions).Delete(region.Scope, region.Id);
    }
}
