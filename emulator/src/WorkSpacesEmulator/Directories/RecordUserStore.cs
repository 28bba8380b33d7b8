using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.DirectoryService.Data;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Directories;

/// <summary>Users of a simulated directory: records in the store, passwords as salted hashes.</summary>
public sealed class RecordUserStore(Store store) : IDirectoryUserStore
{
    private readonly Lock _gate = new();

    private ResourceTable<DirectoryUserRecord> Users => store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);
    private ResourceTable<DirectoryRecord> Directories => store.Table<DirectoryRecord>(ResourceKinds.Directories);

    public DirectoryUserRecord? Find(DirectoryRecord directory, string samAccountName) =>
        Users.Get(directory.Scope, DirectoryUserRecord.KeyFor(directory.Id, samAccountName));

    public IReadOnlyList<DirectoryUserRecord> List(DirectoryRecord directory) =>
        [.. Users.List(directory.Scope).Where(u => u.DirectoryId == directory.Id)];

    public DirectoryUserRecord Create(DirectoryRecord directory, NewDirectoryUser user, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (Find(directory, user.SAMAccountName) is not null || FindGroup(directory, user.SAMAccountName))
                throw new DirectoryConflict($"A user with SAMAccountName {user.SAMAccountName} already exists in directory {directory.Id}.");
            var record = DirectoryUsers.New(directory, user.SAMAccountName, AllocateRid(directory), now,
                user.GivenName, user.Surname, user.EmailAddress, user.OtherAttributes);
            Users.Put(record);
            return record;
        }
    }

    public DirectoryUserRecord? Update(DirectoryRecord directory, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change, DateTimeOffset now) =>
        Find(directory, samAccountName) is { } user ? Users.Update(directory.Scope, user.Id, u => change(u) with { UpdatedAt = now }) : null;

    public bool Delete(DirectoryRecord directory, string samAccountName) =>
        Find(directory, samAccountName) is { } user && Users.Delete(directory.Scope, user.Id);

    public Task SetPasswordAsync(DirectoryRecord directory, string samAccountName, string password, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Difference from AWS: one fixed policy (the CreateDirectory password rule) instead of the directory's own policy.
        if (!PasswordHasher.IsComplex(password))
            throw new DirectoryPasswordRejected("The new password does not meet the directory's password policy: 8 to 64 characters, including three of lower-case letters, upper-case letters, digits and non-alphanumeric characters.");
        Update(directory, samAccountName, u => u with { PasswordHash = PasswordHasher.Hash(password), Enabled = true }, now);
        return Task.CompletedTask;
    }

    private bool FindGroup(DirectoryRecord directory, string name) =>
        store.Table<DirectoryGroupRecord>(ResourceKinds.DirectoryGroups).Get(directory.Scope, DirectoryGroupRecord.KeyFor(directory.Id, name)) is not null;

    /// <summary>Hands out the directory's next RID (never reused, as in AD), retrying against concurrent updates.</summary>
    public long AllocateRid(DirectoryRecord directory)
    {
        var current = directory;
        while (true)
        {
            if (Directories.Replace(current, current with { NextRid = current.NextRid + 1 })) return current.NextRid;
            current = Directories.Get(directory.Scope, directory.Id)
                ?? throw new InvalidOperationException($"Directory {directory.Id} does not exist.");
        }
    }
}
