using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>AWS Directory Service operation handlers, one partial file per capability.</summary>
public sealed partial class DirectoryServiceHandlers(Store store, IIdGenerator ids, TimeProvider time, IOptions<EmulatorOptions> options, Ec2Network network,
    SecretProtector secrets, WorkSpacesEmulator.Directories.DomainControllers controllers, WorkSpacesEmulator.Directories.DirectoryUserStores userStores)
    : DirectoryServiceOperationsBase
{
    private ResourceTable<DirectoryRecord> Directories => store.Table<DirectoryRecord>(ResourceKinds.Directories);
    private ResourceTable<DirectoryUserRecord> Users => store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);

    private DirectoryRecord GetDirectory(RequestContext context, string directoryId) =>
        Directories.Get(context.Scope, directoryId) ?? throw DsErrors.DirectoryNotFound(directoryId);

    /// <summary>Applies <paramref name="change"/> to the current record, retrying when the reconciler (or another
    /// request) replaced it in between — records are immutable and replaced optimistically.</summary>
    private DirectoryRecord UpdateDirectory(RequestContext context, string directoryId, Func<DirectoryRecord, DirectoryRecord> change) =>
        Directories.Update(context.Scope, directoryId, change) ?? throw DsErrors.DirectoryNotFound(directoryId);
}

/// <summary>The ds error codes with the messages the handlers share.</summary>
internal static class DsErrors
{
    public static AwsException DirectoryNotFound(string directoryId) =>
        new(DirectoryServiceErrors.EntityDoesNotExistException, $"Directory {directoryId} does not exist.");

    public static AwsException InvalidParameter(string message) => new(DirectoryServiceErrors.InvalidParameterException, message);

    public static AwsException Client(string message) => new(DirectoryServiceErrors.ClientException, message);

    public static AwsException InvalidNextToken() => new(DirectoryServiceErrors.InvalidNextTokenException, "The NextToken value is not valid.");
}
