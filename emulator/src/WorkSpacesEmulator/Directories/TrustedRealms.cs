using System.Globalization;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.DirectoryService.Data;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Directories;

/// <summary>The realms a DC-backed Managed Microsoft AD trusts, reached the way AWS's directory reaches them: through a
/// real Samba forest/external trust that the directory's DC holds. The trust is created inside the DC with the
/// CreateTrust request's TrustPassword, TrustType and TrustDirection (<c>samba-tool domain trust create
/// --create-location=local</c>, the AWS side only; the remote side is the remote administrator's, as in AWS). Users of a
/// trusted realm are read from the remote DC by the directory's DC, authenticated as the directory's service account
/// through the trust, and end users sign in with an NTLM bind to the directory's own DC, which passes the logon to the
/// trusted domain's DC over netlogon. Every command runs inside the directory's DC (secrets in its environment only).</summary>
public sealed class TrustedRealms(Store store, DomainControllers controllers, SecretProtector secrets, ILogger<TrustedRealms> log)
{
    /// <summary>Samba services of a Managed Microsoft AD's DC: the default list without NetBIOS, WINS, replication and
    /// the KCC, keeping SMB (LSA, for creating trusts) and winbind (netlogon to trusted domains).</summary>
    public const string MicrosoftAdServices = "-nbt -wrepl -ntp_signd -kcc -drepl";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] UserAttributes =
        ["sAMAccountName", "objectSid", "userPrincipalName", "givenName", "sn", "mail", "userAccountControl", "whenCreated", "whenChanged"];

    private ResourceTable<TrustRecord> Trusts => store.Table<TrustRecord>(ResourceKinds.DirectoryTrusts);

    private IDomainControllerRuntime Runtime => controllers.Runtime;

    /// <summary><c>REALM\user</c> → (REALM, user); <c>user@realm.fqdn</c> → (realm.fqdn, user); <c>user</c> → (null, user).</summary>
    public static (string? Realm, string Sam) Split(string userName)
    {
        var slash = userName.IndexOf('\\');
        if (slash >= 0) return (userName[..slash], userName[(slash + 1)..]);
        var at = userName.LastIndexOf('@');
        return at >= 0 ? (userName[(at + 1)..], userName[..at]) : (null, userName);
    }

    /// <summary>Whether `realm` (a DNS or NetBIOS name) is the directory's own domain.</summary>
    public static bool IsOwn(DirectoryRecord directory, string realm) =>
        Same(realm.TrimEnd('.'), directory.Name) || Same(realm, directory.ShortName ?? directory.Name.Split('.')[0]);

    /// <summary>The directory's Verified trusts (only those can serve users: AWS provisions users of verified trusts).</summary>
    public IReadOnlyList<TrustRecord> Verified(DirectoryRecord directory) => directory.IsDcBacked
        ? [.. Trusts.List(directory.Scope).Where(t => t.DirectoryId == directory.Id && t.TrustState == TrustStates.Verified && t.TrustPasswordProtected is not null)]
        : [];

    /// <summary>The Verified trust whose remote domain `realm` names (DNS or NetBIOS name), if any.</summary>
    public TrustRecord? Find(DirectoryRecord directory, string realm) =>
        Verified(directory).FirstOrDefault(t => Same(t.RemoteDomainName.TrimEnd('.'), realm.TrimEnd('.')) || Same(t.RemoteNetBiosName, realm));

    /// <summary>The trusted realm's users as an <see cref="IDirectoryUserStore"/> (reads only: AWS writes no other realm).</summary>
    public IDirectoryUserStore Users(TrustRecord trust) => new RealmUserStore(this, trust);

    public async Task<DirectoryUserRecord?> FindUserAsync(DirectoryRecord directory, TrustRecord trust, string sam, CancellationToken ct) =>
        (await SearchAsync(directory, trust, $"(&(objectCategory=person)(objectClass=user)(sAMAccountName={LdapSession.Escape(sam)}))", ct))
            .Select(e => ToRecord(directory, trust, e)).FirstOrDefault();

    public async Task<IReadOnlyList<DirectoryUserRecord>> ListUsersAsync(DirectoryRecord directory, TrustRecord trust, CancellationToken ct) =>
        [.. (await SearchAsync(directory, trust, "(&(objectCategory=person)(objectClass=user))", ct))
            .Select(e => ToRecord(directory, trust, e)).OrderBy(u => u.SAMAccountName, StringComparer.OrdinalIgnoreCase)];

    public async Task<DirectoryGroup?> FindGroupAsync(DirectoryRecord directory, TrustRecord trust, string sam, CancellationToken ct) =>
        (await SearchAsync(directory, trust, $"(&{LdapUserStore.Groups}(sAMAccountName={LdapSession.Escape(sam)}))", ct, LdapUserStore.GroupSummaryAttributes))
            .Select(ToGroup).FirstOrDefault();

    public async Task<IReadOnlyList<DirectoryGroup>> ListGroupsAsync(DirectoryRecord directory, TrustRecord trust, CancellationToken ct) =>
        [.. (await SearchAsync(directory, trust, LdapUserStore.Groups, ct, LdapUserStore.GroupSummaryAttributes)).Select(ToGroup).OrderBy(g => g.SAMAccountName, StringComparer.OrdinalIgnoreCase)];

    /// <summary>A group as <see cref="Ldif.Parse"/> (or <see cref="LdapSession.Entries"/>) gives it.</summary>
    internal static DirectoryGroup ToGroup(Dictionary<string, List<string>> e)
    {
        var flags = int.TryParse(e.First("groupType"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f
            : Services.DirectoryService.Data.GroupKinds.Flags(Services.DirectoryService.Data.GroupKinds.Security, Services.DirectoryService.Data.GroupKinds.Global);
        var (type, scope) = Services.DirectoryService.Data.GroupKinds.FromFlags(flags);
        return new DirectoryGroup(e.First("sAMAccountName") ?? "", e.First("objectSid") ?? "", e.First("dn") ?? "", type, scope, null);
    }

    /// <summary>The end user's sign-in: an NTLM bind to the directory's own DC as user@remote, which the DC can only
    /// check by passing it to the trusted domain's DC through the trust.</summary>
    public async Task<DirectoryAuthResult> AuthenticateAsync(DirectoryRecord directory, TrustRecord trust, string sam, string password, CancellationToken ct)
    {
        DirectoryUserRecord? user;
        try
        {
            user = await FindUserAsync(directory, trust, sam, ct);
        }
        catch (AwsException e)
        {
            return new DirectoryAuthResult(DirectoryAuthOutcome.DirectoryUnavailable, Detail: e.Message);
        }
        var remote = trust.RemoteDomainName.TrimEnd('.');
        if (user is null) return new DirectoryAuthResult(DirectoryAuthOutcome.UnknownUser, Detail: $"no user {sam} in the trusted domain {remote}");
        if (!user.Enabled) return new DirectoryAuthResult(DirectoryAuthOutcome.Disabled, user.SAMAccountName, user.EmailAddress, "account disabled");
        if (password.Length == 0) return new DirectoryAuthResult(DirectoryAuthOutcome.InvalidCredentials, user.SAMAccountName, user.EmailAddress, "empty password");
        var bind = await Runtime.ExecAsync(directory.Id,
            ["ldbsearch", "-H", "ldap://" + directory.Name, "--use-kerberos=off", "-U", user.SAMAccountName + "@" + remote, "-b", "", "-s", "base", "dnsHostName"],
            ["PASSWD=" + password], ct);
        // Qualified, so a trusted user is never taken for the directory's own account of the same name.
        if (bind.ExitCode == 0) return new DirectoryAuthResult(DirectoryAuthOutcome.Success, (trust.RemoteNetBiosName ?? remote) + "\\" + user.SAMAccountName, user.EmailAddress);
        var why = (bind.Stderr + bind.Stdout).Trim();
        var outcome = why.Contains("data 533", StringComparison.Ordinal) || why.Contains("data 775", StringComparison.Ordinal) ? DirectoryAuthOutcome.Disabled
            : why.Contains("LDAP error 49", StringComparison.Ordinal) ? DirectoryAuthOutcome.InvalidCredentials
            : DirectoryAuthOutcome.DirectoryUnavailable;
        return new DirectoryAuthResult(outcome, user.SAMAccountName, user.EmailAddress, why);
    }

    /// <summary>Creates the directory's side of the trust in its DC with <c>samba-tool domain trust create</c>; the DC's
    /// DNS already forwards the remote domain to the trust's conditional forwarder (<see cref="DomainControllerLifecycle"/>
    /// applies the directory's forwarders first). Returns the remote NetBIOS name, or the reason it failed.</summary>
    public async Task<(string? NetBiosName, string? Failure)> CreateAsync(DirectoryRecord directory, TrustRecord trust, CancellationToken ct)
    {
        var remote = trust.RemoteDomainName.TrimEnd('.');
        if (ForwardersOf(directory, remote).Count == 0) return (null, $"No conditional forwarder for {remote}: the directory's DNS cannot find the remote domain");
        // The DC's SMB service (LSA, which samba-tool needs on the local DC too) starts after LDAP answers.
        if (!await ReadyAsync(directory.Id, ["bash", "-c", "echo > /dev/tcp/127.0.0.1/445"], ct))
            return (null, $"The domain controller's SMB service (LSA) did not answer within {ReadyTimeout.TotalSeconds:0} s");
        var password = secrets.Unprotect(trust.TrustPasswordProtected ?? "");
        // The remote domain's identity is read over an anonymous LSA connection (as Windows' trust wizard does; Samba
        // needs IPC signing off for an anonymous session), so no credentials of the remote domain are needed.
        var create = await Runtime.ExecAsync(directory.Id,
            ["sh", "-c", "printf '%s\\n%s\\n%s\\n%s\\n' \"$TRUST_PASSWORD\" \"$TRUST_PASSWORD\" \"$TRUST_PASSWORD\" \"$TRUST_PASSWORD\" | " +
                "samba-tool domain trust create \"$1\" --type=\"$2\" --direction=\"$3\" --create-location=local -U% --use-kerberos=off " +
                "--option='client ipc signing=off' --option='client signing=off' 2>&1",
                "sh", remote, trust.TrustType == "External" ? "external" : "forest", Direction(trust.TrustDirection)],
            ["TRUST_PASSWORD=" + password], ct);
        var output = create.Stdout + create.Stderr;
        // samba-tool 4.17 ends a local-only creation with an UnboundLocalError after its work is done (remote_tdo_handle):
        // success is the local TDO created and no "ERROR:" of its own (a failed lookup or validation).
        var error = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ERROR:", StringComparison.Ordinal));
        if (error is not null || !output.Contains("Local TDO created", StringComparison.Ordinal))
        {
            if (output.Contains("Local TDO created", StringComparison.Ordinal))
                await Runtime.ExecAsync(directory.Id, ["samba-tool", "domain", "trust", "delete", remote, "--delete-location=local"], ct);
            return (null, $"The trust with {remote} could not be created: {error ?? output.Trim().Split('\n').LastOrDefault()}");
        }
        var marker = output.IndexOf("RemoteDomain Netbios[", StringComparison.Ordinal);
        var netbios = marker < 0 ? null : output[(marker + 21)..output.IndexOf(']', marker)];
        log.LogInformation("directory {Id}: {Type} trust ({Direction}) with {Remote} ({NetBios}) created in its domain controller",
            directory.Id, trust.TrustType, trust.TrustDirection, remote, netbios);
        return (netbios, null);
    }

    /// <summary>Null when the trust works: for trusts in which the directory trusts the remote domain, the DC's secure
    /// channel to the remote DC (which needs the same trust password on both sides) answers a netlogon ping.</summary>
    public async Task<string?> VerifyAsync(DirectoryRecord directory, TrustRecord trust, CancellationToken ct)
    {
        if (trust.TrustPasswordProtected is null || trust.TrustDirection == "One-Way: Incoming") return null;
        var domain = trust.RemoteNetBiosName ?? trust.RemoteDomainName.TrimEnd('.');
        var ping = await Runtime.ExecAsync(directory.Id, ["wbinfo", "--ping-dc", "--domain=" + domain], ct);
        return ping.ExitCode == 0 ? null : $"The trust with {trust.RemoteDomainName} could not be verified: {(ping.Stdout + ping.Stderr).Trim()}";
    }

    /// <summary>Removes the directory's side of a deleted trust from its DC (the remote side stays the remote administrator's).</summary>
    public async Task DeleteAsync(DirectoryRecord directory, TrustRecord trust, CancellationToken ct)
    {
        if (trust.TrustPasswordProtected is null) return;
        var delete = await Runtime.ExecAsync(directory.Id, ["samba-tool", "domain", "trust", "delete", trust.RemoteDomainName.TrimEnd('.'), "--delete-location=local"], ct);
        if (delete.ExitCode != 0) log.LogWarning("directory {Id}: removing the trust with {Remote} from its DC failed: {Why}", directory.Id, trust.RemoteDomainName, (delete.Stdout + delete.Stderr).Trim());
    }

    /// <summary>The DNS addresses of the directory's conditional forwarder for the remote domain (none: empty).</summary>
    public static IReadOnlyList<string> ForwardersOf(DirectoryRecord directory, string remote) =>
        directory.ConditionalForwarders?.FirstOrDefault(f => Same(f.RemoteDomainName.TrimEnd('.'), remote))?.DnsIpAddrs ?? [];

    /// <summary>AWS's TrustDirection is the directory's view, as Samba's: Outgoing = the directory trusts the remote domain.</summary>
    private static string Direction(string awsDirection) => awsDirection switch
    {
        "One-Way: Outgoing" => "outgoing",
        "One-Way: Incoming" => "incoming",
        _ => "both",
    };

    private static string ServicePrincipal(DirectoryRecord directory) => DomainControllers.ServiceUser + "@" + directory.Name;

    private async Task<bool> ReadyAsync(string directoryId, IReadOnlyList<string> probe, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + ReadyTimeout;
        while (DateTimeOffset.UtcNow < until)
        {
            try
            {
                if ((await Runtime.ExecAsync(directoryId, probe, ct)).ExitCode == 0) return true;
            }
            catch (global::Docker.DotNet.DockerApiException)
            {
                // Not running yet.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
        return false;
    }

    /// <summary>An LDAP search of the trusted domain, run by the directory's DC as the directory's service account
    /// (the remote DC accepts that account only through the trust).</summary>
    internal async Task<List<Dictionary<string, List<string>>>> SearchAsync(DirectoryRecord directory, TrustRecord trust, string filter, CancellationToken ct,
        string[]? attributes = null)
    {
        var remote = trust.RemoteDomainName.TrimEnd('.');
        ExecResult search;
        try
        {
            search = await Runtime.ExecAsync(directory.Id,
                ["ldbsearch", "-H", "ldap://" + remote, "--use-kerberos=off", "-U", ServicePrincipal(directory), "-b", DirectoryUsers.DomainDn(remote), filter, .. attributes ?? UserAttributes],
                ["PASSWD=" + (directory.DcServicePassword ?? "")], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw DomainControllers.Unavailable(directory, $"its domain controller could not be asked about {remote} ({e.Message})");
        }
        if (search.ExitCode != 0)
            throw DomainControllers.Unavailable(directory, $"the trusted domain {remote} did not answer through the trust ({(search.Stderr + search.Stdout).Trim()})");
        return Ldif.Parse(search.Stdout);
    }

    private static DirectoryUserRecord ToRecord(DirectoryRecord directory, TrustRecord trust, Dictionary<string, List<string>> e)
    {
        var remote = trust.RemoteDomainName.TrimEnd('.');
        var sam = e.First("sAMAccountName") ?? "";
        var uac = int.TryParse(e.First("userAccountControl"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? u : 0x200;
        return new DirectoryUserRecord(DirectoryUserRecord.KeyFor(directory.Id, remote + "\\" + sam), directory.Scope, directory.Id, sam, e.First("objectSid") ?? "",
            e.First("dn") ?? "", e.First("userPrincipalName") ?? sam + "@" + remote, e.First("givenName"), e.First("sn"), e.First("mail"), Enabled: (uac & 0x2) == 0,
            PasswordHash: null, OtherAttributes: null, Time(e.First("whenCreated")), Time(e.First("whenChanged")));
    }

    private static DateTimeOffset Time(string? value) =>
        value is { Length: >= 14 } && DateTimeOffset.TryParseExact(value[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.UnixEpoch;

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The reads of one trusted realm behind <see cref="IDirectoryUserStore"/>, asynchronous only (each is an exec
    /// into the directory's DC); writes are refused (ds-data's user and group writes have no Realm, so AWS never writes
    /// another realm). Memberships across the trust are <see cref="RealmMemberships"/>'.</summary>
    private sealed class RealmUserStore(TrustedRealms realms, TrustRecord trust) : IDirectoryUserStore
    {
        public async ValueTask<DirectoryUserRecord?> FindAsync(DirectoryRecord directory, string samAccountName, CancellationToken cancellationToken) =>
            await realms.FindUserAsync(directory, trust, samAccountName, cancellationToken);

        /// <summary>One search of the remote DC, sorted by name, searched and paged in memory like the records.</summary>
        public async ValueTask<DirectoryPage<DirectoryUserRecord>> ListAsync(DirectoryRecord directory, DirectoryQuery query, CancellationToken cancellationToken) =>
            RecordUserStore.Page((await realms.ListUsersAsync(directory, trust, cancellationToken))
                .Where(u => query.SearchString is null || LdapAttributes.Contains(LdapAttributes.Select(u, query.SearchAttributes), query.SearchString)), query);

        public async ValueTask<DirectoryGroup?> FindGroupAsync(DirectoryRecord directory, string samAccountName, CancellationToken cancellationToken) =>
            await realms.FindGroupAsync(directory, trust, samAccountName, cancellationToken);

        public async ValueTask<DirectoryPage<DirectoryGroup>> ListGroupsAsync(DirectoryRecord directory, DirectoryQuery query, CancellationToken cancellationToken) =>
            RecordUserStore.Page((await realms.ListGroupsAsync(directory, trust, cancellationToken))
                .Where(g => query.SearchString is null || LdapAttributes.Contains(LdapAttributes.Select(g, query.SearchAttributes), query.SearchString)), query);

        public DirectoryUserRecord? Find(DirectoryRecord directory, string samAccountName) => throw AsyncOnly();
        public DirectoryPage<DirectoryUserRecord> List(DirectoryRecord directory, DirectoryQuery query) => throw AsyncOnly();
        public DirectoryGroup? FindGroup(DirectoryRecord directory, string samAccountName) => throw AsyncOnly();
        public DirectoryPage<DirectoryGroup> ListGroups(DirectoryRecord directory, DirectoryQuery query) => throw AsyncOnly();
        public DirectoryUserRecord Create(DirectoryRecord directory, NewDirectoryUser user, DateTimeOffset now) => throw ReadOnly();
        public DirectoryUserRecord? Update(DirectoryRecord directory, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change, DateTimeOffset now) => throw ReadOnly();
        public bool Delete(DirectoryRecord directory, string samAccountName) => throw ReadOnly();
        public Task SetPasswordAsync(DirectoryRecord directory, string samAccountName, string password, DateTimeOffset now, CancellationToken cancellationToken) => throw ReadOnly();
        public DirectoryGroup CreateGroup(DirectoryRecord directory, NewDirectoryGroup group, DateTimeOffset now) => throw ReadOnly();
        public DirectoryGroup? UpdateGroup(DirectoryRecord directory, string samAccountName, Func<DirectoryGroup, DirectoryGroup> change, DateTimeOffset now) => throw ReadOnly();
        public bool DeleteGroup(DirectoryRecord directory, string samAccountName) => throw ReadOnly();
        public GroupMember? FindMember(DirectoryRecord directory, string name) => throw ReadOnly();
        public MembershipChange AddMember(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now) => throw ReadOnly();
        public MembershipChange RemoveMember(DirectoryRecord directory, string groupName, string memberName, DateTimeOffset now) => throw ReadOnly();
        public DirectoryPage<GroupMember>? Members(DirectoryRecord directory, string groupName, DirectoryQuery query) => throw ReadOnly();
        public DirectoryPage<DirectoryGroup>? GroupsOf(DirectoryRecord directory, string memberName, DirectoryQuery query) => throw ReadOnly();

        private InvalidOperationException ReadOnly() => new($"the users and groups of the trusted domain {trust.RemoteDomainName} are managed in that domain");

        private NotSupportedException AsyncOnly() => new($"the trusted domain {trust.RemoteDomainName} is read asynchronously (FindAsync, ListAsync, FindGroupAsync, ListGroupsAsync)");
    }
}
