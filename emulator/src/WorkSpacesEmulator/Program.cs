using System.Net;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator;
using WorkSpacesEmulator.Admin;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.DirectoryService.Data;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

// No configuration file watcher (inotify on the content root) at start-up: the emulator reads environment variables
// and arguments, and an appsettings.json is read once.
StartupTrace.Mark("main");
ServiceModel.BeginLoading("workspaces", "ds", "ds-data", "kms");
var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
StartupTrace.Mark("builder created");
var options = new EmulatorOptions();
EmulatorOptions.Bind(options, builder.Configuration);
WorkSpacesEmulator.Desktops.DesktopRuntimeFactory.BeginProbe(options);

builder.Logging.ClearProviders();
// One line per entry, written to stdout in batches (Logging/ConsoleLog.cs: the framework's console logger makes one
// write per line from its own thread, a tenth of the CPU at thousands of requests per second).
builder.Logging.AddProvider(new WorkSpacesEmulator.Logging.ConsoleLogProvider(WorkSpacesEmulator.Logging.ConsoleLog.ForStandardOutput()));
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
// Hosting creates an Activity and a log scope for every request whenever its logger is enabled at any level; it logs
// nothing above Information, so it is off (the emulator writes its own line per request).
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
if (!options.LogRequests) builder.Logging.AddFilter("Request", LogLevel.Warning);

builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
    // Raised so oversized request lines and headers reach HttpEdgeErrors, which answers them AWS-shaped.
    k.Limits.MaxRequestLineSize = 16 * HttpEdgeErrors.MaxRequestLine;
    k.Limits.MaxRequestHeadersTotalSize = 16 * HttpEdgeErrors.MaxHeadersTotal;
    k.AddServerHeader = false;
    var inContainer = File.Exists("/.dockerenv") || Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER") == "true";
    var address = options.BindAddress is { Length: > 0 } b ? IPAddress.Parse(b) : inContainer ? IPAddress.Any : IPAddress.Loopback;
    k.Listen(address, options.Port);
});

Startup.AddEmulator(builder.Services);
StartupTrace.Mark("builder configured");

var app = builder.Build();
StartupTrace.Mark("host built");
if (StartupTrace.Enabled) app.Use((context, next) => StartupTrace.AroundFirstRequests(context, () => next(context)));
app.Use(HttpEdgeErrors.EnforceLimits);
var guard = app.Services.GetRequiredService<WorkSpacesEmulator.Protocol.Auth.EdgeGuard>();
app.Use(guard.InvokeAsync);
StartupTrace.Mark("edge guard resolved");
var edge = app.Services.GetRequiredService<EdgeRouter>();
StartupTrace.Mark("edge router resolved");
// AWS requests (every path outside /_emulator, /client and /moto-api) go straight to the edge router, which answers
// each with a body of its own: status-code pages, WebSockets and endpoint routing are only on the emulator's paths.
// GET /_emulator/health is answered here too, before routing (AdminEndpoints.IsHealth says why).
app.Use((context, next) => !EdgeRouter.IsEmulatorPath(context.Request.Path) ? edge.HandleAsync(context)
    : AdminEndpoints.IsHealth(context.Request) ? AdminEndpoints.WriteHealth(context) : next(context));
app.UseStatusCodePages(HttpEdgeErrors.StatusCodePage);
app.UseWebSockets();
app.UseRouting();
// An emulator path no endpoint matches is answered by the edge router (an AWS-shaped 404).
app.Use((context, next) => context.GetEndpoint() is null ? edge.HandleAsync(context) : next(context));
app.MapAdminEndpoints();
WorkSpacesEmulator.Gateways.ClientEndpoints.MapClientEndpoints(app);

StartupTrace.Mark("endpoints mapped");
var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Emulator");
app.Lifetime.ApplicationStarted.Register(() =>
{
    StartupTrace.Mark("listening");
    var runtime = app.Services.GetRequiredService<IDesktopRuntime>();
    log.LogInformation("WorkSpaces emulator {Version} listening on port {Port}; data {Data}; desktop runtime {Runtime} ({Reason}); startup {Ms:0} ms",
        AdminEndpoints.Version, app.Services.GetRequiredService<IOptions<EmulatorOptions>>().Value.Port, app.Services.GetRequiredService<Store>().Location, runtime.Name, runtime.Reason,
        (DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds);
});
app.Run();

public partial class Program;
