using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Directories;

/// <summary>The registered <see cref="IDirectoryAuthenticator"/>: per directory, an LDAP bind against its DC
/// (DC-backed directories; for AD Connector the on-premises DC) or the stored hash (simulated directories).</summary>
public sealed class DirectoryAuthenticator(LdapAuthenticator ldap, StoredHashAuthenticator stored) : IDirectoryAuthenticator
{
    public Task<DirectoryAuthResult> AuthenticateAsync(DirectoryRecord directory, string userName, string password, CancellationToken cancellationToken) =>
        (DomainControllers.Reaches(directory) ? ldap : (IDirectoryAuthenticator)stored).AuthenticateAsync(directory, userName, password, cancellationToken);
}
