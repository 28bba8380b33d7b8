using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Directories;

/// <summary>The user and group store of a directory: its DC over LDAP when it has one, else the records.</summary>
public sealed class DirectoryUserStores(Store store, DomainControllers controllers, TimeProvider time)
{
    private readonly RecordUserStore _records = new(store, time);
    private readonly LdapUserStore _dcs = new(controllers.Open, controllers.Runtime);
    // The on-premises directory behind an AD Connector: read over LDAP, passwords are the customer's to manage.
    private readonly LdapUserStore _onPremises = new(controllers.Open, null);

    public RecordUserStore Records => _records;

    public IDirectoryUserStore For(DirectoryRecord directory) =>
        directory.IsDcBacked ? _dcs : DomainControllers.Reaches(directory) ? _onPremises : _records;

    /// <summary>Makes sure the directory's DC is located (asynchronously, without holding a thread) before a request
    /// uses its store; nothing to do for records.</summary>
    public async ValueTask PrepareAsync(DirectoryRecord directory, CancellationToken cancellationToken)
    {
        if (DomainControllers.Reaches(directory)) await controllers.LocateAsync(directory, cancellationToken);
    }
}
