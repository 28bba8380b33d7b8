using System.Text.Json;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Admin;

/// <summary>/_emulator/* : health, reset, coverage and the runtime view of a WorkSpace; plus moto's reset path
/// so suites written for moto's server mode run unchanged.</summary>
public static class AdminEndpoints
{
    public static string Version => typeof(AdminEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static void MapAdminEndpoints(this WebApplication app)
    {
        app.MapGet("/_emulator/health", (IEnumerable<IJsonServiceEndpoint> endpoints, IDesktopRuntime runtime, Store store,
            WorkSpacesEmulator.Directories.IDomainControllerRuntime dcs) => Results.Json(new
        {
            status = "ready",
            version = Version,
            services = endpoints.Select(e => e.Model.Name).Append("ec2").ToArray(),
            desktopRuntime = new { name = runtime.Name, reason = runtime.Reason },
            // Whether Simple AD / Microsoft AD directories are live domain controllers or records.
            directoryRuntime = new { name = dcs.Name, dcBacked = dcs.IsReal, reason = dcs.Reason },
            data = store.Location,
        }));

        app.MapGet("/_emulator/coverage", (IEnumerable<IJsonServiceEndpoint> endpoints) => Results.Json(Coverage(endpoints)));

        app.MapPost("/_emulator/reset", ResetAsync);
        app.MapPost("/moto-api/reset", ResetAsync);

        // The LogoUrl that DescribeClientBranding answers points here.
        app.MapGet("/_emulator/client-branding/{account}/{region}/{directoryId}/{platform}/{which}.png",
            (string account, string region, string directoryId, string platform, string which, Store store) =>
            {
                var record = store.Table<ClientBrandingRecord>(ResourceKinds.ClientBranding)
                    .Get(account + "/" + region, ClientBrandingRecord.KeyFor(directoryId, platform));
                var logo = which switch { "logo" => record?.Logo, "logo2x" => record?.Logo2x, "logo3x" => record?.Logo3x, _ => null };
                return logo is null ? Results.NotFound() : Results.Bytes(logo, "image/png");
            });

        // Runtime view of a directory's domain controller: where the emulator reaches its LDAP, the opt-in 127.0.0.1 port.
        app.MapGet("/_emulator/directories/{id}", async (string id, Store store, WorkSpacesEmulator.Directories.IDomainControllerRuntime dcs, CancellationToken ct) =>
        {
            var directory = store.Table<WorkSpacesEmulator.Services.DirectoryService.DirectoryRecord>(ResourceKinds.Directories).All().FirstOrDefault(d => d.Id == id);
            if (directory is null) return Results.Json(new { message = $"Directory {id} not found" }, statusCode: 404);
            var dc = directory.IsDcBacked ? await dcs.GetAsync(id, ct) : null;
            return Results.Json(new
            {
                directoryId = directory.Id,
                scope = directory.Scope,
                stage = directory.Stage,
                dnsIpAddrs = directory.DnsIpAddrs,
                runtime = directory.IsDcBacked ? dcs.Name : "simulated",
                running = dc?.Running ?? false,
                ready = dc?.Ready ?? false,
                ldapEndpoint = dc?.LdapEndpoint,
                publishedLdap = dc?.PublishedLdap,
                detail = dc?.Detail,
            });
        });

        app.MapGet("/_emulator/workspaces/{id}", async (string id, Store store, IDesktopRuntime runtime, CancellationToken ct) =>
        {
            var workspace = store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).All().FirstOrDefault(w => w.Id == id);
            if (workspace is null) return Results.Json(new { message = $"WorkSpace {id} not found" }, statusCode: 404);
            var desktop = await runtime.GetAsync(id, ct);
            return Results.Json(new
            {
                workspaceId = workspace.Id,
                scope = workspace.Scope,
                state = workspace.State,
                ipAddress = workspace.IpAddress,
                subnetId = workspace.SubnetId,
                runtime = runtime.Name,
                runtimeId = desktop?.RuntimeId,
                running = desktop?.Running ?? false,
                healthy = desktop?.Healthy ?? false,
                streamingEndpoints = desktop?.StreamingEndpoints ?? new Dictionary<string, string>(),
                detail = desktop?.Detail,
            });
        });
    }

    public static object Coverage(IEnumerable<IJsonServiceEndpoint> endpoints)
    {
        var services = endpoints.Select(e =>
        {
            var names = e.OperationNames.OrderBy(n => n, StringComparer.Ordinal).ToList();
            var implemented = names.Where(e.IsImplemented).ToList();
            return new
            {
                service = e.Model.Name,
                total = names.Count,
                implementedCount = implemented.Count,
                implemented,
                missing = names.Where(n => !e.IsImplemented(n)).ToList(),
            };
        }).ToList();
        return new
        {
            total = services.Sum(s => s.total),
            implementedCount = services.Sum(s => s.implementedCount),
            services,
        };
    }

    private static async Task<IResult> ResetAsync(Store store, IDesktopRuntime runtime, CancellationToken ct)
    {
        // Desktops go first (in parallel: a container removal takes a fraction of a second), then the state.
        await Task.WhenAll(store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).All().Select(w => runtime.RemoveAsync(w.Id, ct)));
        store.Reset();
        return Results.Json(new { status = "reset" });
    }
}
