using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace WorkSpacesEmulator.Gateways;

/// <summary>A signed-in end user: the token the authentication gateway issued, bound to one WorkSpace and to the
/// client address it was issued to.</summary>
public sealed record ClientSession(
    string Token,
    string Scope,
    string DirectoryId,
    string WorkspaceId,
    string UserName,
    string ClientAddress,
    string DeviceType,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>Why a presented token does not name a usable session.</summary>
public enum SessionLookup { Valid, Unknown, Expired, WrongAddress }

/// <summary>Sessions and the streams open on them. In memory on purpose: a restart signs everyone out (the
/// streams are gone with the process anyway).</summary>
public sealed class ClientSessions(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ClientSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WorkspaceConnections> _connections = new(StringComparer.Ordinal);

    /// <summary>What DescribeWorkspacesConnectionStatus and AutoStop need to know about one WorkSpace's streams.</summary>
    public sealed class WorkspaceConnections
    {
        internal readonly ConcurrentDictionary<long, (string Token, CancellationTokenSource Cts)> Open = new();
        public int OpenCount => Open.Count;
        public DateTimeOffset? LastConnectedAt { get; internal set; }
        public DateTimeOffset? LastDisconnectedAt { get; internal set; }
    }

    private long _nextStream;
    private long _version;

    /// <summary>Goes up on every change to sessions or streams (issued, signed out, ended, opened, closed): the client
    /// sessions lifecycle skips its passes while neither this nor the store changed.</summary>
    public long Version => Interlocked.Read(ref _version);

    private void Changed() => Interlocked.Increment(ref _version);

    internal DateTimeOffset Now => time.GetUtcNow();

    public ClientSession Issue(string scope, string directoryId, string workspaceId, string userName, string clientAddress, string deviceType, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var session = new ClientSession(token, scope, directoryId, workspaceId, userName, clientAddress, deviceType, now, now + lifetime);
        _sessions[token] = session;
        Changed();
        return session;
    }

    public (SessionLookup Result, ClientSession? Session) Find(string? token, string clientAddress)
    {
        if (token is null || !_sessions.TryGetValue(token, out var session)) return (SessionLookup.Unknown, null);
        if (session.ExpiresAt <= time.GetUtcNow())
        {
            if (_sessions.TryRemove(token, out _)) Changed();
            return (SessionLookup.Expired, null);
        }
        // A token is bound to the address it was issued to: a copied token is useless elsewhere.
        return session.ClientAddress == clientAddress ? (SessionLookup.Valid, session) : (SessionLookup.WrongAddress, null);
    }

    public bool SignOut(string token)
    {
        if (!_sessions.TryRemove(token, out _)) return false;
        Changed();
        return true;
    }

    public IReadOnlyList<ClientSession> ForWorkspace(string workspaceId) => [.. _sessions.Values.Where(s => s.WorkspaceId == workspaceId)];

    public WorkspaceConnections? Connections(string workspaceId) => _connections.TryGetValue(workspaceId, out var c) ? c : null;

    public IEnumerable<string> WorkspacesWithOpenStreams() => _connections.Where(kv => kv.Value.OpenCount > 0).Select(kv => kv.Key);

    /// <summary>Ends every session (and open stream) of a WorkSpace issued before <paramref name="before"/>:
    /// the WorkSpace was stopped, rebooted, rebuilt or terminated since.</summary>
    public int EndWorkspaceSessions(string workspaceId, DateTimeOffset before)
    {
        var ended = 0;
        foreach (var s in ForWorkspace(workspaceId))
            if (s.CreatedAt < before && _sessions.TryRemove(s.Token, out _)) ended++;
        if (_connections.TryGetValue(workspaceId, out var c))
            foreach (var (_, cts) in c.Open.Values) { Cancel(cts); ended++; }
        if (ended > 0) Changed();
        return ended;
    }

    /// <summary>Records an open stream; disposing the lease records the disconnect. The lease's token is cancelled
    /// when the session is ended from outside (sign-out, stop, reboot …).</summary>
    public StreamLease OpenStream(ClientSession session)
    {
        var connections = _connections.GetOrAdd(session.WorkspaceId, _ => new WorkspaceConnections());
        var id = Interlocked.Increment(ref _nextStream);
        var cts = new CancellationTokenSource();
        connections.Open[id] = (session.Token, cts);
        connections.LastConnectedAt = time.GetUtcNow();
        Changed();
        return new StreamLease(this, connections, id, cts);
    }

    /// <summary>Signs out one session and closes its streams.</summary>
    public void EndSession(ClientSession session)
    {
        _sessions.TryRemove(session.Token, out _);
        if (_connections.TryGetValue(session.WorkspaceId, out var c))
            foreach (var (token, cts) in c.Open.Values)
                if (token == session.Token) Cancel(cts);
        Changed();
    }

    public void Clear()
    {
        _sessions.Clear();
        foreach (var c in _connections.Values)
            foreach (var (_, cts) in c.Open.Values) Cancel(cts);
        _connections.Clear();
        Changed();
    }

    private static void Cancel(CancellationTokenSource cts)
    {
        try { cts.Cancel(); }
        catch (ObjectDisposedException) { /* the stream ended meanwhile */ }
    }

    public sealed class StreamLease(ClientSessions owner, WorkspaceConnections connections, long id, CancellationTokenSource cts) : IDisposable
    {
        public CancellationToken Ended => cts.Token;

        public void Dispose()
        {
            if (!connections.Open.TryRemove(id, out _)) return;
            connections.LastDisconnectedAt = owner.Now;
            cts.Dispose();
            owner.Changed();
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
