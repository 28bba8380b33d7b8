using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>Connection aliases CREATING → CREATED, DELETING → gone; associations PENDING_ASSOCIATION → ASSOCIATED_WITH_…,
/// PENDING_DISASSOCIATION → gone; BYOL modifications PENDING → COMPLETED (which enables BYOL). Also drops the associations
/// and client branding of directories that are no longer registered.</summary>
public sealed class ConnectionAliasAndAccountLifecycle(Store store, ILogger<ConnectionAliasAndAccountLifecycle> log) : ILifecycleParticipant
{
    public string Name => "connection-aliases-and-account";

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var directories = store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories);
        ReconcileAliases(now, directories);
        ReconcileAccounts(now);
        var branding = store.Table<ClientBrandingRecord>(ResourceKinds.ClientBranding);
        foreach (var b in branding.All().ToList())
            if (directories.Get(b.Scope, b.DirectoryId) is null && branding.Delete(b.Scope, b.Id))
                log.LogInformation("client branding {Platform} of deregistered directory {DirectoryId} removed ({Scope})", b.Platform, b.DirectoryId, b.Scope);
        return Task.CompletedTask;
    }

    private void ReconcileAliases(DateTimeOffset now, ResourceTable<WorkspaceDirectoryRecord> directories)
    {
        var aliases = store.Table<ConnectionAliasRecord>(ResourceKinds.ConnectionAliases);
        foreach (var a in aliases.All().ToList())
        {
            if (a.State == "CREATING" && a.NextTransitionAt is { } created && created <= now)
            {
                if (aliases.Replace(a, a with { State = "CREATED", NextTransitionAt = null }))
                    log.LogInformation("connection alias {AliasId} CREATING -> CREATED ({Scope})", a.Id, a.Scope);
                continue;
            }
            if (a.State == "DELETING" && a.NextTransitionAt is { } deleted && deleted <= now)
            {
                if (aliases.Delete(a.Scope, a.Id))
                    log.LogInformation("connection alias {AliasId} DELETING -> (removed) ({Scope})", a.Id, a.Scope);
                continue;
            }
            if (a.Association is not { } x) continue;
            var region = a.Scope[(a.Scope.IndexOf('/') + 1)..];
            if (directories.Get(x.AssociatedAccountId + "/" + region, x.ResourceId) is null)
            {
                // Difference from AWS: what AWS does with the association of a directory that is deregistered is not documented;
                // the emulator drops it.
                if (aliases.Replace(a, a with { Association = null }))
                    log.LogInformation("connection alias {AliasId} association with deregistered {DirectoryId} removed ({Scope})", a.Id, x.ResourceId, a.Scope);
                continue;
            }
            if (x.NextTransitionAt is not { } due || due > now) continue;
            if (x.AssociationStatus == "PENDING_ASSOCIATION")
            {
                var status = x.AssociatedAccountId == a.OwnerAccountId ? "ASSOCIATED_WITH_OWNER_ACCOUNT" : "ASSOCIATED_WITH_SHARED_ACCOUNT";
                if (aliases.Replace(a, a with { Association = x with { AssociationStatus = status, NextTransitionAt = null } }))
                    log.LogInformation("connection alias {AliasId} PENDING_ASSOCIATION -> {Status} {DirectoryId} ({Scope})", a.Id, status, x.ResourceId, a.Scope);
            }
            else if (x.AssociationStatus == "PENDING_DISASSOCIATION")
            {
                if (aliases.Replace(a, a with { Association = null }))
                    log.LogInformation("connection alias {AliasId} PENDING_DISASSOCIATION -> NOT_ASSOCIATED ({Scope})", a.Id, a.Scope);
            }
        }
    }

    private void ReconcileAccounts(DateTimeOffset now)
    {
        var accounts = store.Table<AccountRecord>(ResourceKinds.Accounts);
        foreach (var account in accounts.All().ToList())
        {
            var pending = account.Modifications.FirstOrDefault(m => m.ModificationState == "PENDING");
            if (pending is null || pending.NextTransitionAt is not { } due || due > now) continue;
            var completed = pending with { ModificationState = "COMPLETED", NextTransitionAt = null };
            var updated = account with
            {
                DedicatedTenancySupport = pending.DedicatedTenancySupport,
                DedicatedTenancyManagementCidrRange = pending.DedicatedTenancyManagementCidrRange,
                Modifications = account.Modifications.Select(m => ReferenceEquals(m, pending) ? completed : m).ToList(),
            };
            if (accounts.Replace(account, updated))
                log.LogInformation("account BYOL modification PENDING -> COMPLETED ({Support} {Cidr}) ({Scope})",
                    pending.DedicatedTenancySupport, pending.DedicatedTenancyManagementCidrRange, account.Scope);
        }
    }
}
