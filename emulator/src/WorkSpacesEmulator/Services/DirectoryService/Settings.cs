using System.Text.Json;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Configurable directory settings of AWS Managed Microsoft AD (the Schannel protocols and ciphers of the
/// domain controllers). A change is Requested, then Updating, then Updated by the reconciler.</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>The settings catalogue: name, type and value in a new directory.</summary>
    // Difference from AWS: a fixed, smaller catalogue (the Schannel protocols and a few ciphers); AWS also lists
    // Kerberos and certificate-related settings, and its DataType strings may differ.
    public static readonly IReadOnlyList<(string Name, string Type, string Default)> SettingsCatalogue =
    [
        ("PCT_1_0", "Protocol", "Disable"),
        ("SSL_2_0", "Protocol", "Disable"),
        ("SSL_3_0", "Protocol", "Disable"),
        ("TLS_1_0", "Protocol", "Enable"),
        ("TLS_1_1", "Protocol", "Enable"),
        ("DES_56_56", "Cipher", "Disable"),
        ("3DES_168_168", "Cipher", "Enable"),
        ("RC2_128_128", "Cipher", "Disable"),
        ("RC4_128_128", "Cipher", "Disable"),
    ];

    private static readonly string AllowedSettingValues = JsonSerializer.Serialize(new[] { "Enable", "Disable" });

    private const int SettingsPageSize = 50;

    public override Task<DescribeSettingsResult> DescribeSettings(RequestContext context, DescribeSettingsRequest request, CancellationToken cancellationToken)
    {
        var directory = GetConfigurableDirectory(context, request.DirectoryId!);
        var changed = directory.Settings ?? [];
        var region = context.Region;
        var entries = SettingsCatalogue.Select(c =>
        {
            var state = changed.FirstOrDefault(s => s.Name == c.Name);
            return new SettingEntry
            {
                Type = c.Type,
                Name = c.Name,
                AllowedValues = AllowedSettingValues,
                AppliedValue = state?.AppliedValue ?? c.Default,
                RequestedValue = state?.RequestedValue,
                RequestStatus = state?.RequestStatus ?? SettingRequestStatuses.Default,
                RequestDetailedStatus = state is null ? null : new Dictionary<string, string> { [region] = state.RequestStatus },
                LastRequestedDateTime = state?.LastRequestedDateTime,
                LastUpdatedDateTime = state?.LastUpdatedDateTime,
                DataType = "Boolean",
            };
        }).Where(e => request.Status is null || e.RequestStatus == request.Status).ToList();
        var page = Storage.Paging.Take(entries, SettingsPageSize, request.NextToken, "ds.DescribeSettings:" + directory.Id + ":" + request.Status, DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeSettingsResult { DirectoryId = directory.Id, SettingEntries = page.Items.ToList(), NextToken = page.NextToken });
    }

    public override Task<UpdateSettingsResult> UpdateSettings(RequestContext context, UpdateSettingsRequest request, CancellationToken cancellationToken)
    {
        GetConfigurableDirectory(context, request.DirectoryId!);
        var settings = request.Settings ?? [];
        if (settings.Count == 0) throw DsErrors.InvalidParameter("Settings must contain at least one setting.");
        foreach (var s in settings)
        {
            if (SettingsCatalogue.All(c => c.Name != s.Name))
                throw new AwsException(DirectoryServiceErrors.UnsupportedSettingsException, $"The directory setting {s.Name} is not supported.");
            if (s.Value is not ("Enable" or "Disable"))
                throw DsErrors.InvalidParameter($"Invalid value {s.Value} for setting {s.Name}; allowed values are Enable and Disable.");
        }
        if (settings.GroupBy(s => s.Name).FirstOrDefault(g => g.Select(s => s.Value).Distinct().Count() > 1) is { } conflict)
            throw new AwsException(DirectoryServiceErrors.IncompatibleSettingsException, $"The setting {conflict.Key} is given conflicting values.");
        var now = time.GetUtcNow();
        var updated = UpdateDirectory(context, request.DirectoryId!, d =>
        {
            if (!d.IsActive)
                throw new AwsException(DirectoryServiceErrors.DirectoryUnavailableException,
                    $"Directory {d.Id} is in the {d.Stage} stage; settings can only be changed in an Active directory.");
            var states = (d.Settings ?? []).ToList();
            foreach (var s in settings)
            {
                var index = states.FindIndex(x => x.Name == s.Name);
                var applied = index >= 0 ? states[index].AppliedValue : SettingsCatalogue.First(c => c.Name == s.Name).Default;
                var state = new DirectorySettingState(s.Name!, applied, s.Value, SettingRequestStatuses.Requested, now, now);
                if (index >= 0) states[index] = state; else states.Add(state);
            }
            return d with { Settings = states, SettingsDueAt = now + options.Value.Transition };
        });
        return Task.FromResult(new UpdateSettingsResult { DirectoryId = updated.Id });
    }

    /// <summary>The newer configuration operations answer DirectoryDoesNotExistException and serve Managed AD only.</summary>
    private DirectoryRecord GetConfigurableDirectory(RequestContext context, string directoryId)
    {
        var directory = Directories.Get(context.Scope, directoryId)
            ?? throw new AwsException(DirectoryServiceErrors.DirectoryDoesNotExistException, $"Directory {directoryId} does not exist.");
        if (directory.Type != DirectoryTypes.MicrosoftAD)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, $"This operation is not supported for {directory.Type} directories.");
        return directory;
    }
}
