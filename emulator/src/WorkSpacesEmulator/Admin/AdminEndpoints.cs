using System.Text.Json;
using WorkSpacesEmulator.Desktops;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Admin;

/// <summary>/_emulator/* : health, reset, coverage and the runtime view of a WorkSpace; plus moto's reset path
/// so suites written for moto's server mode run unchanged.</summary>
public static class AdminEndpoints
{
    public static string Version => typeof(AdminEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The health answer, written directly (health is the first request a starting emulator serves: the
    /// reflection-based serializer would build its metadata for it on the cold-start path).</summary>
    private static byte[] Health(IEnumerable<IJsonServiceEndpoint> endpoints, IEnumerable<IQueryService> queryServices, IDesktopRuntime runtime,
        EmulatorOptions options, WorkSpacesEmulator.Directories.IDomainControllerRuntime dcs)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", "ready");
            w.WriteString("version", Version);
            w.WriteStartArray("services");
            foreach (var e in endpoints) w.WriteStringValue(e.Model.Name);
            foreach (var q in queryServices) w.WriteStringValue(q.SigningName);
            w.WriteEndArray();
            w.WriteStartObject("desktopRuntime");
            w.WriteString("name", runtime.Name);
            w.WriteString("reason", runtime.Reason);
            w.WriteEndObject();
            w.WriteBoolean("persistent", !options.InMemory);
            w.WriteBoolean("strict", options.Strict);
            // Whether Simple AD / Microsoft AD directories are live domain controllers or records.
            w.WriteStartObject("directoryRuntime");
            w.WriteString("name", dcs.Name);
            w.WriteBoolean("dcBacked", dcs.IsReal);
            w.WriteString("reason", dcs.Reason);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>GET /_emulator/health, answered by a middleware before endpoint routing: health is the first request a
    /// starting emulator serves (readiness probes, Docker's HEALTHCHECK, test fixtures), and the first routed request
    /// builds the endpoint matcher (it emits and JIT-compiles IL for its jump tables) and every endpoint's request
    /// delegate with its JSON metadata — work the emulator's own pages need, health does not. Other methods on the
    /// path reach routing (405 like any GET-only endpoint).</summary>
    public static bool IsHealth(HttpRequest request) => request.Path.Equals("/_emulator/health") && HttpMethods.IsGet(request.Method);

    public static Task WriteHealth(HttpContext http)
    {
        var s = http.RequestServices;
        var body = Health(s.GetServices<IJsonServiceEndpoint>(), s.GetServices<IQueryService>(), s.GetRequiredService<IDesktopRuntime>(),
            s.GetRequiredService<IOptions<EmulatorOptions>>().Value, s.GetRequiredService<WorkSpacesEmulator.Directories.IDomainControllerRuntime>());
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body).AsTask();
    }

    public static void MapAdminEndpoints(this WebApplication app)
    {
        // Health names no file path (a page or another local user learns nothing about the host's layout). GET is
        // answered before routing (IsHealth); this endpoint gives the path its place among the routes.
        app.MapGet("/_emulator/health", WriteHealth);

        app.MapGet("/_emulator/coverage", (IEnumerable<IJsonServiceEndpoint> endpoints, IEnumerable<IQueryService> queryServices) =>
            Results.Json(Coverage(endpoints, queryServices)));

        app.MapDashboard();

        app.MapPost("/_emulator/reset", ResetAsync);
        app.MapPost("/moto-api/reset", ResetAsync);

        // The LogoUrl that DescribeClientBranding answers points here.
        app.MapGet("/_emulator/client-branding/{account}/{region}/{directoryId}/{platform}/{which}.png",
            (HttpContext http, string account, string region, string directoryId, string platform, string which, Store store) =>
            {
                if (!LinkSigner.Verify(http.Request.Path.Value!, http.Request.Query["signature"])) return Results.NotFound();
                var record = store.Table<ClientBrandingRecord>(ResourceKinds.ClientBranding)
                    .Get(account + "/" + region, ClientBrandingRecord.KeyFor(directoryId, platform));
                var logo = which switch { "logo" => record?.Logo, "logo2x" => record?.Logo2x, "logo3x" => record?.Logo3x, _ => null };
                return logo is null ? Results.NotFound() : Results.Bytes(logo, "image/png");
            });

        // Runtime view of a directory's domain controller: where the emulator reaches its LDAP, the opt-in 127.0.0.1 port.
        app.MapGet("/_emulator/directories/{id}", async (HttpContext http, string id, Store store, WorkSpacesEmulator.Directories.IDomainControllerRuntime dcs,
            IOptions<EmulatorOptions> options, CancellationToken ct) =>
        {
            var directory = store.Table<WorkSpacesEmulator.Services.DirectoryService.DirectoryRecord>(ResourceKinds.Directories).All().FirstOrDefault(d => d.Id == id);
            if (directory is not null && !VisibleTo(http, directory.Scope, options.Value)) directory = null;
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

        app.MapGet("/_emulator/workspaces/{id}", async (HttpContext http, string id, Store store, IDesktopRuntime runtime, IOptions<EmulatorOptions> options, CancellationToken ct) =>
        {
            var workspace = store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).All().FirstOrDefault(w => w.Id == id);
            // Default mode answers per caller: only the account of the request's SigV4 scope (or the default account)
            // sees its WorkSpaces. Strict mode has already checked the operator's admin token.
            if (workspace is not null && !VisibleTo(http, workspace.Scope, options.Value)) workspace = null;
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
                image = desktop?.Image,
                streamType = desktop?.StreamType,
                running = desktop?.Running ?? false,
                healthy = desktop?.Healthy ?? false,
                streamingEndpoints = desktop?.StreamingEndpoints ?? new Dictionary<string, string>(),
                detail = desktop?.Detail,
            });
        });
    }

    /// <summary>Every service the edge port answers: the modelled JSON services (every operation routed) and the
    /// query-protocol services (EC2: the slice it answers, against the names of EC2's model).</summary>
    public static object Coverage(IEnumerable<IJsonServiceEndpoint> endpoints, IEnumerable<IQueryService> queryServices)
    {
        var services = endpoints
            .Select(e => ServiceCoverage(e.Model.Name, "modelled: every operation routed and validated", e.OperationNames, e.IsImplemented))
            .Concat(queryServices.Select(q => ServiceCoverage(q.SigningName, "slice: the actions other services lean on; the others answer 501 NotImplemented",
                q.ModelledActions.Union(q.ImplementedActions), q.ImplementedActions.Contains)))
            .ToList();
        return new
        {
            total = services.Sum(s => s.total),
            implementedCount = services.Sum(s => s.implementedCount),
            services,
        };
    }

    private static ServiceCoverageEntry ServiceCoverage(string service, string scope, IEnumerable<string> operations, Func<string, bool> implemented)
    {
        var names = operations.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var done = names.Where(implemented).ToList();
        return new ServiceCoverageEntry(service, scope, names.Count, done.Count, done, names.Where(n => !implemented(n)).ToList());
    }

    private sealed record ServiceCoverageEntry(string service, string scope, int total, int implementedCount, List<string> implemented, List<string> missing);

    /// <summary>Default mode answers admin views per caller: only the account of the request's SigV4 scope (or the
    /// default account) sees its resources. Strict mode has already checked the operator's admin token.</summary>
    private static bool VisibleTo(HttpContext http, string scope, EmulatorOptions options)
    {
        if (options.Strict) return true;
        var (account, _, _) = CallerIdentity.Resolve(http.Request.Headers.Authorization, null, options.DefaultAccount);
        return scope.StartsWith(account + "/", StringComparison.Ordinal);
    }

    private static async Task<IResult> ResetAsync(Store store, IDesktopRuntime runtime, WorkSpacesEmulator.Directories.IDomainControllerRuntime dcs,
        Gateways.ClientSessions sessions, CancellationToken ct)
    {
        sessions.Clear(); // end users are signed out and their streams closed
        // Desktops go first (in parallel: a container removal takes a fraction of a second), then the state.
        await Task.WhenAll(store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).All().Select(w => runtime.RemoveAsync(w.Id, ct)));
        // So do the directories' domain controllers (and their data volumes).
        await Task.WhenAll(store.Table<WorkSpacesEmulator.Services.DirectoryService.DirectoryRecord>(ResourceKinds.Directories).All()
            .Where(d => d.IsDcBacked).Select(d => dcs.RemoveAsync(d.Id, ct)));
        store.Reset();
        return Results.Json(new { status = "reset" });
    }
}
