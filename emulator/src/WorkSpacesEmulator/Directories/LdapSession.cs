using System.DirectoryServices.Protocols;
using System.Net;

namespace WorkSpacesEmulator.Directories;

/// <summary>One bound LDAP connection (System.DirectoryServices.Protocols over OpenLDAP's libldap on Linux), used by
/// one caller at a time. A pooled session (<see cref="LdapPool"/>) goes back to its pool on Dispose; when a reused
/// connection turns out dead (the DC restarted or dropped it), the session binds again once and repeats the request.</summary>
public sealed class LdapSession : IDisposable
{
    /// <summary>A DC answers at once or not at all; keep a dead one from holding a request.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private LdapConnection _connection;
    private readonly Func<LdapConnection>? _reconnect;
    private readonly Action<LdapConnection>? _release;
    private readonly Func<LdapException, Exception>? _failed;
    private bool _reused;
    private bool _broken;

    private LdapSession(LdapConnection connection, Func<LdapConnection>? reconnect, Action<LdapConnection>? release, bool reused,
        Func<LdapException, Exception>? failed = null)
    {
        _connection = connection;
        _failed = failed;
        _reconnect = reconnect;
        _release = release;
        _reused = reused;
    }

    /// <param name="endpoint">host:port</param>
    /// <param name="user">user@realm (or DOMAIN\user)</param>
    public static LdapSession Bind(string endpoint, string user, string password) => new(Connect(endpoint, user, password), null, null, false);

    /// <param name="failed">what a request that finds the DC gone throws instead of the bare LdapException</param>
    internal static LdapSession Pooled(LdapConnection connection, Func<LdapConnection> reconnect, Action<LdapConnection> release, bool reused,
        Func<LdapException, Exception> failed) =>
        new(connection, reconnect, release, reused, failed);

    /// <summary>A new connection, bound (simple bind, LDAPv3, no referral chasing).</summary>
    internal static LdapConnection Connect(string endpoint, string user, string password)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = colon < 0 ? endpoint : endpoint[..colon];
        var port = colon < 0 ? 389 : int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var connection = new LdapConnection(new LdapDirectoryIdentifier(host, port), new NetworkCredential(user, password), AuthType.Basic)
        {
            Timeout = Timeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        try
        {
            connection.Bind();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The first entry matching filter, or null (the DC stops after one).</summary>
    public SearchResultEntry? First(string baseDn, string filter, params string[] attributes) => Limited(baseDn, filter, 1, null, attributes).FirstOrDefault();

    /// <summary>One page of a listing in sAMAccountName order: at most limit entries whose sAMAccountName sorts after
    /// <paramref name="after"/> (server-side sort and size limit, so the DC sends only the page). More: whether there is
    /// another page.</summary>
    public (List<SearchResultEntry> Entries, bool More) Page(string baseDn, string filter, int limit, string? after, params string[] attributes)
    {
        if (after is not null)
            filter = $"(&{filter}(sAMAccountName>={Escape(after)})(!(sAMAccountName={Escape(after)})))";
        // Samba leaves the sort key out of "*" answers unless it is named as well.
        if (!attributes.Contains("sAMAccountName", StringComparer.OrdinalIgnoreCase)) attributes = [.. attributes, "sAMAccountName"];
        var entries = Limited(baseDn, filter, limit + 1, new SortKey("sAMAccountName", null, false), attributes);
        return entries.Count > limit ? (entries[..limit], true) : (entries, false);
    }

    /// <summary>Every entry matching filter, as <see cref="Ldif.Parse"/> gives ldbsearch's (attribute names to text values,
    /// "dn" for the DN, objectSid as S-1-…), so a search of the directory's own DC and one through a trust read alike.</summary>
    public List<Dictionary<string, List<string>>> Entries(string baseDn, string filter, params string[] attributes) =>
        [.. Limited(baseDn, filter, 0, null, attributes).Select(e =>
        {
            var entry = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase) { ["dn"] = [e.DistinguishedName] };
            foreach (string name in e.Attributes.AttributeNames)
                entry[name] = name.Equals("objectSid", StringComparison.OrdinalIgnoreCase) ? [Sid(e) ?? ""] : [.. Texts(e, name)];
            return entry;
        })];

    private List<SearchResultEntry> Limited(string baseDn, string filter, int sizeLimit, SortKey? sort, string[] attributes)
    {
        var request = new SearchRequest(baseDn, filter, SearchScope.Subtree, attributes) { SizeLimit = sizeLimit };
        if (sort is not null) request.Controls.Add(new SortRequestControl(sort));
        SearchResponse response;
        try
        {
            response = (SearchResponse)Send(request);
        }
        catch (DirectoryOperationException e) when (e.Response is SearchResponse { ResultCode: ResultCode.SizeLimitExceeded } partial)
        {
            response = partial;
        }
        return [.. response.Entries.Cast<SearchResultEntry>()];
    }

    public SearchResultEntry? Base(string dn, params string[] attributes)
    {
        try
        {
            var response = (SearchResponse)Send(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attributes));
            return response.Entries.Count > 0 ? response.Entries[0] : null;
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            return null;
        }
    }

    public DirectoryResponse Send(DirectoryRequest request)
    {
        try
        {
            return _connection.SendRequest(request);
        }
        catch (LdapException) when (_reused && _reconnect is not null)
        {
            // A pooled connection the DC no longer serves: bind again once; a DC that is really gone fails that too.
            _reused = false;
            _connection.Dispose();
            try
            {
                _connection = _reconnect();
            }
            catch (LdapException e)
            {
                _broken = true;
                throw _failed?.Invoke(e) ?? e;
            }
            return Send(request);
        }
        catch (LdapException e)
        {
            _broken = true;
            if (_failed is null) throw;
            throw _failed(e);
        }
    }

    public void Dispose()
    {
        if (_release is not null && !_broken) _release(_connection);
        else _connection.Dispose();
    }

    /// <summary>RFC 4515 escaping of a value inside a filter.</summary>
    public static string Escape(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (var ch in value)
            sb.Append(ch switch { '\\' => @"\5c", '*' => @"\2a", '(' => @"\28", ')' => @"\29", '\0' => @"\00", _ => ch.ToString() });
        return sb.ToString();
    }

    public static string? Text(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) && entry.Attributes[attribute].Count > 0 ? entry.Attributes[attribute][0] as string ?? Utf8(entry.Attributes[attribute][0]) : null;

    public static IReadOnlyList<string> Texts(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) ? [.. entry.Attributes[attribute].GetValues(typeof(string)).Cast<string>()] : [];

    private static string? Utf8(object? value) => value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : value?.ToString();

    /// <summary>objectSid (binary) as S-1-5-21-…: revision, authority (48-bit big-endian), sub-authorities (32-bit little-endian).</summary>
    public static string? Sid(SearchResultEntry entry)
    {
        if (!entry.Attributes.Contains("objectSid")) return null;
        if (entry.Attributes["objectSid"].GetValues(typeof(byte[])).FirstOrDefault() is not byte[] b || b.Length < 8) return null;
        long authority = 0;
        for (var i = 2; i < 8; i++) authority = (authority << 8) | b[i];
        var parts = new List<string> { "S", b[0].ToString(System.Globalization.CultureInfo.InvariantCulture), authority.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        for (var i = 0; i < b[1] && 8 + i * 4 + 4 <= b.Length; i++)
            parts.Add(BitConverter.ToUInt32(b, 8 + i * 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join('-', parts);
    }
}
