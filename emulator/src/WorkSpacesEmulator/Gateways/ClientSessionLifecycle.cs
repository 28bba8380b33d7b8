using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Gateways;

/// <summary>Ends the sessions and streams of WorkSpaces that were stopped, rebooted, rebuilt, restored or terminated
/// since the session began, and stops idle AUTO_STOP WorkSpaces RunningModeAutoStopTimeoutInMinutes after the
/// last disconnect (or after becoming AVAILABLE when nobody connected since).</summary>
public sealed class ClientSessionLifecycle(Store store, ClientSessions sessions, GatewayOptions gateway, IOptions<EmulatorOptions> options,
    ILogger<ClientSessionLifecycle> log) : ILifecycleParticipant
{
    public string Name => "client-sessions";

    // A pass depends on the stored WorkSpaces, the sessions and streams, and the clock only through the earliest AutoStop
    // time: with 1 000 WorkSpaces, walking them all every tick was ~0.8 % of the emulator's CPU under load, for nothing.
    private readonly StoreWatermark _watermark = new(store, () => sessions.Version);

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_watermark.Begin(now) is not { } version) return Task.CompletedTask;
        var table = store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);
        var next = DateTimeOffset.MaxValue;
        foreach (var w in table.All())
        {
            if (!KeepsSessions(w.State))
            {
                var ended = sessions.EndWorkspaceSessions(w.Id, w.StateChangedAt ?? now);
                if (ended > 0) log.LogInformation("workspace {WorkspaceId} {State}: ended {Count} client sessions/streams", w.Id, w.State, ended);
                continue;
            }
            if (AutoStopAt(w, sessions.Connections(w.Id), gateway.AutoStopMinute) is not { } at) continue;
            if (at > now)
            {
                if (at < next) next = at;
                continue;
            }
            if (table.Replace(w, w with
                {
                    State = "STOPPING", PendingAction = "STOP", NextTransitionAt = now + options.Value.Transition, StateChangedAt = now,
                }))
            {
                sessions.EndWorkspaceSessions(w.Id, DateTimeOffset.MaxValue);
                log.LogInformation("workspace {WorkspaceId} AVAILABLE -> STOPPING (AutoStop after {Minutes} idle minutes) ({Scope})",
                    w.Id, w.Properties.RunningModeAutoStopTimeoutInMinutes ?? WorkspaceRules.DefaultAutoStopMinutes, w.Scope);
            }
        }
        // Anything ended or stopped above changed the sessions or the store, so this settles only a pass that did nothing.
        _watermark.Settled(version, next);
        return Task.CompletedTask;
    }

    /// <summary>States in which a WorkSpace's sessions live on (it runs, or is on its way to running for the user).</summary>
    public static bool KeepsSessions(string state) =>
        state is not ("STOPPING" or "STOPPED" or "REBOOTING" or "REBUILDING" or "RESTORING" or "TERMINATING" or "TERMINATED" or "SUSPENDED");

    /// <summary>An AVAILABLE AUTO_STOP WorkSpace with no open stream whose idle time reached its AutoStop time.</summary>
    public static bool AutoStopDue(WorkspaceRecord w, ClientSessions.WorkspaceConnections? connections, TimeSpan minute, DateTimeOffset now) =>
        AutoStopAt(w, connections, minute) is { } at && now >= at;

    /// <summary>When an AVAILABLE AUTO_STOP WorkSpace with no open stream stops if nothing changes; null for any other.</summary>
    public static DateTimeOffset? AutoStopAt(WorkspaceRecord w, ClientSessions.WorkspaceConnections? connections, TimeSpan minute)
    {
        if (w.State != "AVAILABLE" || w.Properties.RunningMode != "AUTO_STOP" || w.PendingAction is not null) return null;
        if (connections is { OpenCount: > 0 }) return null;
        var since = w.StateChangedAt ?? w.CreatedAt;
        if (connections?.LastDisconnectedAt is { } d && d > since) since = d;
        return since + minute * (w.Properties.RunningModeAutoStopTimeoutInMinutes ?? WorkspaceRules.DefaultAutoStopMinutes);
    }
}
