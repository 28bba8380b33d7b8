using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>Amazon WorkSpaces operation handlers. One partial file per capability (Workspaces, Directories,
/// Bundles, Tags, …); operations not overridden answer the generated not-implemented error.</summary>
public sealed partial class WorkSpacesHandlers(Store store, IIdGenerator ids, TimeProvider time, IOptions<EmulatorOptions> options, Ec2Network network,
    Kms.KmsHandlers kms, Ec2Routing routing, Gateways.ClientSessions clientSessions, WorkSpacesEmulator.Directories.DirectoryUserStores userStores,
    WorkSpacesEmulator.Directories.TrustedRealms trustedRealms)
    : WorkSpacesOperationsBase
{
    /// <summary>Serialises the check-then-write steps that span resources (a registration and the WorkSpaces
    /// of its directory, a user's second WorkSpace) so two concurrent requests cannot both pass a check.</summary>
    private readonly object _gate = new();

    private ResourceTable<WorkspaceRecord> Workspaces => store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);
    private ResourceTable<WorkspaceDirectoryRecord> WorkspaceDirectories => store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories);
    private ResourceTable<BundleRecord> Bundles => store.Table<BundleRecord>(ResourceKinds.Bundles);
    private ResourceTable<DirectoryRecord> Directories => store.Table<DirectoryRecord>(ResourceKinds.Directories);
    private ResourceTable<DirectoryUserRecord> DirectoryUsers => store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);

    private DateTimeOffset Now => time.GetUtcNow();
    private DateTimeOffset TransitionDue => Now + options.Value.Transition;

    private static AwsException InvalidParameter(string message) => new(WorkSpacesErrors.InvalidParameterValuesException, message);

    private static AwsException InvalidToken() => InvalidParameter("The next token provided is not valid.");

    private static List<Tag>? ToWire(IReadOnlyList<TagPair> tags)
    {
        if (tags.Count == 0) return null;
        var list = new List<Tag>(tags.Count);
        foreach (var t in tags) list.Add(new Tag { Key = t.Key, Value = t.Value });
        return list;
    }

    private static IReadOnlyList<TagPair> FromWire(List<Tag>? tags) =>
        tags is null ? [] : tags.Select(t => new TagPair(t.Key!, t.Value ?? "")).ToList();
}
