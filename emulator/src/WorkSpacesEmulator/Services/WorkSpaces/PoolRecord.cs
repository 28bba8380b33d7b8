using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>A WorkSpaces Pool (Id = <c>wspool-…</c>). State CREATING | STARTING | RUNNING | UPDATING | STOPPING | STOPPED | DELETING;
/// <see cref="NextTransitionAt"/> is when the reconciler moves a transitional state on.</summary>
public sealed record PoolRecord(
    string Id,
    string Scope,
    string PoolName,
    string? Description,
    string BundleId,
    string DirectoryId,
    int DesiredUserSessions,
    PoolApplicationSettingsRecord? ApplicationSettings,
    PoolTimeoutSettingsRecord? TimeoutSettings,
    string RunningMode,
    string State,
    DateTimeOffset? NextTransitionAt,
    IReadOnlyList<TagPair> Tags,
    DateTimeOffset CreatedAt) : IResource;

/// <summary>Application settings persistence: Status ENABLED | DISABLED, the settings group and (when enabled) the bucket.</summary>
public sealed record PoolApplicationSettingsRecord(string Status, string? SettingsGroup, string? S3BucketName);

/// <summary>Session timeouts as given (seconds).</summary>
public sealed record PoolTimeoutSettingsRecord(int? DisconnectTimeoutInSeconds, int? IdleDisconnectTimeoutInSeconds, int? MaxUserDurationInSeconds);
