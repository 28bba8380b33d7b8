using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace WorkSpacesEmulator.Desktops;

/// <summary>Desktops without Docker: in-process, but each running desktop has real loopback TCP listeners
/// standing in for its streaming ports (4172 PCOIP, 4195 WSP) that send a banner and then answer a small
/// line-based console (<see cref="SimulatedConsole"/>).</summary>
public sealed class SimulatedDesktopRuntime(ILogger<SimulatedDesktopRuntime> log, string reason = "configured") : IDesktopRuntime, IDisposable
{
    private readonly ConcurrentDictionary<string, Desktop> _desktops = new(StringComparer.Ordinal);

    public string Name => "simulated";
    public string Reason { get; } = reason;

    public Task<DesktopStatus> StartAsync(DesktopSpec spec, CancellationToken cancellationToken)
    {
        var desktop = _desktops.GetOrAdd(spec.WorkspaceId, _ => new Desktop(spec, log));
        desktop.Start();
        return Task.FromResult(desktop.Status());
    }

    public Task StopAsync(string workspaceId, CancellationToken cancellationToken)
    {
        if (_desktops.TryGetValue(workspaceId, out var desktop)) desktop.Stop();
        return Task.CompletedTask;
    }

    public Task<DesktopStatus> RebootAsync(DesktopSpec spec, CancellationToken cancellationToken)
    {
        var desktop = _desktops.GetOrAdd(spec.WorkspaceId, _ => new Desktop(spec, log));
        desktop.Stop();
        desktop.Start();
        return Task.FromResult(desktop.Status());
    }

    public Task<DesktopStatus> RebuildAsync(DesktopSpec spec, CancellationToken cancellationToken) => RebootAsync(spec, cancellationToken);

    public Task RemoveAsync(string workspaceId, CancellationToken cancellationToken)
    {
        if (_desktops.TryRemove(workspaceId, out var desktop)) desktop.Stop();
        return Task.CompletedTask;
    }

    public Task<DesktopStatus?> GetAsync(string workspaceId, CancellationToken cancellationToken) =>
        Task.FromResult(_desktops.TryGetValue(workspaceId, out var desktop) ? desktop.Status() : null);

    /// <summary>Simulated desktops are loopback listeners on the host: there is no eth1 to filter.</summary>
    public Task<string?> ApplyIngressAsync(string workspaceId, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken) =>
        Task.FromResult<string?>("security groups are not enforced on simulated desktops");

    public Task<DesktopStatus?> UpdateResourcesAsync(DesktopSpec spec, CancellationToken cancellationToken) =>
        GetAsync(spec.WorkspaceId, cancellationToken);

    // Simulated desktops keep no user files, so there is nothing to copy; a snapshot "exists" while the desktop does.
    public Task<bool> SnapshotAsync(string workspaceId, CancellationToken cancellationToken) =>
        Task.FromResult(_desktops.ContainsKey(workspaceId));

    public Task<DesktopStatus> RestoreAsync(DesktopSpec spec, CancellationToken cancellationToken) => RebootAsync(spec, cancellationToken);

    // In-process desktops die with the process: there is never anything to adopt or clean up.
    public Task<IReadOnlyList<ManagedDesktop>> ListManagedAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ManagedDesktop>>([.. _desktops.Values.Select(d => d.Managed())]);

    public Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlySet<string> liveWorkspaceIds, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        foreach (var id in _desktops.Keys.Where(id => !liveWorkspaceIds.Contains(id)).ToList())
        {
            if (_desktops.TryRemove(id, out var desktop))
            {
                desktop.Stop();
                removed.Add("sim-" + id);
            }
        }
        return Task.FromResult<IReadOnlyList<string>>(removed);
    }

    public void Dispose()
    {
        foreach (var desktop in _desktops.Values) desktop.Stop();
        _desktops.Clear();
    }

    private sealed class Desktop(DesktopSpec spec, ILogger log)
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, TcpListener> _listeners = new(StringComparer.Ordinal);
        private readonly string _runtimeId = "sim-" + spec.WorkspaceId;

        /// <summary>The user's files: they survive stop/start/reboot like a user volume, and go with the desktop.</summary>
        private readonly ConcurrentDictionary<string, string> _home = new(StringComparer.Ordinal);

        /// <summary>Open connections: a stopped desktop drops them, as a stopped machine would.</summary>
        private readonly ConcurrentDictionary<TcpClient, byte> _clients = new();

        public void Start()
        {
            lock (_gate)
            {
                if (_listeners.Count > 0) return;
                foreach (var protocol in spec.StreamingProtocols)
                {
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    _listeners[protocol] = listener;
                    _ = AcceptLoopAsync(listener, protocol);
                }
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                foreach (var listener in _listeners.Values) listener.Stop();
                _listeners.Clear();
                foreach (var client in _clients.Keys) client.Dispose();
                _clients.Clear();
            }
        }

        public ManagedDesktop Managed()
        {
            lock (_gate) return new ManagedDesktop(spec.WorkspaceId, spec.Account, spec.Region, _runtimeId, _listeners.Count > 0, []);
        }

        public DesktopStatus Status()
        {
            lock (_gate)
            {
                var endpoints = _listeners.ToDictionary(
                    kv => kv.Key,
                    kv => "127.0.0.1:" + ((IPEndPoint)kv.Value.LocalEndpoint).Port,
                    StringComparer.Ordinal);
                return new DesktopStatus(spec.WorkspaceId, "simulated", _runtimeId, endpoints.Count > 0, endpoints.Count > 0, endpoints);
            }
        }

        private async Task AcceptLoopAsync(TcpListener listener, string protocol)
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync();
                    _ = ServeAsync(client, protocol);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                log.LogDebug("Simulated {Protocol} listener of {WorkspaceId} closed", protocol, spec.WorkspaceId);
            }
        }

        private const long MaxBulk = 1L << 32;
        private static readonly byte[] BulkChunk = Enumerable.Range(0, 64 * 1024).Select(i => (byte)i).ToArray();

        /// <summary><c>STREAM n</c> (any time): the desktop sends n bytes as fast as the socket takes them, a stand-in for
        /// a display stream, so the streaming gateway's own throughput can be measured (tools/Benchmarks -- --gateway).</summary>
        private static long? BulkLength(string line) =>
            line.StartsWith("STREAM ", StringComparison.Ordinal)
            && long.TryParse(line.AsSpan(7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n is > 0 and <= MaxBulk ? n : null;

        private static async Task WriteBulkAsync(NetworkStream stream, long bytes)
        {
            for (var left = bytes; left > 0; left -= BulkChunk.Length)
                await stream.WriteAsync(BulkChunk.AsMemory(0, (int)Math.Min(left, BulkChunk.Length)));
        }

        private async Task ServeAsync(TcpClient client, string protocol)
        {
            using var connection = client;
            _clients[client] = 0;
            var console = new SimulatedConsole(spec, _home);
            try
            {
                var stream = client.GetStream();
                await stream.WriteAsync(SimulatedConsole.Bytes($"WORKSPACES-EMULATOR {protocol} {spec.WorkspaceId}\r\n"));
                using var reader = new StreamReader(stream, Encoding.UTF8, false, 4096, leaveOpen: true);
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (BulkLength(line) is { } bulk)
                    {
                        await WriteBulkAsync(stream, bulk);
                        continue;
                    }
                    var answer = console.Answer(line);
                    if (answer is null)
                    {
                        await stream.WriteAsync(SimulatedConsole.Bytes("BYE\r\n"));
                        return;
                    }
                    if (answer.Length > 0) await stream.WriteAsync(SimulatedConsole.Bytes(answer));
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { }
            finally { _clients.TryRemove(client, out _); }
        }
    }
}
