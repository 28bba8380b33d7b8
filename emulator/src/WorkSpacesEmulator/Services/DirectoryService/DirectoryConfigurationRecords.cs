using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>A directory setting changed by UpdateSettings. RequestStatus Requested → Updating → Updated (ds
/// DirectoryConfigurationStatus); AppliedValue takes RequestedValue when Updated.</summary>
public sealed record DirectorySettingState(
    string Name,
    string AppliedValue,
    string? RequestedValue,
    string RequestStatus,
    DateTimeOffset? LastRequestedDateTime,
    DateTimeOffset? LastUpdatedDateTime);

/// <summary>An SNS topic registered for a directory's status notifications. Id = "{DirectoryId}/{TopicName}".</summary>
public sealed record EventTopicRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string TopicName,
    string TopicArn,
    string Status,             // ds TopicStatus
    DateTimeOffset CreatedDateTime) : IResource
{
    public static string KeyFor(string directoryId, string topicName) => directoryId + "/" + topicName;
}

/// <summary>The one CloudWatch Logs subscription of a directory. Id = DirectoryId.</summary>
public sealed record LogSubscriptionRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string LogGroupName,
    DateTimeOffset SubscriptionCreatedDateTime) : IResource;

public static class DataAccessStatuses
{
    public const string Enabling = "Enabling";
    public const string Enabled = "Enabled";
    public const string Disabling = "Disabling";
    public const string Disabled = "Disabled";
}

public static class SettingRequestStatuses
{
    public const string Default = "Default";
    public const string Requested = "Requested";
    public const string Updating = "Updating";
    public const string Updated = "Updated";
}

/// <summary>The configuration parts of a directory as pure functions: data access Enabling → Enabled and
/// Disabling → Disabled; settings Requested → Updating → Updated. Returns null when nothing is due.</summary>
public static class DirectoryConfigurationMachine
{
    public static DirectoryRecord? Next(DirectoryRecord directory, DateTimeOffset now, TimeSpan transition)
    {
        var updated = directory;
        if (directory.DataAccessDueAt is { } dataDue && dataDue <= now)
        {
            updated = updated with
            {
                DataAccessStatus = directory.DataAccessStatus == DataAccessStatuses.Disabling ? DataAccessStatuses.Disabled : DataAccessStatuses.Enabled,
                DataAccessDueAt = null,
            };
        }
        if (directory.SettingsDueAt is { } settingsDue && settingsDue <= now && directory.Settings is { } settings)
        {
            var anyUpdating = settings.Any(s => s.RequestStatus == SettingRequestStatuses.Requested);
            updated = updated with
            {
                Settings = settings.Select(s => s.RequestStatus switch
                {
                    SettingRequestStatuses.Requested => s with { RequestStatus = SettingRequestStatuses.Updating, LastUpdatedDateTime = now },
                    SettingRequestStatuses.Updating => s with { RequestStatus = SettingRequestStatuses.Updated, AppliedValue = s.RequestedValue ?? s.AppliedValue, LastUpdatedDateTime = now },
                    _ => s,
                }).ToList(),
                SettingsDueAt = anyUpdating ? now + transition : null,
            };
        }
        return ReferenceEquals(updated, directory) ? null : updated;
    }
}
