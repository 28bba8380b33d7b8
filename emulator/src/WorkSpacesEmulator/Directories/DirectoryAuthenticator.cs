using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Directories;

/// <summary>The registered <see cref="IDirectoryAuthenticator"/>: per directory, an LDAP bind against its DC
/// (DC-backed directories; for AD Connector the on-premises DC) or the stored hash (simulated directories). A user of a
/// trusted realm (<c>REALM\user</c>, <c>user@realm</c>, or a bare name the directory's own domain does not hold) signs in
/// through the directory's trust (<see cref="TrustedRealms"/>).</summary>
public sealed class DirectoryAuthenticator(LdapAuthenticator ldap, StoredHashAuthenticator stored, TrustedRealms realms) : IDirectoryAuthenticator
{
    public async Task<DirectoryAuthResult> AuthenticateAsync(DirectoryRecord directory, string userName, string password, CancellationToken cancellationToken)
    {
        var (realm, sam) = TrustedRealms.Split(userName);
        if (realm is not null && !TrustedRealms.IsOwn(directory, realm))
            return realms.Find(directory, realm) is { } trust
                ? await realms.AuthenticateAsync(directory, trust, sam, password, cancellationToken)
                : new DirectoryAuthResult(DirectoryAuthOutcome.UnknownUser, Detail: $"{realm} is neither {directory.Name} nor a domain it trusts");
        var own = await (DomainControllers.Reaches(directory) ? ldap : (IDirectoryAuthenticator)stored).AuthenticateAsync(directory, userName, password, cancellationToken);
        if (own.Outcome != DirectoryAuthOutcome.UnknownUser || realm is not null || !directory.IsActive) return own;
        // A bare name the directory does not hold: the trusted domains are asked, as AWS routes the logon to the right domain.
        foreach (var trust in realms.Verified(directory))
        {
            var remote = await realms.AuthenticateAsync(directory, trust, sam, password, cancellationToken);
            if (remote.Outcome != DirectoryAuthOutcome.UnknownUser) return remote;
        }
        return own;
    }
}
