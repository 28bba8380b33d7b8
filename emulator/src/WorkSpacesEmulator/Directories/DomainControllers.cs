using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Desktops.Docker;
using WorkSpacesEmulator.Directories.Docker;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;

namespace WorkSpacesEmulator.Directories;

/// <summary>The directories' domain controllers as the rest of the emulator sees them: whether new Simple AD /
/// Microsoft AD directories get one, the spec a directory's DC is provisioned from, and where its LDAP answers.</summary>
public sealed class DomainControllers(IDomainControllerRuntime runtime, Ec2Network network)
{
    /// <summary>The account the emulator binds with (a Domain Admins member the image creates at provisioning).</summary>
    public const string ServiceUser = "wse-service";

    private readonly ConcurrentDictionary<string, string> _endpoints = new(StringComparer.Ordinal);
    private readonly LdapPool _pool = new();

    public IDomainControllerRuntime Runtime => runtime;

    /// <summary>Whether a new directory of this type is backed by a live DC.</summary>
    public bool Backs(string directoryType) => runtime.IsReal && directoryType is DirectoryTypes.SimpleAD or DirectoryTypes.MicrosoftAD;

    public DomainControllerSpec Spec(DirectoryRecord d)
    {
        var slash = d.Scope.IndexOf('/');
        var subnets = d.SubnetIds.Select((id, i) => new DcSubnet(id, network.Subnets.Get(d.Scope, id)?.CidrBlock ?? "", d.DnsIpAddrs[i])).ToList();
        return new DomainControllerSpec(d.Id, d.Scope[..slash], d.Scope[(slash + 1)..], d.Type, d.Name, d.ShortName ?? d.Name.Split('.')[0],
            DirectoryUsers.AdminNameFor(d.Type), d.DcAdminPassword ?? "", ServiceUser, d.DcServicePassword ?? "", d.Size, d.Edition, subnets);
    }

    /// <summary>Whether the emulator reaches this directory's real users: its own DC, or (AD Connector) the on-premises
    /// directory it was connected to with credentials.</summary>
    public static bool Reaches(DirectoryRecord d) => d.IsDcBacked || IsLiveConnector(d);

    private static bool IsLiveConnector(DirectoryRecord d) => d.Type == DirectoryTypes.ADConnector && d.DcServicePassword is not null;

    /// <summary>Where the emulator reaches the DC's LDAP (its management-network address; for AD Connector the DC the
    /// customer's DNS names), as last seen: the lifecycle records it when the DC answers and on every look at an Active
    /// directory (from the first reconciler tick after a restart), so requests never wait on Docker or DNS for it.
    /// Null when not known yet (<see cref="LocateAsync"/> finds it).</summary>
    public string? LdapEndpoint(DirectoryRecord directory) => _endpoints.GetValueOrDefault(directory.Id);

    /// <summary>The LDAP endpoint, asking the engine (DC-backed) or the customer's DNS (AD Connector) when it is not known yet.</summary>
    public async ValueTask<string?> LocateAsync(DirectoryRecord directory, CancellationToken cancellationToken)
    {
        if (_endpoints.TryGetValue(directory.Id, out var known)) return known;
        string? found;
        if (IsLiveConnector(directory))
            (found, _) = await OnPremisesDirectory.LocateAsync(directory.Name, directory.CustomerDnsIps ?? [], cancellationToken);
        else if (directory.IsDcBacked)
            found = (await runtime.GetAsync(directory.Id, cancellationToken))?.LdapEndpoint;
        else return null;
        if (found is not null) Seen(directory.Id, found);
        return found;
    }

    internal void Seen(DomainControllerStatus status)
    {
        if (status.LdapEndpoint is { } endpoint) Seen(status.DirectoryId, endpoint);
    }

    internal void Seen(string directoryId, string endpoint)
    {
        // A DC at a new address (recreated container) leaves its old pooled connections behind.
        if (_endpoints.TryGetValue(directoryId, out var before) && before != endpoint) _pool.Forget(directoryId);
        _endpoints[directoryId] = endpoint;
    }

    internal void Forget(string directoryId)
    {
        _endpoints.TryRemove(directoryId, out _);
        _pool.Forget(directoryId);
    }

    /// <summary>A session bound as the emulator's service account, from the DC's pool of bound connections.</summary>
    public LdapSession Open(DirectoryRecord directory)
    {
        var endpoint = LdapEndpoint(directory) ?? throw Unavailable(directory, "its domain controller has not been located yet");
        try
        {
            // AD Connector acts as its service account (CustomerUserName) in the on-premises domain.
            var user = IsLiveConnector(directory) ? StoredHashAuthenticator.SamAccountNameOf(directory.CustomerUserName ?? "") : ServiceUser;
            return _pool.Open(directory.Id, endpoint, user + "@" + directory.Name, directory.DcServicePassword ?? "", e => Lost(directory, endpoint, e));
        }
        catch (System.DirectoryServices.Protocols.LdapException e)
        {
            throw Lost(directory, endpoint, e);
        }
    }

    private AwsException Lost(DirectoryRecord directory, string endpoint, System.DirectoryServices.Protocols.LdapException e)
    {
        Forget(directory.Id);
        return Unavailable(directory, $"its domain controller at {endpoint} did not answer LDAP ({e.Message})");
    }

    /// <summary>DirectoryUnavailableException, the error both ds and ds-data answer for a directory that cannot serve now.</summary>
    public static AwsException Unavailable(DirectoryRecord directory, string why) =>
        new("DirectoryUnavailableException", $"Directory {directory.Id} is unavailable: {why}.",
            members: new Dictionary<string, string> { ["Reason"] = "DIRECTORY_TIMEOUT" });

    /// <summary>EMULATOR_DIRECTORY_RUNTIME: docker when the desktop runtime is Docker and the directory image is there
    /// (or forced), else records.</summary>
    public static IDomainControllerRuntime CreateRuntime(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger<DockerDomainControllers>();
        var desktops = services.GetRequiredService<IDesktopRuntime>() as DockerDesktopRuntime;
        var mode = options.DirectoryRuntime.ToLowerInvariant();
        if (mode == "simulated") return new NoDomainControllers("simulated: configured by EMULATOR_DIRECTORY_RUNTIME=simulated");
        if (desktops is null) return new NoDomainControllers("simulated: the desktop runtime is not Docker, so directories are records with stored password hashes");
        if (mode == "docker") return new DockerDomainControllers(desktops, options, log, $"docker: configured by EMULATOR_DIRECTORY_RUNTIME=docker; image {options.DirectoryImage}");
        var present = Task.Run(() => DockerDomainControllers.ImagePresentAsync(desktops, options.DirectoryImage, CancellationToken.None)).GetAwaiter().GetResult();
        return present
            ? new DockerDomainControllers(desktops, options, log, $"docker: a Samba AD DC container per Simple AD / Microsoft AD (image {options.DirectoryImage})")
            : new NoDomainControllers($"simulated: the directory image {options.DirectoryImage} is not in the Docker engine (build it with docker/directory/build-offline.sh)");
    }
}

