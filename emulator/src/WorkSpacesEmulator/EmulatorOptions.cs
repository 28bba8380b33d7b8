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

    /// <summary>EMULATOR_DOCKER_SOCKET (else DOCKER_HOST): the Docker engine endpoint, unix:///path or tcp://host:port.</summary>
    public string DockerSocket { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>EMULATOR_DESKTOP_IMAGE: image of every desktop unless DesktopImages maps its bundle or compute type.</summary>
    public string DesktopImage { get; set; } = "workspaces-emulator/desktop:latest";

    /// <summary>EMULATOR_DESKTOP_IMAGES: per-bundle or per-compute-type images, "wsb-abc=img:tag,POWER=img2".
    /// A bundle id wins over a compute type.</summary>
    public Dictionary<string, string> DesktopImages { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>EMULATOR_DESKTOP_GUI_IMAGE: the graphical desktop (docker/desktop-gui) Linux bundles run when it is in the
    /// engine and neither DesktopImages nor an explicit DesktopImage decides; empty = never.</summary>
    public string DesktopGuiImage { get; set; } = "workspaces-emulator/desktop-gui:latest";

    /// <summary>True when DesktopImage was configured (it then is every desktop's image unless DesktopImages maps it).</summary>
    public bool DesktopImageExplicit { get; set; }

    /// <summary>EMULATOR_DESKTOP_MANAGEMENT_CIDR: the Docker network every desktop's eth0 is on.</summary>
    public string DesktopManagementCidr { get; set; } = "198.19.0.0/16";

    /// <summary>EMULATOR_DESKTOP_RESOURCE_SCALE: the compute type's vCPUs and memory are multiplied by this
    /// (so a POWERPRO desktop does not take 32 GiB on a laptop).</summary>
    public double DesktopResourceScale { get; set; } = 0.0625;

    /// <summary>EMULATOR_DESKTOP_INSTANCE: label value that keeps the Docker resources of two emulators on one engine
    /// apart; start-up clean-up only touches its own instance's containers and volumes.</summary>
    public string DesktopInstance { get; set; } = "default";

    /// <summary>EMULATOR_DIRECTORY_RUNTIME: auto | docker | simulated. auto = a Samba AD DC container per Simple AD /
    /// Microsoft AD when the desktop runtime is Docker and the directory image is present, else stored records.</summary>
    public string DirectoryRuntime { get; set; } = "auto";

    /// <summary>EMULATOR_DIRECTORY_IMAGE: the domain-controller image (docker/directory/build-offline.sh builds it).</summary>
    public string DirectoryImage { get; set; } = "workspaces-emulator/directory:latest";

    /// <summary>EMULATOR_DIRECTORY_PUBLISH_LDAP: also publish each DC's LDAP port (389) on 127.0.0.1 for host tools
    /// (default false: the DC is reachable only on its VPC subnets and the management network).</summary>
    public bool DirectoryPublishLdap { get; set; }

    /// <summary>EMULATOR_DEFAULT_ACCOUNT: account of callers whose access key is not a 12-digit account id.</summary>
    public string DefaultAccount { get; set; } = "000000000000";

    /// <summary>EMULATOR_TRANSITION_SECONDS: time spent in each transitional state (0 = instant).</summary>
    public double TransitionSeconds { get; set; } = 2;

    /// <summary>EMULATOR_RECONCILE_INTERVAL_MS: how often the background reconciler looks for due work.</summary>
    public int ReconcileIntervalMs { get; set; } = 100;

    /// <summary>EMULATOR_LOG_REQUESTS: one log line per request (default true).</summary>
    public bool LogRequests { get; set; } = true;

    /// <summary>EMULATOR_READ_CACHE: keep the answers of the hot WorkSpaces reads until the next stored change
    /// (Protocol/ReadCache.cs; default true).</summary>
    public bool ReadCache { get; set; } = true;

    /// <summary>EMULATOR_STRICT: verify SigV4 against Credentials and enforce the AWS rules suites usually skip.</summary>
    public bool Strict { get; set; }

    /// <summary>EMULATOR_CREDENTIALS: the access keys strict mode accepts, "AKID:SECRET[:ACCOUNT],…".</summary>
    public string? Credentials { get; set; }

    /// <summary>EMULATOR_ADMIN_TOKEN: the bearer token the /_emulator endpoints require in strict mode.</summary>
    public string? AdminToken { get; set; }

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
        if (c["EMULATOR_DOCKER_SOCKET"] is { Length: > 0 } sock) o.DockerSocket = sock;
        else if (c["DOCKER_HOST"] is { Length: > 0 } dockerHost) o.DockerSocket = dockerHost;
        if (c["EMULATOR_DESKTOP_IMAGE"] is { Length: > 0 } img) o.DesktopImage = img;
        if (c["EMULATOR_DESKTOP_IMAGE"] is { Length: > 0 } || c["Emulator:DesktopImage"] is { Length: > 0 }) o.DesktopImageExplicit = true;
        if (c["EMULATOR_DESKTOP_GUI_IMAGE"] is { } gui) o.DesktopGuiImage = gui.Trim();
        if (c["EMULATOR_DESKTOP_IMAGES"] is { Length: > 0 } imgs)
        {
            foreach (var pair in imgs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0) o.DesktopImages[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
        }
        if (c["EMULATOR_DESKTOP_MANAGEMENT_CIDR"] is { Length: > 0 } mgmt) o.DesktopManagementCidr = mgmt;
        if (c["EMULATOR_DESKTOP_RESOURCE_SCALE"] is { Length: > 0 } scale) o.DesktopResourceScale = double.Parse(scale, System.Globalization.CultureInfo.InvariantCulture);
        if (c["EMULATOR_DESKTOP_INSTANCE"] is { Length: > 0 } inst) o.DesktopInstance = inst;
        if (c["EMULATOR_DIRECTORY_RUNTIME"] is { Length: > 0 } drt) o.DirectoryRuntime = drt;
        if (c["EMULATOR_DIRECTORY_IMAGE"] is { Length: > 0 } dimg) o.DirectoryImage = dimg;
        if (c["EMULATOR_DIRECTORY_PUBLISH_LDAP"] is { Length: > 0 } pub) o.DirectoryPublishLdap = bool.Parse(pub);
        if (c["EMULATOR_DEFAULT_ACCOUNT"] is { } acct) o.DefaultAccount = acct;
        if (c["EMULATOR_TRANSITION_SECONDS"] is { } t) o.TransitionSeconds = double.Parse(t, System.Globalization.CultureInfo.InvariantCulture);
        if (c["EMULATOR_RECONCILE_INTERVAL_MS"] is { } ri) o.ReconcileIntervalMs = int.Parse(ri, System.Globalization.CultureInfo.InvariantCulture);
        if (c["EMULATOR_LOG_REQUESTS"] is { } lr) o.LogRequests = bool.Parse(lr);
        if (c["EMULATOR_READ_CACHE"] is { Length: > 0 } rc) o.ReadCache = bool.Parse(rc);
        if (c["EMULATOR_STRICT"] is { Length: > 0 } strict) o.Strict = bool.Parse(strict);
        if (c["EMULATOR_CREDENTIALS"] is { } creds) o.Credentials = creds;
        if (c["EMULATOR_ADMIN_TOKEN"] is { Length: > 0 } token) o.AdminToken = token;
    }
}
