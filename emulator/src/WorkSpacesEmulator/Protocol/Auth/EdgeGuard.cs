using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace WorkSpacesEmulator.Protocol.Auth;

/// <summary>Runs before every request. In both modes a browser page of another site can never drive the emulator:
/// a request whose <c>Origin</c> is not local (or <c>null</c>), or that the browser marks
/// <c>Sec-Fetch-Site: cross-site</c>, is refused. In strict mode the /_emulator and /moto-api endpoints need the
/// admin token (<c>Authorization: Bearer …</c> or <c>X-Emulator-Admin-Token</c>); health stays open.</summary>
public sealed class EdgeGuard(IOptions<EmulatorOptions> options)
{
    private readonly byte[]? _adminToken = options.Value.AdminToken is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t) : null;
    private readonly bool _strict = options.Value.Strict;

    public Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin && !IsLocalOrigin(origin))
            return RefuseAsync(http, 403, $"Requests from the web origin '{origin}' are refused: the emulator only serves local callers.");
        if (request.Headers["Sec-Fetch-Site"].ToString() == "cross-site")
            return RefuseAsync(http, 403, "Cross-site browser requests are refused: the emulator only serves local callers.");
        if (_strict && IsAdminPath(request.Path) && !HasAdminToken(request))
            return RefuseAsync(http, 401, _adminToken is null
                ? "Strict mode: the admin endpoints are disabled because EMULATOR_ADMIN_TOKEN is not set."
                : "Strict mode: the admin endpoints need 'Authorization: Bearer <EMULATOR_ADMIN_TOKEN>'.");
        return next(http);
    }

    /// <summary>http(s) origins on localhost, 127.0.0.0/8 or [::1], any port. "null" (sandboxed frames, file://) is not local.</summary>
    public static bool IsLocalOrigin(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")) return false;
        var host = uri.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || host == "::1" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
    }

    // Health answers readiness probes; branding logos are served to the presigned-style URL DescribeClientBranding gives out.
    private static bool IsAdminPath(PathString path) =>
        (path.StartsWithSegments("/_emulator") || path.StartsWithSegments("/moto-api"))
        && !path.Equals("/_emulator/health") && !path.StartsWithSegments("/_emulator/client-branding");

    private bool HasAdminToken(HttpRequest request)
    {
        if (_adminToken is null) return false;
        var given = request.Headers["X-Emulator-Admin-Token"].ToString();
        var auth = request.Headers.Authorization.ToString();
        if (given.Length == 0 && auth.StartsWith("Bearer ", StringComparison.Ordinal)) given = auth["Bearer ".Length..].Trim();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _adminToken);
    }

    private static Task RefuseAsync(HttpContext http, int status, string message) =>
        ResponseWriter.WriteJsonErrorAsync(http, null, new AwsException("AccessDeniedException", message, status), RequestIds.New());
}
