using System.DirectoryServices.Protocols;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Directories;

/// <summary>Checks an end user's password with an LDAP simple bind against the directory's DC, as the user
/// (<c>sam@realm</c>). The user is looked up first (as the emulator's service account) so that an unknown or disabled
/// account is told apart from a wrong password.</summary>
public sealed class LdapAuthenticator(DomainControllers controllers, DirectoryUserStores stores) : IDirectoryAuthenticator
{
    public async Task<DirectoryAuthResult> AuthenticateAsync(DirectoryRecord directory, string userName, string password, CancellationToken cancellationToken)
    {
        if (!directory.IsActive)
            return new DirectoryAuthResult(DirectoryAuthOutcome.DirectoryUnavailable, Detail: $"directory {directory.Id} is {directory.Stage}");
        var endpoint = await controllers.LocateAsync(directory, cancellationToken);
        if (endpoint is null) return new DirectoryAuthResult(DirectoryAuthOutcome.DirectoryUnavailable, Detail: "domain controller not running");
        var sam = StoredHashAuthenticator.SamAccountNameOf(userName);
        DirectoryUserRecord? user;
        try
        {
            user = stores.For(directory).Find(directory, sam);
        }
        catch (AwsException e)
        {
            return new DirectoryAuthResult(DirectoryAuthOutcome.DirectoryUnavailable, Detail: e.Message);
        }
        if (user is null) return new DirectoryAuthResult(DirectoryAuthOutcome.UnknownUser, Detail: $"no user {sam} in {directory.Name}");
        if (!user.Enabled) return new DirectoryAuthResult(DirectoryAuthOutcome.Disabled, user.SAMAccountName, user.EmailAddress, "account disabled");
        return Bind(endpoint, user.SAMAccountName + "@" + directory.Name, password) switch
        {
            null => new DirectoryAuthResult(DirectoryAuthOutcome.Success, user.SAMAccountName, user.EmailAddress),
            var (outcome, detail) => new DirectoryAuthResult(outcome, user.SAMAccountName, user.EmailAddress, detail),
        };
    }

    /// <summary>Null when the bind succeeds, else the outcome AD's sub-code (in the bind's error message) stands for.</summary>
    internal static (DirectoryAuthOutcome, string)? Bind(string endpoint, string principal, string password)
    {
        // An empty password would be an unauthenticated bind, which LDAP servers accept: never a login.
        if (password.Length == 0) return (DirectoryAuthOutcome.InvalidCredentials, "empty password");
        try
        {
            using var session = LdapSession.Bind(endpoint, principal, password);
            return null;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            var message = e.ServerErrorMessage ?? e.Message;
            // data 533: account disabled; 775: locked out; 532/773: password expired / must change; 52e: bad password.
            return (message.Contains("data 533", StringComparison.Ordinal) || message.Contains("data 775", StringComparison.Ordinal)
                ? DirectoryAuthOutcome.Disabled : DirectoryAuthOutcome.InvalidCredentials, message);
        }
        catch (LdapException e)
        {
            return (DirectoryAuthOutcome.DirectoryUnavailable, $"LDAP at {endpoint}: {e.Message}");
        }
    }
}
