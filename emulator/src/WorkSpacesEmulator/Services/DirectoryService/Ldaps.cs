using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Client-side LDAPS (Type Client) of Managed AD and AD Connector: Enabling → Enabled by the reconciler;
/// needs a Registered ClientLDAPS certificate.</summary>
public sealed partial class DirectoryServiceHandlers
{
    // Difference from AWS: Managed AD does not need a trust with the self-managed domain first, and no domain controller is checked for a server certificate.
    public override Task<EnableLDAPSResult> EnableLDAPS(RequestContext context, EnableLDAPSRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        UpdateCertificateDirectory(context, request.DirectoryId!, d =>
        {
            RequireActive(d, "LDAPS can only be enabled for an Active directory");
            if (d.LdapsStatus is LdapsStatuses.Enabling or LdapsStatuses.Enabled)
                throw new AwsException(DirectoryServiceErrors.InvalidLDAPSStatusException,
                    $"LDAPS is already {d.LdapsStatus} for directory {d.Id}.");
            if (!HasRegisteredCertificate(context.Scope, d.Id, CertificateTypes.ClientLDAPS))
                throw new AwsException(DirectoryServiceErrors.NoAvailableCertificateException,
                    $"Directory {d.Id} has no registered ClientLDAPS certificate; register one before enabling LDAPS.");
            return d with { LdapsStatus = LdapsStatuses.Enabling, LdapsLastUpdatedDateTime = now, LdapsDueAt = now + options.Value.Transition };
        });
        return Task.FromResult(new EnableLDAPSResult());
    }

    // Difference from AWS: disabling takes effect at once (the model's LDAPSStatus has no Disabling value to show meanwhile).
    public override Task<DisableLDAPSResult> DisableLDAPS(RequestContext context, DisableLDAPSRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        UpdateCertificateDirectory(context, request.DirectoryId!, d =>
        {
            RequireActive(d, "LDAPS can only be disabled for an Active directory");
            if (d.LdapsStatus is null or LdapsStatuses.Disabled)
                throw new AwsException(DirectoryServiceErrors.InvalidLDAPSStatusException, $"LDAPS is already Disabled for directory {d.Id}.");
            return d with { LdapsStatus = LdapsStatuses.Disabled, LdapsLastUpdatedDateTime = now, LdapsDueAt = null };
        });
        return Task.FromResult(new DisableLDAPSResult());
    }

    public override Task<DescribeLDAPSSettingsResult> DescribeLDAPSSettings(RequestContext context, DescribeLDAPSSettingsRequest request, CancellationToken cancellationToken)
    {
        var directory = GetCertificateDirectory(context, request.DirectoryId!);
        // One entry: the only LDAPS type is Client.
        var settings = new List<LDAPSSettingInfo>
        {
            new()
            {
                LDAPSStatus = directory.LdapsStatus ?? LdapsStatuses.Disabled,
                LDAPSStatusReason = directory.LdapsStatus switch
                {
                    LdapsStatuses.Enabled => "LDAPS is enabled successfully.",
                    LdapsStatuses.Disabled => "LDAPS is disabled successfully.",
                    _ => null,
                },
                LastUpdatedDateTime = directory.LdapsLastUpdatedDateTime,
            },
        };
        var page = Paging.Take(settings, request.Limit ?? CertificatePageLimit, request.NextToken, "ds.DescribeLDAPSSettings:" + directory.Id, DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeLDAPSSettingsResult { LDAPSSettingsInfo = page.Items.ToList(), NextToken = page.NextToken });
    }
}
