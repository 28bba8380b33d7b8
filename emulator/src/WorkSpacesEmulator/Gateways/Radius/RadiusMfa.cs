using System.Net;
using System.Net.Sockets;
using System.Text;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Gateways.Radius;

public enum RadiusOutcome { Accept, Reject, Timeout }

/// <summary>Sends the MFA code to the directory's RADIUS servers as an Access-Request: each server in turn, each
/// tried RadiusRetries + 1 times, waiting RadiusTimeout seconds for an answer signed with the shared secret.</summary>
public sealed class RadiusMfa(SecretProtector secrets, ILogger<RadiusMfa> log)
{
    private int _identifier;

    public async Task<RadiusOutcome> VerifyAsync(RadiusConfig config, string userName, string code, CancellationToken ct)
    {
        var secret = Encoding.UTF8.GetBytes(secrets.Unprotect(config.SharedSecret));
        foreach (var server in config.RadiusServers)
        {
            if (!IPAddress.TryParse(server, out var address))
            {
                try { address = (await Dns.GetHostAddressesAsync(server, AddressFamily.InterNetwork, ct)).FirstOrDefault(); }
                catch (SocketException) { address = null; }
                if (address is null) { log.LogWarning("RADIUS server {Server} does not resolve", server); continue; }
            }
            var endpoint = new IPEndPoint(address, config.RadiusPort);
            for (var attempt = 0; attempt <= Math.Max(0, config.RadiusRetries); attempt++)
            {
                var answer = await SendOnceAsync(endpoint, config.AuthenticationProtocol, userName, code, secret, TimeSpan.FromSeconds(Math.Max(1, config.RadiusTimeout)), ct);
                if (answer is { } a)
                {
                    log.LogInformation("RADIUS {Server}:{Port} {Protocol} for {User}: {Answer}", server, config.RadiusPort, config.AuthenticationProtocol, userName,
                        a == RadiusPacket.AccessAccept ? "Accept" : a == RadiusPacket.AccessReject ? "Reject" : $"code {a}");
                    return a == RadiusPacket.AccessAccept ? RadiusOutcome.Accept : RadiusOutcome.Reject;
                }
            }
            log.LogInformation("RADIUS {Server}:{Port} did not answer ({Tries} tries)", server, config.RadiusPort, config.RadiusRetries + 1);
        }
        return RadiusOutcome.Timeout;
    }

    /// <summary>Whether any configured server answers at all (EnableRadius/UpdateRadius probe): an Access-Request
    /// for a probe user; Accept or Reject both prove a server that shares the secret.</summary>
    public async Task<bool> ProbeAsync(RadiusConfig config, CancellationToken ct) =>
        await VerifyAsync(config, "workspaces-emulator-probe", "000000", ct) != RadiusOutcome.Timeout;

    private async Task<byte?> SendOnceAsync(IPEndPoint endpoint, string protocol, string userName, string password, byte[] secret, TimeSpan timeout, CancellationToken ct)
    {
        var identifier = (byte)Interlocked.Increment(ref _identifier);
        var (packet, authenticator) = RadiusPacket.AccessRequestFor(identifier, protocol, userName, password, secret);
        using var udp = new UdpClient(endpoint.AddressFamily);
        udp.Connect(endpoint);
        await udp.SendAsync(packet, ct);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var received = await udp.ReceiveAsync(wait.Token);
                // Anything not signed with the secret for this request is ignored (RFC 2865 §3).
                if (RadiusPacket.VerifyResponse(received.Buffer, identifier, authenticator, secret) is { } code) return code;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return null; }
        catch (SocketException) { return null; } // ICMP port unreachable
    }
}
