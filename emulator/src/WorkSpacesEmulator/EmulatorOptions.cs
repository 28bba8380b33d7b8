namespace WorkSpacesEmulator;

/// <summary>Configuration (environment variables EMULATOR_*, or the usual .NET configuration keys under "Emulator").</summary>
public sealed class EmulatorOptions
{
    /// <summary>EMULATOR_PORT: the one edge port for every service.</summary>
    public int Port { get; set; } = 4566;

    /// <summary>EMULATOR_BIND_ADDRESS: defaults to all interfaces inside a container, else 127.0.0.1.</summary>
    public string? BindAddress { get; set; }

    /// <summary>EMULATOR_DATA_DIR: folder of the LiteDB file; ":memory:" keeps nothing.</summary>
    public string DataDir { get; set; } = "emulator-data";

    /// <summary>EMULATOR_DESKTOP_RUNTIME: auto | simulated | docker.</summary>
    public string DesktopRuntime { get; set; } = "auto";

    /// <summary>EMULATOR_DEFAULT_ACCOUNT: account of callers whose access key is not a 12-digit account id.</summary>
    public string DefaultAccount { get; set; } = "000000000000";

    /// <summary>EMULATOR_TRANSITION_SECONDS: time spent in each transitional state (0 = instant).</summary>
    public double TransitionSeconds { get; set; } = 2;

    /// <summary>EMULATOR_RECONCILE_INTERVAL_MS: how often the background reconciler looks for due work.</summary>
    public int ReconcileIntervalMs { get; set; } = 100;

    /// <summary>EMULATOR_LOG_REQUESTS: one log line per request (default true).</summary>
    public bool LogRequests { get; set; } = true;

    public bool InMemory => DataDir == ":memory:";

    public TimeSpan Transition => TimeSpan.FromSeconds(Math.Max(0, TransitionSeconds));

    /// <summary>Reads EMULATOR_* variables from configuration (environment variables are part of it).</summary>
    public static void Bind(EmulatorOptions o, Microsoft.Extensions.Configuration.IConfiguration c)
    {
        c.GetSection("Emulator").Bind(o);
        if (c["EMULATOR_PORT"] is { } port) o.Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
        if (c["EMULATOR_BIND_ADDRESS"] is { } bind) o.BindAddress = bind;
        if (c["EMULATOR_DATA_DIR"] is { } dir) o.DataDir = dir;
        if (c["EMULATOR_DESKTOP_RUNTIME"] is { } rt) o.DesktopRuntime = rt;
        if (c["EMULATOR_DEFAULT_ACCOUNT"] is { } acct) o.DefaultAccount = acct;
        if (c["EMULATOR_TRANSITION_SECONDS"] is { } t) o.TransitionSeconds = double.Parse(t, System.Globalization.CultureInfo.InvariantCulture);
        if (c["EMULATOR_RECONCILE_INTERVAL_MS"] is { } ri) o.ReconcileIntervalMs = int.Parse(ri, System.Globalization.CultureInfo.InvariantCulture);
        if (c["EMULATOR_LOG_REQUESTS"] is { } lr) o.LogRequests = bool.Parse(lr);
    }
}
