using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>CA certificates registered for client-side LDAPS (ClientLDAPS) or smart-card authentication
/// (ClientCertAuth): 5 per directory, Registering → Registered and Deregistering → Deregistered → gone by the reconciler.
/// Managed AD and AD Connector only.</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>CA certificates per directory (Managed AD and AD Connector quotas).</summary>
    public const int CertificatesLimit = 5;

    /// <summary>A certificate must stay valid for more than this long to be registered.</summary>
    public static readonly TimeSpan MinimumCertificateValidity = TimeSpan.FromDays(90);

    private ResourceTable<CertificateRecord> Certificates => store.Table<CertificateRecord>(ResourceKinds.DirectoryCertificates);

    private readonly Lock _certificateGate = new();

    public override Task<RegisterCertificateResult> RegisterCertificate(RequestContext context, RegisterCertificateRequest request, CancellationToken cancellationToken)
    {
        var directory = GetCertificateDirectory(context, request.DirectoryId!);
        RequireActive(directory, "certificates can only be registered with an Active directory");
        var type = request.Type ?? CertificateTypes.ClientLDAPS;
        var ocspUrl = request.ClientCertAuthSettings?.OCSPUrl;
        if (ocspUrl is not null && type != CertificateTypes.ClientCertAuth)
            throw DsErrors.InvalidParameter("ClientCertAuthSettings can only be given for a ClientCertAuth certificate.");
        if (ocspUrl is not null && !(Uri.TryCreate(ocspUrl, UriKind.Absolute, out var ocsp) && ocsp.Scheme is "http" or "https"))
            throw DsErrors.InvalidParameter($"ClientCertAuthSettings.OCSPUrl {ocspUrl} is not a valid http(s) URL.");
        var now = time.GetUtcNow();
        var parsed = ParseCertificate(request.CertificateData!, now);
        lock (_certificateGate)
        {
            var live = Certificates.List(context.Scope).Where(c => c.DirectoryId == directory.Id && c.IsLive).ToList();
            if (live.Any(c => c.Thumbprint == parsed.Thumbprint))
                throw new AwsException(DirectoryServiceErrors.CertificateAlreadyExistsException,
                    $"This certificate is already registered with directory {directory.Id}.");
            if (live.Count >= CertificatesLimit)
                throw new AwsException(DirectoryServiceErrors.CertificateLimitExceededException,
                    $"Directory {directory.Id} already has the maximum of {CertificatesLimit} registered certificates.");
            string id;
            do id = ids.Next("c-", 10, Ids.Hex); while (Certificates.Get(context.Scope, id) is not null);
            Certificates.Put(new CertificateRecord(id, context.Scope, directory.Id, type, parsed.Thumbprint, parsed.CommonName,
                parsed.Expiry, now, ocspUrl, CertificateStates.Registering, null, now + options.Value.Transition));
            return Task.FromResult(new RegisterCertificateResult { CertificateId = id });
        }
    }

    public override Task<DescribeCertificateResult> DescribeCertificate(RequestContext context, DescribeCertificateRequest request, CancellationToken cancellationToken)
    {
        var directory = GetCertificateDirectory(context, request.DirectoryId!);
        var c = GetCertificate(context, directory.Id, request.CertificateId!);
        return Task.FromResult(new DescribeCertificateResult
        {
            Certificate = new Certificate
            {
                CertificateId = c.Id,
                State = c.State,
                StateReason = c.StateReason ?? StateReasonFor(c.State),
                CommonName = c.CommonName,
                RegisteredDateTime = c.RegisteredDateTime,
                ExpiryDateTime = c.ExpiryDateTime,
                Type = c.Type,
                ClientCertAuthSettings = c.OcspUrl is null ? null : new ClientCertAuthSettings { OCSPUrl = c.OcspUrl },
            },
        });
    }

    public override Task<ListCertificatesResult> ListCertificates(RequestContext context, ListCertificatesRequest request, CancellationToken cancellationToken)
    {
        var directory = GetCertificateDirectory(context, request.DirectoryId!);
        var all = Certificates.List(context.Scope).Where(c => c.DirectoryId == directory.Id)
            .OrderBy(c => c.RegisteredDateTime).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        var page = Paging.Take(all, request.Limit ?? CertificatePageLimit, request.NextToken, "ds.ListCertificates:" + directory.Id, DsErrors.InvalidNextToken);
        return Task.FromResult(new ListCertificatesResult
        {
            CertificatesInfo = page.Items.Select(c => new CertificateInfo
            {
                CertificateId = c.Id,
                CommonName = c.CommonName,
                State = c.State,
                ExpiryDateTime = c.ExpiryDateTime,
                Type = c.Type,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<DeregisterCertificateResult> DeregisterCertificate(RequestContext context, DeregisterCertificateRequest request, CancellationToken cancellationToken)
    {
        var directory = GetCertificateDirectory(context, request.DirectoryId!);
        RequireActive(directory, "certificates can only be deregistered from an Active directory");
        lock (_certificateGate)
        {
            var certificate = GetCertificate(context, directory.Id, request.CertificateId!);
            if (!certificate.IsLive)
                throw new AwsException(DirectoryServiceErrors.CertificateDoesNotExistException,
                    $"Certificate {certificate.Id} is already being deregistered from directory {directory.Id}.");
            // A certificate is in use while the feature it serves is on and no other certificate of its type could
            // take over (so certificates can be rotated: register the new one, then deregister the old).
            var inUse = certificate.Type == CertificateTypes.ClientLDAPS
                ? directory.LdapsStatus is LdapsStatuses.Enabling or LdapsStatuses.Enabled
                : directory.ClientAuthentication?.Any(a => a.Status == ClientAuthStatuses.Enabled) == true;
            if (inUse && !Certificates.List(context.Scope).Any(c => c.DirectoryId == directory.Id && c.Id != certificate.Id
                    && c.Type == certificate.Type && c.IsLive))
                throw new AwsException(DirectoryServiceErrors.CertificateInUseException,
                    certificate.Type == CertificateTypes.ClientLDAPS
                        ? $"Certificate {certificate.Id} is the last LDAPS certificate of directory {directory.Id}; disable LDAPS first."
                        : $"Certificate {certificate.Id} is the last client authentication certificate of directory {directory.Id}; disable client authentication first.");
            var now = time.GetUtcNow();
            Certificates.Update(context.Scope, certificate.Id, c => c with
            {
                State = CertificateStates.Deregistering,
                StateReason = null,
                NextTransitionAt = now + options.Value.Transition,
            });
        }
        return Task.FromResult(new DeregisterCertificateResult());
    }

    /// <summary>Default and maximum page size of the certificate, LDAPS and client authentication listings (PageLimit 1..50).</summary>
    private const int CertificatePageLimit = 50;

    private static string? StateReasonFor(string state) => state switch
    {
        CertificateStates.Registered => "Certificate registered successfully.",
        CertificateStates.Deregistered => "Certificate deregistered successfully.",
        _ => null,
    };

    private sealed record ParsedCertificate(string Thumbprint, string CommonName, DateTimeOffset Expiry);

    private static ParsedCertificate ParseCertificate(string pem, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new AwsException(DirectoryServiceErrors.InvalidCertificateException,
                "CertificateData is not a valid PEM-encoded X.509 certificate.");
        }
        using (certificate)
        {
            if (certificate.SignatureAlgorithm.Value == "1.2.840.113549.1.1.10")
                throw new AwsException(DirectoryServiceErrors.InvalidCertificateException,
                    "Certificates signed with RSASSA-PSS are not supported.");
            var expiry = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (expiry - now <= MinimumCertificateValidity)
                throw new AwsException(DirectoryServiceErrors.InvalidCertificateException,
                    $"The certificate expires on {expiry:u}; it must be valid for more than {MinimumCertificateValidity.TotalDays:0} days to be registered.");
            var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            return new ParsedCertificate(Convert.ToHexStringLower(certificate.GetCertHash()), commonName, expiry);
        }
    }

    private CertificateRecord GetCertificate(RequestContext context, string directoryId, string certificateId) =>
        Certificates.Get(context.Scope, certificateId) is { } c && c.DirectoryId == directoryId
            ? c
            : throw new AwsException(DirectoryServiceErrors.CertificateDoesNotExistException,
                $"Certificate {certificateId} does not exist in directory {directoryId}.");

    /// <summary>Certificates, LDAPS, client authentication and CA enrollment answer DirectoryDoesNotExistException and
    /// serve Managed AD and AD Connector (Simple AD has none of them).</summary>
    private DirectoryRecord GetCertificateDirectory(RequestContext context, string directoryId)
    {
        var directory = Directories.Get(context.Scope, directoryId) ?? throw CertificateDirectoryNotFound(directoryId);
        RequireCertificateSupport(directory);
        return directory;
    }

    private static void RequireCertificateSupport(DirectoryRecord directory)
    {
        if (directory.Type == DirectoryTypes.SimpleAD)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, $"This operation is not supported for {directory.Type} directories.");
    }

    private static AwsException CertificateDirectoryNotFound(string directoryId) =>
        new(DirectoryServiceErrors.DirectoryDoesNotExistException, $"Directory {directoryId} does not exist.");

    /// <summary>Read-modify-write of a directory for these operations (DirectoryDoesNotExistException when gone).</summary>
    private DirectoryRecord UpdateCertificateDirectory(RequestContext context, string directoryId, Func<DirectoryRecord, DirectoryRecord> change) =>
        Directories.Update(context.Scope, directoryId, d =>
        {
            RequireCertificateSupport(d);
            return change(d);
        }) ?? throw CertificateDirectoryNotFound(directoryId);

    private bool HasRegisteredCertificate(string scope, string directoryId, string type) =>
        Certificates.List(scope).Any(c => c.DirectoryId == directoryId && c.Type == type && c.State == CertificateStates.Registered);
}
