using System.Reflection;

namespace WorkSpacesEmulator.Gateways;

/// <summary>The web client (the emulator's WorkSpaces Web Access) at /client/: a page and its assets, embedded in
/// the emulator at build time.</summary>
public static class WebClientEndpoints
{
    private static readonly Assembly Assembly = typeof(WebClientEndpoints).Assembly;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".css"] = "text/css; charset=utf-8",
    };

    public static void MapWebClient(this WebApplication app)
    {
        // "/client" and "/client/" are one route; the page's relative links want the slash.
        app.MapGet("/client/", (HttpContext c) => c.Request.Path.Value!.EndsWith('/') ? Asset("index.html") : Results.Redirect("/client/"));
        app.MapGet("/client/assets/{name}", (string name) => Asset(name));
        // noVNC's module tree (it imports ./util/…, ../vendor/pako/…); names are looked up among the embedded files only.
        app.MapGet("/client/assets/novnc/{**path}", (string path) => Asset("novnc/" + path));
    }

    private static IResult Asset(string name)
    {
        using var stream = Assembly.GetManifestResourceStream("WebClient." + name);
        if (stream is null)
            return name == "index.html"
                ? Results.Text("The web client's assets were not built into this emulator (npm was missing at build time).", statusCode: 503)
                : Results.NotFound();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var type = Types.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        return Results.Bytes(copy.ToArray(), type);
    }
}
