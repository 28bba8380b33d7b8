using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Client branding: ImportClientBranding, DescribeClientBranding, DeleteClientBranding.
public sealed partial class WorkSpacesHandlers
{
    private const int MaxClientBrandingBytesPerRequest = 6 * 1024 * 1024;   // "up to 6 MB of data with each request"

    private static readonly string[] BrandingPlatforms =
        ["DeviceTypeWindows", "DeviceTypeOsx", "DeviceTypeAndroid", "DeviceTypeIos", "DeviceTypeLinux", "DeviceTypeWeb"];

    private ResourceTable<ClientBrandingRecord> ClientBranding => store.Table<ClientBrandingRecord>(ResourceKinds.ClientBranding);

    public override Task<ImportClientBrandingResult> ImportClientBranding(RequestContext context, ImportClientBrandingRequest request, CancellationToken ct)
    {
        var directory = RegisteredDirectory(context, request.ResourceId!);
        var imported = new List<ClientBrandingRecord>();
        void Add(string platform, byte[]? logo, byte[]? logo2x, byte[]? logo3x, string? email, string? link, string? forgot, Dictionary<string, string>? message)
        {
            if (email is not null && link is not null)
                throw InvalidParameter($"{platform}: SupportEmail and SupportLink are mutually exclusive; give one of them.");
            imported.Add(new ClientBrandingRecord(ClientBrandingRecord.KeyFor(directory.Id, platform), context.Scope, directory.Id, platform,
                logo, logo2x, logo3x, email, link, forgot, message, Now));
        }
        foreach (var (platform, a) in DefaultPlatforms(request))
            if (a is not null) Add(platform, a.Logo, null, null, a.SupportEmail, a.SupportLink, a.ForgotPasswordLink, a.LoginMessage);
        if (request.DeviceTypeIos is { } ios)
            Add("DeviceTypeIos", ios.Logo, ios.Logo2x, ios.Logo3x, ios.SupportEmail, ios.SupportLink, ios.ForgotPasswordLink, ios.LoginMessage);
        if (imported.Count == 0)
            throw InvalidParameter("Specify the branding of at least one platform.");
        var bytes = imported.Sum(r => (long)(r.Logo?.Length ?? 0) + (r.Logo2x?.Length ?? 0) + (r.Logo3x?.Length ?? 0));
        if (bytes > MaxClientBrandingBytesPerRequest)
            throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException,
                "A request can import at most 6 MB of logos. Import the platforms in separate requests.");

        // Importing a platform replaces all of its earlier branding (attributes not given revert to the defaults).
        foreach (var record in imported) ClientBranding.Put(record);
        var result = new ImportClientBrandingResult();
        foreach (var record in imported) Fill(context, record, (p, d) => SetDefault(result, p, d), i => result.DeviceTypeIos = i);
        return Task.FromResult(result);
    }

    public override Task<DescribeClientBrandingResult> DescribeClientBranding(RequestContext context, DescribeClientBrandingRequest request, CancellationToken ct)
    {
        var directory = RegisteredDirectory(context, request.ResourceId!);
        var result = new DescribeClientBrandingResult();
        foreach (var platform in BrandingPlatforms)
        {
            if (ClientBranding.Get(context.Scope, ClientBrandingRecord.KeyFor(directory.Id, platform)) is not { } record) continue;
            Fill(context, record, (p, d) =>
            {
                switch (p)
                {
                    case "DeviceTypeWindows": result.DeviceTypeWindows = d; break;
                    case "DeviceTypeOsx": result.DeviceTypeOsx = d; break;
                    case "DeviceTypeAndroid": result.DeviceTypeAndroid = d; break;
                    case "DeviceTypeLinux": result.DeviceTypeLinux = d; break;
                    case "DeviceTypeWeb": result.DeviceTypeWeb = d; break;
                }
            }, i => result.DeviceTypeIos = i);
        }
        return Task.FromResult(result);
    }

    public override Task<DeleteClientBrandingResult> DeleteClientBranding(RequestContext context, DeleteClientBrandingRequest request, CancellationToken ct)
    {
        var directory = RegisteredDirectory(context, request.ResourceId!);
        // Deleting the branding of a platform that has none changes nothing (it is already the default).
        foreach (var platform in request.Platforms!.Distinct(StringComparer.Ordinal))
            ClientBranding.Delete(context.Scope, ClientBrandingRecord.KeyFor(directory.Id, platform));
        return Task.FromResult(new DeleteClientBrandingResult());
    }

    private static IEnumerable<(string Platform, DefaultImportClientBrandingAttributes? Attributes)> DefaultPlatforms(ImportClientBrandingRequest r) =>
    [
        ("DeviceTypeWindows", r.DeviceTypeWindows), ("DeviceTypeOsx", r.DeviceTypeOsx), ("DeviceTypeAndroid", r.DeviceTypeAndroid),
        ("DeviceTypeLinux", r.DeviceTypeLinux), ("DeviceTypeWeb", r.DeviceTypeWeb),
    ];

    private static void SetDefault(ImportClientBrandingResult result, string platform, DefaultClientBrandingAttributes attributes)
    {
        switch (platform)
        {
            case "DeviceTypeWindows": result.DeviceTypeWindows = attributes; break;
            case "DeviceTypeOsx": result.DeviceTypeOsx = attributes; break;
            case "DeviceTypeAndroid": result.DeviceTypeAndroid = attributes; break;
            case "DeviceTypeLinux": result.DeviceTypeLinux = attributes; break;
            case "DeviceTypeWeb": result.DeviceTypeWeb = attributes; break;
        }
    }

    /// <summary>Turns a stored platform's branding into its wire shape (logos become URLs).</summary>
    private void Fill(RequestContext context, ClientBrandingRecord r, Action<string, DefaultClientBrandingAttributes> setDefault,
        Action<IosClientBrandingAttributes> setIos)
    {
        var message = r.LoginMessage is null ? null : new Dictionary<string, string>(r.LoginMessage);
        if (r.Platform == "DeviceTypeIos")
        {
            setIos(new IosClientBrandingAttributes
            {
                LogoUrl = r.Logo is null ? null : LogoUrl(context, r, "logo"),
                Logo2xUrl = r.Logo2x is null ? null : LogoUrl(context, r, "logo2x"),
                Logo3xUrl = r.Logo3x is null ? null : LogoUrl(context, r, "logo3x"),
                SupportEmail = r.SupportEmail,
                SupportLink = r.SupportLink,
                ForgotPasswordLink = r.ForgotPasswordLink,
                LoginMessage = message,
            });
            return;
        }
        setDefault(r.Platform, new DefaultClientBrandingAttributes
        {
            LogoUrl = r.Logo is null ? null : LogoUrl(context, r, "logo"),
            SupportEmail = r.SupportEmail,
            SupportLink = r.SupportLink,
            ForgotPasswordLink = r.ForgotPasswordLink,
            LoginMessage = message,
        });
    }

    // Difference from AWS: AWS answers a URL of its own storage; the emulator serves the stored logo on its own port
    // (Admin/AdminEndpoints: /_emulator/client-branding/…), signed like a presigned URL so it serves only this logo.
    private string LogoUrl(RequestContext context, ClientBrandingRecord r, string which)
    {
        var path = $"/_emulator/client-branding/{context.Account}/{context.Region}/{r.DirectoryId}/{r.Platform}/{which}.png";
        return $"http://localhost:{options.Value.Port}{path}?signature={WorkSpacesEmulator.Admin.LinkSigner.Sign(path)}";
    }
}
