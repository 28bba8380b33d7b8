using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Read-only view of Directory Service state for the other slices (WorkSpaces registration, the
/// authentication gateway). Never returns password material; <see cref="VerifyPassword"/> checks it in place.</summary>
public sealed class DirectoryQueries(Store store)
{
    private ResourceTable<DirectoryRecord> Directories => store.Table<DirectoryRecord>(ResourceKinds.Directories);
    private ResourceTable<DirectoryUserRecord> Users => store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);

    public DirectoryRecord? Find(string scope, string directoryId) => Directories.Get(scope, directoryId);

    /// <summary>The user, matched case-insensitively as AD does.</summary>
    public DirectoryUserRecord? FindUser(string scope, string directoryId, string userName) =>
        Users.Get(scope, DirectoryUserRecord.KeyFor(directoryId, userName));

    /// <summary>True when the user exists, is enabled and the password matches its stored hash.</summary>
    public bool VerifyPassword(string scope, string directoryId, string userName, string password) =>
        FindUser(scope, directoryId, userName) is { Enabled: true } user && PasswordHasher.Verify(user.PasswordHash, password);
}
