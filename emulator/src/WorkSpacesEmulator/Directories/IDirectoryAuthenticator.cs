using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Directories;

/// <summary>Checks an end user's directory credentials — the step the authentication gateway forwards to the
/// directory. With the simulated runtime the stored hash answers (<see cref="StoredHashAuthenticator"/>); with
/// domain controllers an LDAP bind against the DC (or, for an AD Connector, the on-premises directory) answers.</summary>
public interface IDirectoryAuthenticator
{
    /// <param name="userName">As the user typed it: <c>jdoe</c>, <c>CORP\jdoe</c> or <c>jdoe@corp.example.com</c>.</param>
    Task<DirectoryAuthResult> AuthenticateAsync(DirectoryRecord directory, string userName, string password, CancellationToken cancellationToken);
}

public enum DirectoryAuthOutcome
{
    Success,
    InvalidCredentials,
    UnknownUser,
    Disabled,
    DirectoryUnavailable,
}

/// <param name="SamAccountName">The account as the directory spells it (set on Success, and when the user is known).</param>
/// <param name="Email">The user's mail attribute, when the directory has one.</param>
/// <param name="Detail">Why, for logs (never shown to the end user beyond the outcome).</param>
public sealed record DirectoryAuthResult(DirectoryAuthOutcome Outcome, string? SamAccountName = null, string? Email = null, string? Detail = null)
{
    public bool Succeeded => Outcome == DirectoryAuthOutcome.Success;
}
