using System.Collections.Concurrent;
using WorkSpacesEmulator.Gateways.Radius;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Gateways;

/// <summary>EnableRadius/UpdateRadius leave RadiusStatus Creating; once its transition time is up, this probes the
/// configured servers with an Access-Request (off the reconciler's loop: a probe may wait RadiusTimeout × tries)
/// and stores Completed when one answers with the shared secret, Failed when none does.</summary>
public sealed class RadiusProbeLifecycle(Store store, RadiusMfa radius, ILogger<RadiusProbeLifecycle> log) : ILifecycleParticipant
{
    private readonly ConcurrentDictionary<string, Task> _probes = new(StringComparer.Ordinal);

    public string Name => "radius-probes";

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        foreach (var d in table.All())
        {
            if (d.RadiusStatus != "Creating" || d.Radius is not { } config || d.RadiusDueAt is { } due && due > now) continue;
            var key = d.Scope + "/" + d.Id;
            if (_probes.ContainsKey(key)) continue;
            _probes[key] = Task.Run(async () =>
            {
                try
                {
                    var answered = await radius.ProbeAsync(config, cancellationToken);
                    var status = answered ? "Completed" : "Failed";
                    // Only the settings that were probed: an UpdateRadius meanwhile starts a new probe.
                    table.Update(d.Scope, d.Id, cur => cur.RadiusStatus == "Creating" && cur.Radius?.SharedSecret == config.SharedSecret
                        ? cur with { RadiusStatus = status, RadiusDueAt = null } : cur);
                    log.LogInformation("directory {Id} RADIUS Creating -> {Status} ({Servers}:{Port}) ({Scope})", d.Id, status,
                        string.Join(",", config.RadiusServers), config.RadiusPort, d.Scope);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("directory {Id} RADIUS probe failed, will retry: {Reason}", d.Id, e.Message);
                }
                finally
                {
                    _probes.TryRemove(key, out _);
                }
            }, cancellationToken);
        }
        return Task.CompletedTask;
    }
}
