using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Directories;

/// <summary>A new user as ds-data's CreateUser describes it.</summary>
public sealed record NewDirectoryUser(string SAMAccountName, string? GivenName, string? Surname, string? EmailAddress,
    IReadOnlyDictionary<string, LdapValue>? OtherAttributes);

/// <summary>The users of one directory, wherever they live: records in the store (simulated directories) or the
/// directory's domain controller over LDAP (DC-backed directories and AD Connector's on-premises directory). Handlers
/// ask <see cref="DirectoryUserStores"/> for the store of a directory and never branch on which it is.
/// Users come back as <see cref="DirectoryUserRecord"/> (an LDAP user has no PasswordHash).</summary>
public interface IDirectoryUserStore
{
    DirectoryUserRecord? Find(DirectoryRecord directory, string samAccountName);

    IReadOnlyList<DirectoryUserRecord> List(DirectoryRecord directory);

    /// <summary>Throws <see cref="DirectoryConflict"/> when the name is taken by a user or group.</summary>
    DirectoryUserRecord Create(DirectoryRecord directory, NewDirectoryUser user, DateTimeOffset now);

    /// <summary>Applies change to the current user (names, mail, other attributes, Enabled); null when there is no such user.</summary>
    DirectoryUserRecord? Update(DirectoryRecord directory, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change, DateTimeOffset now);

    bool Delete(DirectoryRecord directory, string samAccountName);

    /// <summary>Sets the password and enables the account. Throws <see cref="DirectoryPasswordRejected"/> when the
    /// directory's policy refuses it.</summary>
    Task SetPasswordAsync(DirectoryRecord directory, string samAccountName, string password, DateTimeOffset now, CancellationToken cancellationToken);
}

public sealed class DirectoryConflict(string message) : Exception(message);

public sealed class DirectoryPasswordRejected(string message) : Exception(message);
