using System.Globalization;
using WorkSpacesEmulator.Networking;

namespace WorkSpacesEmulator.Gateways;

/// <summary>End-user access settings (environment variables EMULATOR_*, or keys under "Emulator:Gateway").</summary>
public sealed class GatewayOptions
{
    /// <summary>EMULATOR_CLIENT_SESSION_MINUTES: how long a session token from /client/v1/authenticate lives.</summary>
    public double SessionMinutes { get; set; } = 720;

    /// <summary>EMULATOR_TRUSTED_PROXIES: CIDRs (comma-separated) of reverse proxies whose X-Forwarded-For header names
    /// the client. A request from any other peer is judged by its TCP peer address alone.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>EMULATOR_AUTOSTOP_MINUTE_SECONDS: real seconds one minute of RunningModeAutoStopTimeoutInMinutes lasts.</summary>
    public double AutoStopMinuteSeconds { get; set; } = 60;

    /// <summary>EMULATOR_SMTP_URL: smtp://[user:password@]host[:port] — invitations are also sent there when set.</summary>
    public string? SmtpUrl { get; set; }

    /// <summary>EMULATOR_SMTP_FROM: the sender address of invitations.</summary>
    public string SmtpFrom { get; set; } = "no-reply@workspaces.emulator.local";

    /// <summary>EMULATOR_PUBLIC_URL: the address end users reach the emulator at (links in invitations);
    /// default http://localhost:{port}.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>EMULATOR_PRICE_TABLE: a JSON file whose rows replace the built-in price table's rows.</summary>
    public string? PriceTableFile { get; set; }

    public TimeSpan SessionLifetime => TimeSpan.FromMinutes(Math.Max(0.01, SessionMinutes));

    public TimeSpan AutoStopMinute => TimeSpan.FromSeconds(Math.Max(0, AutoStopMinuteSeconds));

    public IReadOnlyList<Ipv4Cidr> TrustedProxyRanges() =>
        [.. TrustedProxies.Select(t => Ipv4Cidr.TryParse(t.Contains('/') ? t : t + "/32", out var c) ? c : throw new FormatException($"EMULATOR_TRUSTED_PROXIES: '{t}' is not an IPv4 CIDR"))];

    public static GatewayOptions From(Microsoft.Extensions.Configuration.IConfiguration c)
    {
        var o = new GatewayOptions();
        c.GetSection("Emulator:Gateway").Bind(o);
        var inv = CultureInfo.InvariantCulture;
        if (c["EMULATOR_CLIENT_SESSION_MINUTES"] is { Length: > 0 } m) o.SessionMinutes = double.Parse(m, inv);
        if (c["EMULATOR_TRUSTED_PROXIES"] is { Length: > 0 } p)
            o.TrustedProxies = [.. p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (c["EMULATOR_AUTOSTOP_MINUTE_SECONDS"] is { Length: > 0 } a) o.AutoStopMinuteSeconds = double.Parse(a, inv);
        if (c["EMULATOR_SMTP_URL"] is { Length: > 0 } s) o.SmtpUrl = s;
        if (c["EMULATOR_SMTP_FROM"] is { Length: > 0 } f) o.SmtpFrom = f;
        if (c["EMULATOR_PUBLIC_URL"] is { Length: > 0 } u) o.PublicUrl = u.TrimEnd('/');
        if (c["EMULATOR_PRICE_TABLE"] is { Length: > 0 } t) o.PriceTableFile = t;
        return o;
    }
}
