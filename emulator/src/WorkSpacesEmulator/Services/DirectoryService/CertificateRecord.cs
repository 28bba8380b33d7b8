using WorkSpacesEmulator.Lifecycle;
using Microsoft.Extensions.Logging;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>A CA certificate registered with a directory for client-side LDAPS or smart-card client authentication.
/// Only the facts read from the certificate are kept (plus its thumbprint, to refuse duplicates).</summary>
public sealed record CertificateRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string Type,               // ClientLDAPS | ClientCertAuth (ds CertificateType)
    string Thumbprint,         // SHA-1 hex of the DER encoding
    string CommonName,
    DateTimeOffset ExpiryDateTime,
    DateTimeOffset RegisteredDateTime,
    string? OcspUrl,
    string State,              // ds CertificateState
    string? StateReason,
    DateTimeOffset? NextTransitionAt) : IResource
{
    /// <summary>Counts towards the limit, blocks duplicates and can be used (anything not on its way out).</summary>
    public bool IsLive => State is not (CertificateStates.Deregistering or CertificateStates.Deregistered);
}

public static class CertificateTypes
{
    public const string ClientLDAPS = "ClientLDAPS";
    public const string ClientCertAuth = "ClientCertAuth";
}

public static class CertificateStates
{
    public const string Registering = "Registering";
    public const string Registered = "Registered";
    public const string Deregistering = "Deregistering";
    public const string Deregistered = "Deregistered";
}

public static class LdapsStatuses
{
    public const string Enabling = "Enabling";
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";
}

public static class CaEnrollmentStatuses
{
    public const string InProgress = "InProgress";
    public const string Success = "Success";
    public const string Disabling = "Disabling";
    public const string Disabled = "Disabled";
}

/// <summary>The status of one smart-card client authentication type (ds ClientAuthenticationType / Status).</summary>
public sealed record ClientAuthState(string Type, string Status, DateTimeOffset LastUpdatedDateTime);

/// <summary>Certificates Registering → Registered and Deregistering → Deregistered → removed; a directory's LDAPS
/// Enabling → Enabled and CA enrollment policy InProgress → Success, Disabling → Disabled. Pure functions: null when
/// nothing is due (or, for a certificate, when it is to be removed).</summary>
public static class CertificateStateMachine
{
    public static CertificateRecord? Next(CertificateRecord certificate, DateTimeOffset now, TimeSpan transition)
    {
        if (certificate.NextTransitionAt is not { } due || due > now) return certificate;
        return certificate.State switch
        {
            // Difference from AWS: the certificate is never pushed to domain controllers, so registration always succeeds (never RegisterFailed).
            CertificateStates.Registering => certificate with { State = CertificateStates.Registered, NextTransitionAt = null },
            CertificateStates.Deregistering => certificate with { State = CertificateStates.Deregistered, NextTransitionAt = now + transition },
            CertificateStates.Deregistered => null,
            _ => certificate with { NextTransitionAt = null },
        };
    }

    public static DirectoryRecord? NextDirectory(DirectoryRecord directory, DateTimeOffset now)
    {
        var updated = directory;
        if (directory.LdapsDueAt is { } ldapsDue && ldapsDue <= now)
        {
            // Difference from AWS: the domain controllers' server certificates are not checked, so LDAPS never reaches EnableFailed.
            updated = updated with
            {
                LdapsStatus = directory.LdapsStatus == LdapsStatuses.Enabling ? LdapsStatuses.Enabled : directory.LdapsStatus,
                LdapsLastUpdatedDateTime = now,
                LdapsDueAt = null,
            };
        }
        if (directory.CaEnrollmentDueAt is { } caDue && caDue <= now)
        {
            // Difference from AWS: the PCA connector is never contacted, so the policy never becomes Failed or Impaired.
            updated = updated with
            {
                CaEnrollmentStatus = directory.CaEnrollmentStatus switch
                {
                    CaEnrollmentStatuses.InProgress => CaEnrollmentStatuses.Success,
                    CaEnrollmentStatuses.Disabling => CaEnrollmentStatuses.Disabled,
                    var other => other,
                },
                CaEnrollmentLastUpdatedDateTime = now,
                CaEnrollmentDueAt = null,
            };
        }
        return ReferenceEquals(updated, directory) ? null : updated;
    }
}

/// <summary>The reconciler's share of certificates, LDAPS and CA enrollment; called from <see cref="DirectoryDependents"/>.</summary>
internal static class CertificateLifecycle
{
    public static void Reconcile(Store store, DateTimeOffset now, TimeSpan transition, ILogger log, CancellationToken cancellationToken)
    {
        var certificates = store.Table<CertificateRecord>(ResourceKinds.DirectoryCertificates);
        DueTransitions.Advance(certificates, now, c => c.NextTransitionAt, c => CertificateStateMachine.Next(c, now, transition),
            c => c.State, c => $"certificate {c.Id} of {c.DirectoryId}", log, cancellationToken);
        var directories = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        foreach (var directory in directories.All().Where(d => d.LdapsDueAt is not null || d.CaEnrollmentDueAt is not null).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Losing the race to a request is fine: the next tick sees the new record.
            if (CertificateStateMachine.NextDirectory(directory, now) is { } next && directories.Replace(directory, next))
            {
                if (next.LdapsStatus != directory.LdapsStatus)
                    log.LogInformation("directory {Id} LDAPS {From} -> {To} ({Scope})", directory.Id, directory.LdapsStatus, next.LdapsStatus, directory.Scope);
                if (next.CaEnrollmentStatus != directory.CaEnrollmentStatus)
                    log.LogInformation("directory {Id} CA enrollment {From} -> {To} ({Scope})", directory.Id, directory.CaEnrollmentStatus, next.CaEnrollmentStatus, directory.Scope);
            }
        }
    }

    /// <summary>Deletes the certificates of a directory being removed.</summary>
    public static void RemoveFor(Store store, DirectoryRecord directory)
    {
        var certificates = store.Table<CertificateRecord>(ResourceKinds.DirectoryCertificates);
        foreach (var certificate in certificates.List(directory.Scope).Where(c => c.DirectoryId == directory.Id).ToList())
            certificates.Delete(directory.Scope, certificate.Id);
    }
}
