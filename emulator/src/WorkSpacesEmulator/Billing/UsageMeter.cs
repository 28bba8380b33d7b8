using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Billing;

/// <summary>Appends a segment to a WorkSpace's usage history whenever its state or running mode changes (seen on
/// each reconciler tick; the change's own time is taken from StateChangedAt when there is one), and a TERMINATED
/// segment once the WorkSpace is gone.</summary>
public sealed class UsageMeter(Store store) : ILifecycleParticipant
{
    public const string Kind = "billing-usage";

    public string Name => "usage-meter";

    private ResourceTable<UsageRecord> Usage => store.Table<UsageRecord>(Kind);

    // Usage follows the stored WorkSpaces alone: nothing stored since a pass that changed nothing, nothing to do.
    private readonly StoreWatermark _watermark = new(store);

    public Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_watermark.Begin() is not { } version) return Task.CompletedTask;
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).All())
        {
            live.Add(w.Id);
            var mode = w.Properties.RunningMode;
            var usage = Usage.Get(w.Scope, w.Id);
            if (usage is null)
            {
                Usage.Put(new UsageRecord(w.Id, w.Scope, w.BundleId, w.Properties.ComputeTypeName, w.Properties.OperatingSystemName,
                    [new UsageSegment(w.CreatedAt, w.State, mode)]));
                continue;
            }
            var last = usage.Segments[^1];
            if (last.State == w.State && last.RunningMode == mode && usage.ComputeType == w.Properties.ComputeTypeName) continue;
            var at = last.State != w.State && w.StateChangedAt is { } changed && changed > last.From ? changed : now;
            Usage.Put(usage with { ComputeType = w.Properties.ComputeTypeName, Segments = [.. usage.Segments, new UsageSegment(at, w.State, mode)] });
        }
        foreach (var usage in Usage.All().Where(u => !live.Contains(u.Id) && u.Segments[^1].State != "TERMINATED").ToList())
            Usage.Put(usage with { Segments = [.. usage.Segments, new UsageSegment(now, "TERMINATED", usage.Segments[^1].RunningMode)] });
        _watermark.Settled(version);
        return Task.CompletedTask;
    }
}
