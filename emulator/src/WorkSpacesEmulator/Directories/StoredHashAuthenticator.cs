using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Directories;

/// <summary>The simulated runtime's directory: users and salted password hashes kept in the store.</summary>
public sealed class StoredHashAuthenticator(Store store) : IDirectoryAuthenticator
{
    public Task<DirectoryAuthResult> AuthenticateAsync(DirectoryRecord directory, string userName, string password, CancellationToken cancellationToken)
    {
        if (!directory.IsActive)
            return Task.FromResult(new DirectoryAuthResult(DirectoryAuthOutcome.DirectoryUnavailable, Detail: $"directory {directory.Id} is {directory.Stage}"));
        var sam = SamAccountNameOf(userName);
        var user = store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers).Get(directory.Scope, DirectoryUserRecord.KeyFor(directory.Id, sam));
        if (user is null) return Task.FromResult(new DirectoryAuthResult(DirectoryAuthOutcome.UnknownUser, Detail: $"no user {sam} in {directory.Id}"));
        if (!user.Enabled) return Task.FromResult(new DirectoryAuthResult(DirectoryAuthOutcome.Disabled, user.SAMAccountName, user.EmailAddress, "account disabled"));
        return Task.FromResult(PasswordHasher.Verify(user.PasswordHash, password)
            ? new DirectoryAuthResult(DirectoryAuthOutcome.Success, user.SAMAccountName, user.EmailAddress)
            : new DirectoryAuthResult(DirectoryAuthOutcome.InvalidCredentials, user.SAMAccountName, user.EmailAddress, "wrong password"));
    }

    /// <summary><c>CORP\jdoe</c> and <c>jdoe@corp.example.com</c> name the account <c>jdoe</c>.</summary>
    public static string SamAccountNameOf(string userName)
    {
        var slash = userName.IndexOf('\\');
        if (slash >= 0) return userName[(slash + 1)..];
        var at = userName.IndexOf('@');
        return at >= 0 ? userName[..at] : userName;
    }
}
