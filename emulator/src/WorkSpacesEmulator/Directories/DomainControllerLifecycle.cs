using System.Collections.Concurrent;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Directories;

/// <summary>The DC side of a DC-backed directory's lifecycle, driven by <see cref="DirectoryLifecycle"/>: Creating
/// until the DC is provisioned and answers an LDAP bind (then Active), Failed with a StageReason when provisioning
/// fails; Restoring puts a snapshot's data back; Deleting removes the DC first. Active DCs are watched: one that
/// is gone or stopped (engine restart, removed outside) is started again on its data volume, and at start-up DCs of
/// live directories are adopted and the others removed. The directory's conditional forwarders (the ds API's and
/// trusts') are applied to its DC's DNS whenever they change and after adoption, a restart or a restore.</summary>
public sealed class DomainControllerLifecycle(DomainControllers controllers, TrustedRealms realms, ILogger<DomainControllerLifecycle> log)
{
    /// <summary>A DC that has not answered by then has failed (provisioning takes 11–40 s on two busy cores).</summary>
    public static readonly TimeSpan ProvisioningTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Whether domain controllers are real containers (then directory steps wait on them, even in instant mode).</summary>
    public bool IsReal => controllers.Runtime.IsReal;
    // A provisioning DC is looked at 10 times a second, but cheaply: a TCP connect to its LDAP port until that answers,
    // only then the engine (inspect + exec of the ready check); the directory turns Active within ~100 ms of ready.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(200);
    // The engine is still asked this often, so a DC that was recreated (new address) or died is noticed.
    private static readonly TimeSpan FullCheckInterval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastPoll = new(StringComparer.Ordinal);
    // In memory on purpose: after a restart a Restoring directory restores again (idempotent), a Creating snapshot is taken again.
    private readonly ConcurrentDictionary<string, string> _restored = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _snapshotsTaken = new(StringComparer.Ordinal);
    // DC creation (volume, networks, container, start: seconds of engine work) runs off the reconciler tick, so other
    // lifecycles do not wait on it; the step picks the outcome up on a later tick.
    private readonly ConcurrentDictionary<string, Task<DomainControllerStatus>> _ensuring = new(StringComparer.Ordinal);
    // Where a DC that is still provisioning will answer LDAP (from its status), for the cheap probe.
    private readonly ConcurrentDictionary<string, (string Endpoint, DateTimeOffset Checked)> _provisioning = new(StringComparer.Ordinal);
    // The conditional forwarders each DC's DNS was last given (RetryAt: not applied, try again then); in memory on
    // purpose, so an adopted, restarted or restored DC is given them again.
    private readonly ConcurrentDictionary<string, (string Lines, DateTimeOffset? RetryAt)> _forwarders = new(StringComparer.Ordinal);
    private int _orphansCleaned;

    /// <summary>The DC's dnsmasq servers file (docker/directory/entrypoint): samba's internal DNS answers the domain's
    /// own zone and sends every other name there, which forwards each remote domain to its forwarder's addresses only.</summary>
    public const string ForwardersFile = "/var/lib/samba/etc/conditional-forwarders";

    // Replaces the servers file in one rename, then dnsmasq re-reads it (and empties its cache) on SIGHUP.
    private const string ApplyForwardersScript =
        "f=" + ForwardersFile + " && : > \"$f.new\" && { [ $# -eq 0 ] || printf '%s\\n' \"$@\" > \"$f.new\"; } && mv \"$f.new\" \"$f\" && kill -HUP \"$(cat /run/dnsmasq.pid)\"";

    private IDomainControllerRuntime Runtime => controllers.Runtime;

    /// <summary>Whether this directory's current stage is decided by its DC rather than by the clock.</summary>
    public static bool Decides(DirectoryRecord d) =>
        (d.IsDcBacked && d.Stage is DirectoryStages.Creating or DirectoryStages.Restoring or DirectoryStages.Deleting)
        || (DomainControllers.Reaches(d) && !d.IsDcBacked && d.Stage == DirectoryStages.Creating);

    /// <summary>The record after this step (null: nothing changed yet). For Deleting, returns the record unchanged once
    /// the DC is gone: the caller then removes the directory.</summary>
    public async Task<DirectoryRecord?> StepAsync(DirectoryRecord d, DateTimeOffset now, CancellationToken ct)
    {
        if (d.Stage == DirectoryStages.Deleting)
        {
            // A creation still running would leave its container behind.
            if (_ensuring.TryRemove(d.Id, out var creating)) await creating;
            await Runtime.RemoveAsync(d.Id, ct);
            controllers.Forget(d.Id);
            _forwarders.TryRemove(d.Id, out _);
            _lastPoll.TryRemove(d.Id, out _);
            _provisioning.TryRemove(d.Id, out _);
            return d;
        }
        if (_lastPoll.TryGetValue(d.Id, out var last) && now - last < PollInterval) return null;
        _lastPoll[d.Id] = now;
        if (!d.IsDcBacked) return await ConnectAsync(d, now, ct);

        var spec = controllers.Spec(d);
        if (d.Stage == DirectoryStages.Restoring && d.RestoringSnapshotId is { } snapshotId && _restored.GetValueOrDefault(d.Id) != snapshotId)
        {
            await Runtime.RestoreAsync(spec, snapshotId, ct);
            _restored[d.Id] = snapshotId;
            controllers.Forget(d.Id);
            _forwarders.TryRemove(d.Id, out _);
            _provisioning.TryRemove(d.Id, out _);
        }

        DomainControllerStatus? status;
        if (_ensuring.TryGetValue(d.Id, out var ensuring))
        {
            if (!ensuring.IsCompleted) return null;
            _ensuring.TryRemove(d.Id, out _);
            status = await ensuring;
        }
        else
        {
            if (_provisioning.TryGetValue(d.Id, out var pending) && now - pending.Checked < FullCheckInterval && !await AnswersTcpAsync(pending.Endpoint, ct))
                return TimedOut(d, now);
            status = await Runtime.GetAsync(d.Id, ct);
            if (status is null || (!status.Running && !status.Failed && !status.RuntimeUnavailable))
            {
                _ensuring[d.Id] = Task.Run(() => Runtime.EnsureAsync(spec, CancellationToken.None), CancellationToken.None);
                return null;
            }
        }
        if (status.RuntimeUnavailable) return null;
        if (status.Failed)
            return Fail(d, now, "Directory creation failed: " + status.Detail);
        if (!status.Ready && status.Running && status.LdapEndpoint is { } endpoint) _provisioning[d.Id] = (endpoint, now);
        if (status.Ready)
        {
            _provisioning.TryRemove(d.Id, out _);
            controllers.Seen(status);
            try
            {
                using var session = controllers.Open(d);
            }
            catch (Protocol.AwsException e)
            {
                log.LogDebug("directory {Id}: DC ready but LDAP bind failed yet: {Message}", d.Id, e.Message);
                return TimedOut(d, now);
            }
            _restored.TryRemove(d.Id, out _);
            return DirectoryStateMachine.Enter(d, DirectoryStages.Active, now, null) with { RestoringSnapshotId = null };
        }
        return TimedOut(d, now);
    }

    /// <summary>AD Connector: Active once the domain resolves through CustomerDnsIps and CustomerUserName binds, else
    /// Failed with the reason (checked once, as AWS's connector creation does).</summary>
    private async Task<DirectoryRecord> ConnectAsync(DirectoryRecord d, DateTimeOffset now, CancellationToken ct)
    {
        var (endpoint, failure) = await OnPremisesDirectory.ConnectAsync(d.Name, d.CustomerDnsIps ?? [], d.CustomerUserName ?? "", d.DcServicePassword ?? "", ct);
        if (endpoint is null) return Fail(d, now, failure!);
        controllers.Seen(d.Id, endpoint);
        return DirectoryStateMachine.Enter(d, DirectoryStages.Active, now, null);
    }

    /// <summary>Whether something accepts a TCP connection at host:port within <see cref="ProbeTimeout"/>.</summary>
    private static async Task<bool> AnswersTcpAsync(string endpoint, CancellationToken ct)
    {
        var colon = endpoint.LastIndexOf(':');
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), timeout.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    private DirectoryRecord? TimedOut(DirectoryRecord d, DateTimeOffset now) =>
        now - d.StageLastUpdatedDateTime > ProvisioningTimeout
            ? Fail(d, now, $"Directory creation failed: the domain controller did not answer LDAP within {ProvisioningTimeout.TotalMinutes:0} minutes")
            : null;

    private static DirectoryRecord Fail(DirectoryRecord d, DateTimeOffset now, string reason) =>
        DirectoryStateMachine.Enter(d, DirectoryStages.Failed, now, null) with { StageReason = reason };

    /// <summary>Takes the DC snapshot of a Creating snapshot of a DC-backed directory; true once taken (the snapshot may
    /// then complete). Records-only directories need nothing here.</summary>
    public async Task<bool> SnapshotTakenAsync(DirectorySnapshotRecord snapshot, DirectoryRecord? directory, CancellationToken ct)
    {
        if (directory is not { IsDcBacked: true }) return true;
        if (_snapshotsTaken.ContainsKey(snapshot.Id)) return true;
        await Runtime.SnapshotAsync(directory.Id, snapshot.Id, ct);
        _snapshotsTaken[snapshot.Id] = true;
        return true;
    }

    public Task DeleteSnapshotAsync(string directoryId, string snapshotId, CancellationToken ct)
    {
        _snapshotsTaken.TryRemove(snapshotId, out _);
        return Runtime.DeleteSnapshotAsync(directoryId, snapshotId, ct);
    }

    /// <summary>Start-up adoption and orphan removal (once), then a look at every Active DC every few seconds.</summary>
    public async Task WatchAsync(IReadOnlyList<DirectoryRecord> all, DateTimeOffset now, CancellationToken ct)
    {
        if (!Runtime.IsReal) return;
        if (Interlocked.Exchange(ref _orphansCleaned, 1) == 0)
        {
            try
            {
                var live = all.Where(d => d.IsDcBacked).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                var removed = await Runtime.RemoveOrphansAsync(live, ct);
                if (removed.Count > 0) log.LogInformation("Removed {Count} orphaned domain-controller objects: {Names}", removed.Count, string.Join(", ", removed));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Interlocked.Exchange(ref _orphansCleaned, 0);
                log.LogWarning("Orphaned domain-controller clean-up failed, will retry: {Reason}", e.Message);
            }
        }
        // AD Connectors' on-premises DCs are located ahead of the requests that use them (a DNS SRV lookup).
        foreach (var d in all.Where(d => d.IsActive && !d.IsDcBacked && DomainControllers.Reaches(d) && controllers.LdapEndpoint(d) is null))
            await controllers.LocateAsync(d, ct);
        foreach (var d in all.Where(d => d.IsDcBacked && d.IsActive))
        {
            if (!_lastPoll.TryGetValue(d.Id, out var last) || now - last >= WatchInterval) await LookAtAsync(d, now, ct);
            await ApplyForwardersAsync(d, now, ct);
        }
    }

    /// <summary>An Active DC that is gone or stopped is started again on its data volume (then given its forwarders again).</summary>
    private async Task LookAtAsync(DirectoryRecord d, DateTimeOffset now, CancellationToken ct)
    {
        _lastPoll[d.Id] = now;
        var status = await Runtime.GetAsync(d.Id, ct);
        if (status is { RuntimeUnavailable: true }) return;
        if (status is null || !status.Running)
        {
            log.LogWarning("directory {Id}: domain controller {State}; starting it on its data volume", d.Id, status is null ? "missing" : "stopped");
            status = await Runtime.EnsureAsync(controllers.Spec(d), ct);
            _forwarders.TryRemove(d.Id, out _);
        }
        controllers.Seen(status);
    }

    /// <summary>Gives the DC's DNS the directory's conditional forwarders when they differ from what it was last given:
    /// one exec that rewrites its servers file and SIGHUPs its dnsmasq (idempotent; samba is not restarted). True once
    /// the DC has them; a failure is logged and tried again after <see cref="WatchInterval"/>.</summary>
    public async Task<bool> ApplyForwardersAsync(DirectoryRecord d, DateTimeOffset now, CancellationToken ct)
    {
        string[] lines = [.. (d.ConditionalForwarders ?? []).SelectMany(f => f.DnsIpAddrs.Select(ip => $"server=/{f.RemoteDomainName.TrimEnd('.')}/{ip}"))];
        var wanted = string.Join('\n', lines);
        if (_forwarders.TryGetValue(d.Id, out var last) && last.Lines == wanted && (last.RetryAt is null || now < last.RetryAt)) return last.RetryAt is null;
        string? failure;
        try
        {
            var applied = await Runtime.ExecAsync(d.Id, ["sh", "-c", ApplyForwardersScript, "sh", .. lines], ct);
            failure = applied.ExitCode == 0 ? null : (applied.Stderr + applied.Stdout).Trim();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e.Message;
        }
        _forwarders[d.Id] = (wanted, failure is null ? null : now + WatchInterval);
        if (failure is null)
            log.LogInformation("directory {Id}: {Count} conditional forwarders applied to its domain controller's DNS", d.Id, d.ConditionalForwarders?.Count ?? 0);
        else
            log.LogWarning("directory {Id}: applying its conditional forwarders to its domain controller's DNS failed, will retry: {Reason}", d.Id, failure);
        return failure is null;
    }

    /// <summary>A Creating trust waits for the next look instead of being moved on by the clock-driven machine before the
    /// DC has done its part.</summary>
    private static void HoldBack(ResourceTable<TrustRecord> trusts, TrustRecord trust, DateTimeOffset now)
    {
        if (trust.TrustState == TrustStates.Creating) trusts.Replace(trust, trust with { NextTransitionAt = now + WatchInterval });
    }

    /// <summary>Trusts of DC-backed directories that are due: Creating ones are created in the DC (a real Samba trust,
    /// <see cref="TrustedRealms"/>) and go on to Created, or Failed with the reason; Deleting ones are removed from the DC;
    /// Verifying ones are Verified when the remote domain answers through the trust's conditional forwarder (else the
    /// directory's forwarder for that domain) and the trust's secure channel works, Failed with the reason otherwise.
    /// Runs before the clock-driven trust machine, which would move them on unconditionally.</summary>
    public async Task VerifyDueTrustsAsync(Store store, DateTimeOffset now, CancellationToken ct)
    {
        var trusts = store.Table<TrustRecord>(ResourceKinds.DirectoryTrusts);
        var directories = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        foreach (var trust in trusts.All().Where(t => t.TrustState is TrustStates.Creating or TrustStates.Deleting && t.NextTransitionAt <= now).ToList())
        {
            if (directories.Get(trust.Scope, trust.DirectoryId) is not { IsDcBacked: true, IsActive: true } directory) continue;
            try
            {
                if (trust.TrustState == TrustStates.Deleting)
                {
                    await realms.DeleteAsync(directory, trust, ct);
                    continue;
                }
                if (trust.TrustPasswordProtected is null) continue;
                // A remote domain that does not answer through the trust's forwarders fails at once, with AWS's
                // reason, before the DC is touched; samba-tool then finds the remote domain through the DC's DNS.
                var remoteName = trust.RemoteDomainName.TrimEnd('.');
                var remoteForwarders = TrustedRealms.ForwardersOf(directory, remoteName);
                var unanswered = remoteForwarders.Count > 0 ? await OnPremisesDirectory.AnswersAsync(remoteName, remoteForwarders, ct) : null;
                // The DC's DNS must forward the remote domain first (ApplyForwardersAsync logged why it could not yet).
                if (unanswered is null && !await ApplyForwardersAsync(directory, now, ct))
                {
                    HoldBack(trusts, trust, now);
                    continue;
                }
                var (netbios, failure) = unanswered is not null ? (null, unanswered) : await realms.CreateAsync(directory, trust, ct);
                var updated = failure is null
                    ? TrustStateMachine.Enter(trust, TrustStates.Created, now, now) with { RemoteNetBiosName = netbios }
                    : TrustStateMachine.Enter(trust, TrustStates.Failed, now, null) with { TrustStateReason = failure };
                if (trusts.Replace(trust, updated))
                    log.LogInformation("trust {Id} of {Directory} Creating -> {State}{Reason}", trust.Id, trust.DirectoryId, updated.TrustState, failure is null ? "" : ": " + failure);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("trust {Id} of {Directory}: {Step} in the domain controller failed, will retry: {Reason}", trust.Id, trust.DirectoryId, trust.TrustState, e.Message);
                HoldBack(trusts, trust, now);
            }
        }
        foreach (var trust in trusts.All().Where(t => t.TrustState == TrustStates.Verifying && t.NextTransitionAt <= now).ToList())
        {
            if (directories.Get(trust.Scope, trust.DirectoryId) is not { IsDcBacked: true } directory) continue;
            var remote = trust.RemoteDomainName.TrimEnd('.');
            var forwarders = TrustedRealms.ForwardersOf(directory, remote);
            string? failure;
            try
            {
                failure = forwarders.Count == 0
                    ? $"No conditional forwarder for {remote}: the directory's DNS cannot find the remote domain"
                    : await OnPremisesDirectory.AnswersAsync(remote, forwarders, ct) ?? await realms.VerifyAsync(directory, trust, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e.Message;
            }
            var updated = TrustStateMachine.Enter(trust, failure is null ? TrustStates.Verified : TrustStates.Failed, now, null) with { TrustStateReason = failure };
            if (trusts.Replace(trust, updated))
                log.LogInformation("trust {Id} of {Directory} Verifying -> {State}{Reason}", trust.Id, trust.DirectoryId, updated.TrustState, failure is null ? "" : ": " + failure);
        }
    }
}
