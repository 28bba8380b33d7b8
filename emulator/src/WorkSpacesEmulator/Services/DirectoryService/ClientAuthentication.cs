using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

public static class ClientAuthStatuses
{
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";
}

/// <summary>Smart-card client authentication (SmartCard, SmartCardOrPassword) of Managed AD and AD Connector; needs a
/// Registered ClientCertAuth certificate. ClientAuthenticationStatus has only Enabled and Disabled, so changes are immediate.</summary>
public sealed partial class DirectoryServiceHandlers
{
    private static readonly string[] ClientAuthTypes = ["SmartCard", "SmartCardOrPassword"];

    public override Task<EnableClientAuthenticationResult> EnableClientAuthentication(RequestContext context, EnableClientAuthenticationRequest request, CancellationToken cancellationToken)
    {
        var type = request.Type!;
        var now = time.GetUtcNow();
        UpdateCertificateDirectory(context, request.DirectoryId!, d =>
        {
            if (!d.IsActive)
                throw new AwsException(DirectoryServiceErrors.InvalidClientAuthStatusException,
                    $"Directory {d.Id} is in the {d.Stage} stage; client authentication can only be enabled for an Active directory.");
            var current = d.ClientAuthentication ?? [];
            if (current.Any(a => a.Type == type && a.Status == ClientAuthStatuses.Enabled))
                throw new AwsException(DirectoryServiceErrors.InvalidClientAuthStatusException,
                    $"Client authentication {type} is already enabled for directory {d.Id}.");
            if (!HasRegisteredCertificate(context.Scope, d.Id, CertificateTypes.ClientCertAuth))
                throw new AwsException(DirectoryServiceErrors.NoAvailableCertificateException,
                    $"Directory {d.Id} has no registered ClientCertAuth certificate; register one before enabling client authentication.");
            return d with { ClientAuthentication = [.. current.Where(a => a.Type != type), new ClientAuthState(type, ClientAuthStatuses.Enabled, now)] };
        });
        return Task.FromResult(new EnableClientAuthenticationResult());
    }

    public override Task<DisableClientAuthenticationResult> DisableClientAuthentication(RequestContext context, DisableClientAuthenticationRequest request, CancellationToken cancellationToken)
    {
        var type = request.Type!;
        var now = time.GetUtcNow();
        UpdateCertificateDirectory(context, request.DirectoryId!, d =>
        {
            var current = d.ClientAuthentication ?? [];
            if (!current.Any(a => a.Type == type && a.Status == ClientAuthStatuses.Enabled))
                throw new AwsException(DirectoryServiceErrors.InvalidClientAuthStatusException,
                    $"Client authentication {type} is not enabled for directory {d.Id}.");
            return d with { ClientAuthentication = [.. current.Where(a => a.Type != type), new ClientAuthState(type, ClientAuthStatuses.Disabled, now)] };
        });
        return Task.FromResult(new DisableClientAuthenticationResult());
    }

    public override Task<DescribeClientAuthenticationSettingsResult> DescribeClientAuthenticationSettings(RequestContext context,
        DescribeClientAuthenticationSettingsRequest request, CancellationToken cancellationToken)
    {
        var directory = GetCertificateDirectory(context, request.DirectoryId!);
        var current = directory.ClientAuthentication ?? [];
        // Every type is reported; one never enabled is Disabled with no LastUpdatedDateTime.
        var settings = ClientAuthTypes.Where(t => request.Type is null || request.Type == t)
            .Select(t => current.FirstOrDefault(a => a.Type == t) is { } s
                ? new ClientAuthenticationSettingInfo { Type = t, Status = s.Status, LastUpdatedDateTime = s.LastUpdatedDateTime }
                : new ClientAuthenticationSettingInfo { Type = t, Status = ClientAuthStatuses.Disabled })
            .ToList();
        var page = Paging.Take(settings, request.Limit ?? CertificatePageLimit, request.NextToken,
            "ds.DescribeClientAuthenticationSettings:" + directory.Id + ":" + request.Type, DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeClientAuthenticationSettingsResult { ClientAuthenticationSettingsInfo = page.Items.ToList(), NextToken = page.NextToken });
    }
}
