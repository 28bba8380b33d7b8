using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>AWS Directory Service Data (users and groups inside a directory), one partial file per capability.</summary>
public sealed partial class DirectoryServiceDataHandlers(Store store, TimeProvider time, WorkSpacesEmulator.Directories.DirectoryUserStores userStores,
    WorkSpacesEmulator.Directories.TrustedRealms trustedRealms, WorkSpacesEmulator.Directories.RealmMemberships memberships)
    : DirectoryServiceDataOperationsBase
{
    private const int DefaultMaxResults = 250;

    private ResourceTable<DirectoryRecord> Directories => store.Table<DirectoryRecord>(ResourceKinds.Directories);

    /// <summary>The directory a ds-data call addresses (see <see cref="UsableDirectory"/>) and its store, with its DC
    /// located (asynchronously) when it has one.</summary>
    private async Task<(DirectoryRecord Directory, WorkSpacesEmulator.Directories.IDirectoryUserStore Store)> OpenAsync(RequestContext context,
        string directoryId, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, directoryId);
        await userStores.PrepareAsync(directory, cancellationToken);
        return (directory, userStores.For(directory));
    }

    /// <summary>The directory a ds-data call addresses, if it can serve one: known, holding its own users, and Active.</summary>
    private DirectoryRecord UsableDirectory(RequestContext context, string directoryId)
    {
        // Unknown directories answer ResourceNotFoundException (404), the model's only "not found" error for ds-data.
        var directory = Directories.Get(context.Scope, directoryId)
            ?? throw new AwsException(DirectoryServiceDataErrors.ResourceNotFoundException, $"Directory {directoryId} does not exist.");
        // Difference from AWS: ds-data also serves Simple AD directories (AWS: Managed Microsoft AD only), and
        // needs no EnableDirectoryDataAccess first, so Simple AD users can be managed without a domain-joined host.
        if (!directory.HasLocalUsers)
            throw DataErrors.Validation("INVALID_DIRECTORY_TYPE", $"Directory {directoryId} is an {directory.Type}; Directory Service Data manages users of directories that hold them.");
        if (!directory.IsActive)
            throw new AwsException(DirectoryServiceDataErrors.DirectoryUnavailableException,
                $"Directory {directoryId} is {directory.Stage}, not Active.", members: new Dictionary<string, string> { ["Reason"] = "INVALID_DIRECTORY_STATE" });
        return directory;
    }

    /// <summary>One page of a store listing, its NextToken bound to the listing (one listing per directory, realms, query and object).</summary>
    private static async Task<(WorkSpacesEmulator.Directories.DirectoryPage<T> Page, string? NextToken)> ListedAsync<T>(string listing, int? maxResults, string? nextToken,
        Func<WorkSpacesEmulator.Directories.DirectoryQuery, ValueTask<WorkSpacesEmulator.Directories.DirectoryPage<T>?>> list, Func<Exception> missing,
        string? searchString = null, IReadOnlyList<string>? searchAttributes = null)
    {
        var query = new WorkSpacesEmulator.Directories.DirectoryQuery(maxResults ?? DefaultMaxResults, Paging.Cursor(nextToken, listing, InvalidNextToken),
            searchString, searchAttributes);
        WorkSpacesEmulator.Directories.DirectoryPage<T>? page;
        try
        {
            page = await list(query);
        }
        catch (WorkSpacesEmulator.Directories.DirectoryCursorInvalid)
        {
            throw InvalidNextToken();
        }
        if (page is null) throw missing();
        return (page, Paging.Token(listing, page.NextCursor));
    }

    private static AwsException InvalidNextToken() => DataErrors.Validation("INVALID_NEXT_TOKEN", "The NextToken value is not valid.");

    /// <summary>Where the user and group reads (Describe/List/Search Users and Groups) of a Realm go: the directory's own
    /// domain, or a Verified trusted realm's, read through the trust.</summary>
    private async Task<(DirectoryRecord Directory, string Realm, WorkSpacesEmulator.Directories.IDirectoryUserStore Users)> RealmAsync(
        RequestContext context, string directoryId, string? realm, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, directoryId);
        if (TrustOf(directory, realm) is { } trust) return (directory, RealmName(directory, trust), trustedRealms.Users(trust));
        await userStores.PrepareAsync(directory, cancellationToken);
        return (directory, directory.Name, userStores.For(directory));
    }

    /// <summary>The realm a Realm or MemberRealm names: null for the directory's own domain (also when none is named), else
    /// a Verified trust's remote domain (DNS or NetBIOS name). Other realms are refused.</summary>
    private TrustRecord? TrustOf(DirectoryRecord directory, string? realm) =>
        realm is null || WorkSpacesEmulator.Directories.TrustedRealms.IsOwn(directory, realm) ? null
        : trustedRealms.Find(directory, realm)
            ?? throw DataErrors.Validation("INVALID_REALM", $"Realm {realm} is neither the domain of directory {directory.Id} nor a domain it has a verified trust with.");

    private static string RealmName(DirectoryRecord directory, TrustRecord? trust) => trust?.RemoteDomainName.TrimEnd('.') ?? directory.Name;
}

internal static class DataErrors
{
    public static AwsException Validation(string reason, string message) =>
        new(DirectoryServiceDataErrors.ValidationException, message, members: new Dictionary<string, string> { ["Reason"] = reason });

    public static AwsException UserNotFound(string directoryId, string userName) =>
        new(DirectoryServiceDataErrors.ResourceNotFoundException, $"User {userName} does not exist in directory {directoryId}.");
}
