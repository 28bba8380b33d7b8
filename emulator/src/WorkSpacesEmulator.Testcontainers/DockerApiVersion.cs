using System.Net.Sockets;
using System.Text.Json;

namespace WorkSpacesEmulator.Testcontainers;

/// <summary>Testcontainers 4.x speaks Docker API 1.44; older engines (Debian 12's Docker 20.10 speaks 1.41) answer
/// "client version 1.44 is too new". Testcontainers honours DOCKER_API_VERSION, so when it is unset this asks the
/// engine for its version (GET /version on the socket) and sets it to the engine's when that is older.</summary>
internal static class DockerApiVersion
{
    private static readonly Version TestcontainersApi = new(1, 44);
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void EnsureCompatible(string socketPath)
    {
        lock (Gate)
        {
            if (_done) return;
            _done = true;
            if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is { Length: > 0 } || !File.Exists(socketPath)) return;
            if (EngineApiVersion(socketPath) is { } engine && engine < TestcontainersApi)
                Environment.SetEnvironmentVariable("DOCKER_API_VERSION", engine.ToString(2));
        }
    }

    private static Version? EngineApiVersion(string socketPath)
    {
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            }) { Timeout = TimeSpan.FromSeconds(5) };
            // Unversioned path: every engine answers it.
            using var doc = JsonDocument.Parse(http.GetStringAsync("http://docker/version").GetAwaiter().GetResult());
            return Version.TryParse(doc.RootElement.GetProperty("ApiVersion").GetString(), out var v) ? v : null;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or JsonException or TaskCanceledException or KeyNotFoundException)
        {
            return null; // Testcontainers then reports the engine problem itself.
        }
    }
}
