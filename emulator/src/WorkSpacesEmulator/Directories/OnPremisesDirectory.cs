using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace WorkSpacesEmulator.Directories;

/// <summary>Finding a domain the emulator does not run (AD Connector's on-premises directory, a trust's remote
/// domain) the way a domain member does: the SRV record <c>_ldap._tcp.&lt;domain&gt;</c> asked of the given DNS
/// servers (DnsClient), the DC's address from the same servers, then LDAP at that address.</summary>
public static class OnPremisesDirectory
{
    public static readonly TimeSpan DnsTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The LDAP endpoint (ip:port) of a DC of the domain, or the AWS-style reason none was found.</summary>
    public static async Task<(string? Endpoint, string? Failure)> LocateAsync(string domain, IReadOnlyList<string> dnsIps, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var dnsIp in dnsIps)
        {
            if (!IPAddress.TryParse(dnsIp, out var address)) { failures.Add($"DNS unavailable (TCP port 53) for IP: {dnsIp}"); continue; }
            var client = new LookupClient(new LookupClientOptions(new NameServer(address, 53))
            {
                Timeout = DnsTimeout, Retries = 1, UseCache = false, UseTcpFallback = true, ThrowDnsErrors = false,
            });
            try
            {
                var srv = await client.QueryAsync($"_ldap._tcp.{domain}", QueryType.SRV, cancellationToken: ct);
                var record = srv.Answers.SrvRecords().OrderBy(r => r.Priority).ThenByDescending(r => r.Weight).FirstOrDefault();
                if (record is null) { failures.Add($"DNS name _ldap._tcp.{domain} could not be resolved by the DNS server at IP: {dnsIp}"); continue; }
                var target = record.Target.Value.TrimEnd('.');
                var ip = srv.Additionals.ARecords().FirstOrDefault(a => a.DomainName.Value.TrimEnd('.').Equals(target, StringComparison.OrdinalIgnoreCase))?.Address
                    ?? (await client.QueryAsync(target, QueryType.A, cancellationToken: ct)).Answers.ARecords().FirstOrDefault()?.Address;
                if (ip is null) { failures.Add($"DNS name {target} could not be resolved by the DNS server at IP: {dnsIp}"); continue; }
                return ($"{ip}:{record.Port}", null);
            }
            catch (DnsResponseException)
            {
                failures.Add($"DNS unavailable (TCP port 53) for IP: {dnsIp}");
            }
        }
        return (null, "Connectivity issues detected: " + string.Join("; ", failures));
    }

    /// <summary>Locates the domain and binds as user@domain: null when both work, else AWS's StageReason.</summary>
    public static async Task<(string? Endpoint, string? Failure)> ConnectAsync(string domain, IReadOnlyList<string> dnsIps, string user, string password, CancellationToken ct)
    {
        var (endpoint, failure) = await LocateAsync(domain, dnsIps, ct);
        if (endpoint is null) return (null, failure);
        return LdapAuthenticator.Bind(endpoint, StoredHashAuthenticator.SamAccountNameOf(user) + "@" + domain, password) switch
        {
            null => (endpoint, null),
            (DirectoryAuthOutcome.DirectoryUnavailable, _) => (null, $"Connectivity issues detected: LDAP unavailable (TCP port {endpoint[(endpoint.LastIndexOf(':') + 1)..]}) for IP: {endpoint[..endpoint.LastIndexOf(':')]}"),
            _ => (null, $"Invalid credentials: the service account {user} could not authenticate to {domain}"),
        };
    }

    /// <summary>Whether `domain` answers: a DC found through the DNS servers whose rootDSE (readable without
    /// credentials) names that domain. Null when it does, else why not.</summary>
    public static async Task<string?> AnswersAsync(string domain, IReadOnlyList<string> dnsIps, CancellationToken ct)
    {
        var (endpoint, failure) = await LocateAsync(domain, dnsIps, ct);
        if (endpoint is null) return failure;
        var colon = endpoint.LastIndexOf(':');
        try
        {
            using var connection = new System.DirectoryServices.Protocols.LdapConnection(
                new System.DirectoryServices.Protocols.LdapDirectoryIdentifier(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            {
                AuthType = System.DirectoryServices.Protocols.AuthType.Anonymous,
                Timeout = LdapSession.Timeout,
            };
            connection.SessionOptions.ProtocolVersion = 3;
            var response = (System.DirectoryServices.Protocols.SearchResponse)connection.SendRequest(new System.DirectoryServices.Protocols.SearchRequest(
                "", "(objectClass=*)", System.DirectoryServices.Protocols.SearchScope.Base, "defaultNamingContext"));
            var context = response.Entries.Count > 0 ? LdapSession.Text(response.Entries[0], "defaultNamingContext") : null;
            var expected = Services.DirectoryService.DirectoryUsers.DomainDn(domain);
            return string.Equals(context, expected, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"The domain controller at {endpoint} serves {context ?? "no domain"}, not {domain}";
        }
        catch (System.DirectoryServices.Protocols.LdapException e)
        {
            return $"Connectivity issues detected: LDAP unavailable (TCP port {endpoint[(colon + 1)..]}) for IP: {endpoint[..colon]} ({e.Message})";
        }
    }
}
