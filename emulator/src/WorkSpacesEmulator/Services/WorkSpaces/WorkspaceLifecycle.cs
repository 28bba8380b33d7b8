using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>PENDING → AVAILABLE, STOPPING → STOPPED, STARTING/REBOOTING/REBUILDING → AVAILABLE, TERMINATING →
/// TERMINATED → gone; keeps each desktop in line with its WorkSpace's stored state (also after a restart) and
/// marks a desktop that stops answering UNHEALTHY. Decisions come from <see cref="WorkspaceStateMachine"/>.</summary>
public sealed class WorkspaceLifecycle(Store store, IDesktopRuntime runtime, Ec2Network network, Ec2Routing routing, IOptions<EmulatorOptions> options,
    ILogger<WorkspaceLifecycle> log, WorkSpacesEmulator.Directories.DirectoryComputers? computers = null) : ILifecycleParticipant
{
    /// <summary>How often a running desktop's health is looked at (the runtime may be a Docker engine).</summary>
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(2);

    /// <summary>In memory on purpose: after a restart nothing is "issued", so every desktop is (re)started or
    /// stopped to match its stored state.</summary>
    private readonly ConcurrentDictionary<string, Tracker> _trackers = new(StringComparer.Ordinal);

    private sealed class Tracker
    {
        public IssueKey? IssuedFor;
        public bool WasHealthy;
        public DateTimeOffset LastHealthCheck;
        /// <summary>The ingress rules last given to the running desktop (reset whenever the desktop is (re)started).</summary>
        public string? AppliedIngress;
    }

    public string Name => "workspaces";

    /// <summary>A simulated desktop is ready at once; a Docker one only when its container answers, so instant mode
    /// leaves those to the background ticks ("instant" = as soon as the container is ready).</summary>
    public bool SettlesInRequests => runtime.Name == "simulated";

    private ResourceTable<WorkspaceRecord> Workspaces => store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);

    /// <summary>Desktop work (a container start is ~0.5 s) runs for several WorkSpaces at once, so a batch of 25
    /// does not wait for each desktop in turn; each WorkSpace is still handled by one task per tick.</summary>
    private const int MaxParallelDesktops = 16;

    private int _orphansCleaned;

    // A pass that found every WorkSpace idle holds until something is stored or the earliest due time (a transition's
    // NextTransitionAt, a health look): the only things an idle WorkSpace's next step depends on.
    private readonly StoreWatermark _watermark = new(store);

    public async Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_watermark.Begin(now) is not { } version) return;
        var all = Workspaces.All().ToList();
        await RemoveOrphanDesktopsOnceAsync(all, cancellationToken);
        // Most WorkSpaces have nothing to do in a given tick (a steady state, their health not due): they are passed
        // over here, without a task each (with 1 000 WorkSpaces the tick every 100 ms was ~2 % of the CPU under load).
        var busy = all.Where(w => !IsIdle(w, now)).ToList();
        if (busy.Count == 0 && Volatile.Read(ref _orphansCleaned) == 1) _watermark.Settled(version, NextDue(all));
        await Parallel.ForEachAsync(busy, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDesktops, CancellationToken = cancellationToken },
            async (workspace, ct) =>
            {
                try
                {
                    await ReconcileOneAsync(workspace, now, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Reconciling workspace {WorkspaceId} failed; will retry", workspace.Id);
                }
            });
        if (_trackers.Count > all.Count)
        {
            var live = all.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in _trackers.Keys)
                if (!live.Contains(id)) _trackers.TryRemove(id, out _);
        }
    }

    /// <summary>Start-up reconciliation: desktops of live WorkSpaces are adopted (the state machine restarts or
    /// stops them to match); labelled desktops and volumes that belong to no WorkSpace are removed.</summary>
    private async Task RemoveOrphanDesktopsOnceAsync(IReadOnlyList<WorkspaceRecord> all, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _orphansCleaned, 1) == 1) return;
        try
        {
            var removed = await runtime.RemoveOrphansAsync(all.Select(w => w.Id).ToHashSet(StringComparer.Ordinal), ct);
            if (removed.Count > 0) log.LogInformation("Removed {Count} orphaned desktop objects: {Names}", removed.Count, string.Join(", ", removed));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Exchange(ref _orphansCleaned, 0); // engine unreachable: try again next tick
            log.LogWarning("Orphaned desktop clean-up failed, will retry: {Reason}", e.Message);
        }
    }

    /// <summary>Which state (and since when) a desktop command was issued for; compared on every tick, so no string.</summary>
    private readonly record struct IssueKey(string State, long? Since)
    {
        public static IssueKey Of(WorkspaceRecord w) => new(w.State, w.StateChangedAt?.UtcTicks);
    }

    private async Task ReconcileOneAsync(WorkspaceRecord current, DateTimeOffset now, CancellationToken ct)
    {
        var tracker = _trackers.GetOrAdd(current.Id, _ => new Tracker());
        // A few steps per tick at most: e.g. issue Start, then see the desktop healthy, then AVAILABLE.
        for (var step = 0; step < 3; step++)
        {
            var issued = tracker.IssuedFor == IssueKey.Of(current);
            var health = DesktopHealth.NotObserved;
            if (HealthDue(current, tracker, issued, now))
            {
                var status = await runtime.GetAsync(current.Id, ct);
                health = status switch
                {
                    { Healthy: true } => DesktopHealth.Healthy,
                    { RuntimeUnavailable: true } => DesktopHealth.RuntimeUnavailable,
                    _ => DesktopHealth.NotHealthy,
                };
                tracker.LastHealthCheck = now;
                if (health == DesktopHealth.Healthy)
                {
                    tracker.WasHealthy = true;
                    await EnforceIngressAsync(current, tracker, ct);
                }
            }

            var next = WorkspaceStateMachine.Next(new WorkspaceStepInput(current.State, current.PendingAction, current.NextTransitionAt, now,
                issued, health, tracker.WasHealthy));
            if (next == WorkspaceStep.Nothing) return;

            // A finished compute/volume modification: the desktop's CPU and memory follow the new compute type
            // (applied before the reboot that makes it take effect, or on a stopped desktop for its next start).
            if (next.Settled && current.PendingAction == "MODIFY")
                await runtime.UpdateResourcesAsync(Spec(current), ct);

            if (next.Command != DesktopCommand.None)
            {
                await ExecuteAsync(next.Command, current, ct);
                tracker.IssuedFor = IssueKey.Of(current);
                tracker.WasHealthy = false;
                tracker.LastHealthCheck = default;
                tracker.AppliedIngress = null;
            }

            if (next.Delete)
            {
                if (Workspaces.Delete(current.Scope, current.Id))
                {
                    _trackers.TryRemove(current.Id, out _);
                    log.LogInformation("workspace {WorkspaceId} {From} -> (removed) ({Scope})", current.Id, current.State, current.Scope);
                }
                return;
            }

            if (next.NextState is null && !next.Settled) continue;
            var updated = current;
            if (next.NextState is { } state)
                updated = updated with
                {
                    State = state,
                    StateChangedAt = now,
                    // TERMINATED is shown briefly (one transition time) before the WorkSpace disappears.
                    NextTransitionAt = state == "TERMINATED" ? now + options.Value.Transition : null,
                };
            if (next.Settled) updated = updated with { PendingAction = null, ModificationStates = [], ErrorCode = null, ErrorMessage = null };
            if (next.PendingAction is { } action)
                updated = updated with { PendingAction = action, ErrorCode = "RuntimeUnavailable", ErrorMessage = "The desktop runtime (Docker engine) is not answering; the WorkSpace recovers when it returns." };
            if (next.Settled && next.NextState is null) updated = updated with { NextTransitionAt = null };
            if (!Workspaces.Replace(current, updated)) return; // a request changed it meanwhile; look again next tick

            if (next.NextState is not null)
            {
                log.LogInformation("workspace {WorkspaceId} {From} -> {To} ({Scope})", current.Id, current.State, updated.State, current.Scope);
                if (updated.State == "TERMINATED") network.ReleaseInterfacesOwnedBy(current.Scope, current.Id);
                if (current.State == "PENDING" && updated.State == "AVAILABLE") JoinOrLeave(updated, join: true);
                if (updated.State == "TERMINATED") JoinOrLeave(updated, join: false);
                // The desktop already does what the new state needs (it was just started, stopped or removed, or it is
                // UNHEALTHY, which changes nothing on the desktop).
                if (next.Command != DesktopCommand.None || updated.State is "AVAILABLE" or "UNHEALTHY") tracker.IssuedFor = IssueKey.Of(updated);
                if (updated.State == "AVAILABLE") tracker.WasHealthy = true;
            }
            current = updated;
        }
    }

    /// <summary>Whether this tick looks at the desktop's health: while a command is being carried out, and every
    /// <see cref="HealthInterval"/> for a running one.</summary>
    private static bool HealthDue(WorkspaceRecord w, Tracker tracker, bool issued, DateTimeOffset now) =>
        WorkspaceStateMachine.ObservesHealth(w.State, issued, w.PendingAction)
        && (w.State is not ("AVAILABLE" or "UNHEALTHY") || now - tracker.LastHealthCheck >= HealthInterval);

    /// <summary>When the first of these idle WorkSpaces may have something to do: its transition's end or its next
    /// health look (<see cref="IsIdle"/>'s two dependencies on the clock).</summary>
    private DateTimeOffset NextDue(IReadOnlyList<WorkspaceRecord> idle)
    {
        var due = DateTimeOffset.MaxValue;
        foreach (var w in idle)
        {
            if (w.NextTransitionAt is { } at && at < due) due = at;
            if (_trackers.TryGetValue(w.Id, out var tracker) && w.State is "AVAILABLE" or "UNHEALTHY"
                && WorkspaceStateMachine.ObservesHealth(w.State, tracker.IssuedFor == IssueKey.Of(w), w.PendingAction)
                && tracker.LastHealthCheck + HealthInterval is var look && look < due)
                due = look;
        }
        return due;
    }

    /// <summary>True when <see cref="ReconcileOneAsync"/> would do nothing now: no health look due and no step
    /// without one (the same decision as its first iteration, made without awaiting anything).</summary>
    private bool IsIdle(WorkspaceRecord w, DateTimeOffset now)
    {
        if (!_trackers.TryGetValue(w.Id, out var tracker)) return false;
        var issued = tracker.IssuedFor == IssueKey.Of(w);
        if (HealthDue(w, tracker, issued, now)) return false;
        return WorkspaceStateMachine.Next(new WorkspaceStepInput(w.State, w.PendingAction, w.NextTransitionAt, now, issued, DesktopHealth.NotObserved,
            tracker.WasHealthy)) == WorkspaceStep.Nothing;
    }

    private async Task ExecuteAsync(DesktopCommand command, WorkspaceRecord w, CancellationToken ct)
    {
        switch (command)
        {
            case DesktopCommand.Start: await runtime.StartAsync(Spec(w), ct); break;
            case DesktopCommand.Stop: await runtime.StopAsync(w.Id, ct); break;
            case DesktopCommand.Reboot: await runtime.RebootAsync(Spec(w), ct); break;
            case DesktopCommand.Rebuild: await runtime.RebuildAsync(Spec(w), ct); break;
            case DesktopCommand.Remove: await runtime.RemoveAsync(w.Id, ct); break;
        }
    }

    /// <summary>Keeps a running desktop's eth1 admitting what the security groups of its network interface allow:
    /// checked with every health look (every 2 s), applied when the rules or the members of a referenced group
    /// changed. A runtime that cannot enforce them says why once per rule set.</summary>
    private async Task EnforceIngressAsync(WorkspaceRecord w, Tracker tracker, CancellationToken ct)
    {
        var rules = IngressOf(w);
        var key = string.Join(';', rules);   // the records' own text: every member, in IngressOf's stable order
        if (key == tracker.AppliedIngress) return;
        tracker.AppliedIngress = key;
        var problem = await runtime.ApplyIngressAsync(w.Id, rules, ct);
        if (problem is null) log.LogInformation("workspace {WorkspaceId}: {Count} security group ingress rules enforced on eth1", w.Id, rules.Count);
        else log.LogDebug("workspace {WorkspaceId}: security group ingress not enforced: {Why}", w.Id, problem);
    }

    /// <summary>The inbound rules of the WorkSpace's network interface: every ingress rule of each of its security
    /// groups, a referenced group expanded to the addresses of the interfaces that carry it (IPv4 only).</summary>
    private List<IngressRule> IngressOf(WorkspaceRecord w)
    {
        var rules = new List<IngressRule>();
        if (w.NetworkInterfaceId is null || network.NetworkInterfaces.Get(w.Scope, w.NetworkInterfaceId) is not { } eni) return rules;
        List<NetworkInterface>? interfaces = null;
        foreach (var groupId in eni.SecurityGroupIds)
        {
            if (network.SecurityGroups.Get(w.Scope, groupId) is not { } group) continue;
            foreach (var rule in routing.RulesOf(group))
            {
                if (rule.IsEgress) continue;
                if (rule.CidrIpv4 is { } cidr) rules.Add(new IngressRule(rule.IpProtocol, rule.FromPort, rule.ToPort, cidr));
                else if (rule.ReferencedGroupId is { } referenced)
                {
                    interfaces ??= network.NetworkInterfaces.List(w.Scope).ToList();
                    foreach (var member in interfaces)
                        if (member.SecurityGroupIds.Contains(referenced))
                            rules.Add(new IngressRule(rule.IpProtocol, rule.FromPort, rule.ToPort, member.PrivateIpAddress + "/32"));
                }
            }
        }
        return [.. rules.OrderBy(r => r.Protocol, StringComparer.Ordinal).ThenBy(r => r.FromPort).ThenBy(r => r.ToPort)
            .ThenBy(r => r.SourceCidr, StringComparer.Ordinal)];
    }

    private DesktopSpec Spec(WorkspaceRecord w)
    {
        var slash = w.Scope.IndexOf('/');
        var subnet = w.SubnetId is null ? null : network.Subnets.Get(w.Scope, w.SubnetId);
        // A desktop of a DC-backed directory resolves through the directory's DNS addresses, as a domain-joined WorkSpace does.
        var directory = store.Table<DirectoryService.DirectoryRecord>(ResourceKinds.Directories).Get(w.Scope, w.DirectoryId);
        var dc = directory is { IsDcBacked: true };
        return new DesktopSpec(w.Id, w.Scope[..slash], w.Scope[(slash + 1)..], w.UserName, w.ComputerName, w.DirectoryId, w.BundleId,
            w.Properties.ComputeTypeName, w.Properties.Protocols, w.SubnetId ?? "", subnet?.CidrBlock ?? "", w.IpAddress ?? "",
            dc ? directory!.DnsIpAddrs : null, dc ? directory!.Name : null)
        {
            VpcId = subnet?.VpcId,
            VpcCidr = subnet is null ? null : network.Vpcs.Get(w.Scope, subnet.VpcId)?.CidrBlock,
            OperatingSystemName = w.Properties.OperatingSystemName,
        };
    }

    /// <summary>The WorkSpace's computer object in a DC-backed directory: created when it first becomes AVAILABLE,
    /// removed when it is terminated. A DC that does not answer is logged, never blocks the WorkSpace.</summary>
    private void JoinOrLeave(WorkspaceRecord w, bool join)
    {
        if (computers is null) return;
        var directory = store.Table<DirectoryService.DirectoryRecord>(ResourceKinds.Directories).Get(w.Scope, w.DirectoryId);
        if (directory is not { IsDcBacked: true }) return;
        try
        {
            if (join)
            {
                var ou = store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories).Get(w.Scope, w.DirectoryId)?.CreationProperties?.DefaultOu;
                log.LogInformation("workspace {WorkspaceId} joined {Domain} as {Dn}", w.Id, directory.Name, computers.Join(directory, w.ComputerName, ou));
            }
            else if (computers.Leave(directory, w.ComputerName))
                log.LogInformation("workspace {WorkspaceId}: computer {Computer} removed from {Domain}", w.Id, w.ComputerName, directory.Name);
        }
        catch (Exception e) when (e is System.DirectoryServices.Protocols.DirectoryException or Protocol.AwsException)
        {
            log.LogWarning("workspace {WorkspaceId}: computer object {Computer} in {Domain} not {Action}: {Reason}", w.Id, w.ComputerName, directory.Name,
                join ? "created" : "removed", e.Message);
        }
    }
}
