using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;

namespace WorkSpacesEmulator.Directories;

/// <summary>Bound service connections per DC, reused across requests: a ds-data call costs its LDAP operations, not a
/// TCP connect and a bind each time. Nothing is cached but the connections: every read goes to the DC. At most
/// <see cref="MaxIdle"/> idle connections per DC and account; a DC that restarts or moves drops them
/// (<see cref="Forget"/>, or a failed reuse binds again).</summary>
public sealed class LdapPool
{
    public const int MaxIdle = 4;

    private readonly ConcurrentDictionary<(string DirectoryId, string Endpoint, string User, string Password), ConcurrentBag<LdapConnection>> _idle = new();

    public LdapSession Open(string directoryId, string endpoint, string user, string password, Func<LdapException, Exception> failed)
    {
        var bag = _idle.GetOrAdd((directoryId, endpoint, user, password), _ => []);
        LdapConnection Connect() => LdapSession.Connect(endpoint, user, password);
        var reused = bag.TryTake(out var connection);
        return LdapSession.Pooled(connection ?? Connect(), Connect, c =>
        {
            if (bag.Count < MaxIdle && _idle.TryGetValue((directoryId, endpoint, user, password), out var current) && ReferenceEquals(current, bag)) bag.Add(c);
            else c.Dispose();
        }, reused, failed);
    }

    /// <summary>Closes the idle connections of a directory's DC (it was removed, restored or moved).</summary>
    public void Forget(string directoryId)
    {
        foreach (var key in _idle.Keys.Where(k => k.DirectoryId == directoryId).ToList())
            if (_idle.TryRemove(key, out var bag))
                while (bag.TryTake(out var c)) c.Dispose();
    }
}
