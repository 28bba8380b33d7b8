using System.DirectoryServices.Protocols;
using System.Net;

namespace WorkSpacesEmulator.Directories;

/// <summary>One bound LDAP connection (System.DirectoryServices.Protocols over OpenLDAP's libldap on Linux).</summary>
public sealed class LdapSession : IDisposable
{
    /// <summary>A DC answers at once or not at all; keep a dead one from holding a request.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly LdapConnection _connection;

    private LdapSession(LdapConnection connection) => _connection = connection;

    /// <param name="endpoint">host:port</param>
    /// <param name="user">user@realm (or DOMAIN\user)</param>
    public static LdapSession Bind(string endpoint, string user, string password)
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
            return new LdapSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>All entries under baseDn matching filter, following the paged-results control (AD pages at 1 000).</summary>
    public List<SearchResultEntry> Search(string baseDn, string filter, params string[] attributes)
    {
        var entries = new List<SearchResultEntry>();
        var paging = new PageResultRequestControl(1000);
        var request = new SearchRequest(baseDn, filter, SearchScope.Subtree, attributes);
        request.Controls.Add(paging);
        while (true)
        {
            var response = (SearchResponse)_connection.SendRequest(request);
            entries.AddRange(response.Entries.Cast<SearchResultEntry>());
            var page = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault();
            if (page is null || page.Cookie.Length == 0) return entries;
            paging.Cookie = page.Cookie;
        }
    }

    public SearchResultEntry? Base(string dn, params string[] attributes)
    {
        try
        {
            var response = (SearchResponse)_connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attributes));
            return response.Entries.Count > 0 ? response.Entries[0] : null;
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            return null;
        }
    }

    public void Send(DirectoryRequest request) => _connection.SendRequest(request);

    public void Dispose() => _connection.Dispose();

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
