using System.Text;
using System.Text.Json;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Admin;

/// <summary>/_emulator/ui: the dashboard (one embedded page, no CDN), its state as JSON, and the same state as a
/// server-sent event stream that pushes a new snapshot whenever something changed (so the page updates without reloading).</summary>
public static class DashboardEndpoints
{
    /// <summary>How often the event stream looks for changes.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("Dashboard.index.html")
            ?? throw new InvalidOperationException("Admin/Dashboard/index.html is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void MapDashboard(this WebApplication app)
    {
        // Routing matches /_emulator/ui and /_emulator/ui/ alike.
        app.MapGet("/_emulator/ui", () => Results.Bytes(Page.Value, "text/html; charset=utf-8"));
        app.MapGet("/_emulator/ui/state", async (Store store, WorkSpacesHandlers ws, DirectoryServiceHandlers ds, IDesktopRuntime runtime, CancellationToken ct) =>
            Results.Json(await new DashboardSnapshot(store, ws, ds, runtime).BuildAsync(ct)));
        app.MapGet("/_emulator/ui/events", StreamAsync);
    }

    private static async Task StreamAsync(HttpContext http, Store store, WorkSpacesHandlers ws, DirectoryServiceHandlers ds, IDesktopRuntime runtime, TimeProvider time)
    {
        var ct = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var snapshot = new DashboardSnapshot(store, ws, ds, runtime);
        string? last = null;
        var quietTicks = 0;
        try
        {
            using var timer = new PeriodicTimer(Interval, time);
            do
            {
                var json = JsonSerializer.Serialize(await snapshot.BuildAsync(ct));
                // Data only when the state changed; now and then a comment line keeps an idle connection alive.
                string? frame = json != last ? $"data: {json}\n\n" : ++quietTicks % 30 == 0 ? ": idle\n\n" : null;
                last = json;
                if (frame is null) continue;
                quietTicks = 0;
                await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), ct);
                await http.Response.Body.FlushAsync(ct);
            } while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) { }
    }
}
