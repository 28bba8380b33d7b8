using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Billing;

/// <summary>A WorkSpace's state history for metering (Id = the WorkSpace id). Kept after the WorkSpace is gone, so
/// a month's bill still lists it.</summary>
public sealed record UsageRecord(
    string Id,
    string Scope,
    string BundleId,
    string ComputeType,
    string? OperatingSystemName,
    IReadOnlyList<UsageSegment> Segments) : IResource;

/// <summary>From <see cref="From"/> until the next segment the WorkSpace was in <see cref="State"/> with <see cref="RunningMode"/>.</summary>
public sealed record UsageSegment(DateTimeOffset From, string State, string RunningMode);
