using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;
using WorkSpacesEmulator.Tests.WorkSpaces;

namespace WorkSpacesEmulator.Tests.Gateways;

/// <summary>The in-process emulator, where each request's TCP peer address is the test's choice (the X-Test-Peer
/// header, default 203.0.113.10): the test server has no sockets, so this stands in for the connection.</summary>
public class GatewayFactory : EmulatorFactory
{
    public const string DefaultPeer = "203.0.113.10";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerAddressFilter>());
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers["X-Test-Peer"].FirstOrDefault() ?? DefaultPeer);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>One account's directory, user with a password and WorkSpace, plus the client API calls.</summary>
public sealed class GatewayBed(GatewayFactory factory)
{
    public const string Password = "Passw0rd!user";

    public WorkSpacesTestBed Bed { get; } = new(factory);
    public HttpClient Http { get; } = factory.CreateClient();

    public string DirectoryId { get; private set; } = "";
    public string RegistrationCode { get; private set; } = "";

    /// <summary>A registered directory whose users (password <see cref="Password"/>) may use any device.</summary>
    public async Task<GatewayBed> WithDirectoryAsync(params string[] users) => await UseDirectoryAsync(await Bed.RegisteredDirectory(users), users);

    /// <summary>Uses an already registered directory whose users get <see cref="Password"/>.</summary>
    public async Task<GatewayBed> UseDirectoryAsync(string directoryId, params string[] users)
    {
        DirectoryId = directoryId;
        foreach (var user in users) SetPassword(user, Password);
        RegistrationCode = (await Bed.DescribeDirectory(DirectoryId))!["RegistrationCode"]!.GetValue<string>();
        (await Bed.Call("ModifyWorkspaceAccessProperties", new { ResourceId = DirectoryId, WorkspaceAccessProperties = new { DeviceTypeWeb = "ALLOW" } })).Ok();
        return this;
    }

    public void SetPassword(string user, string password) =>
        Bed.Store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers).Update(Bed.Scope, DirectoryUserRecord.KeyFor(DirectoryId, user),
            u => u with { PasswordHash = PasswordHasher.Hash(password) });

    public async Task<string> AvailableWorkspaceAsync(string user, object? properties = null)
    {
        var id = await Bed.CreateWorkspace(DirectoryId, user, properties: properties);
        await Bed.WaitForState(id, "AVAILABLE");
        return id;
    }

    public Task<WireResponse> Register(string code, string? peer = null) => Send(HttpMethod.Post, "/client/v1/register", new { RegistrationCode = code }, peer: peer);

    public Task<WireResponse> Authenticate(string user, string password = Password, string? device = null, string? mfa = null, string? peer = null,
        string? forwardedFor = null) =>
        Send(HttpMethod.Post, "/client/v1/authenticate", new { RegistrationCode, UserName = user, Password = password, MfaCode = mfa, DeviceType = device },
            peer: peer, forwardedFor: forwardedFor);

    public async Task<string> SignIn(string user, string? peer = null) => (await Authenticate(user, peer: peer)).Ok()["SessionToken"]!.GetValue<string>();

    public Task<WireResponse> Session(string? token, string? peer = null) => Send(HttpMethod.Get, "/client/v1/session", null, token, peer);

    public Task<WireResponse> SignOut(string token) => Send(HttpMethod.Delete, "/client/v1/session", null, token);

    public async Task<WireResponse> Send(HttpMethod method, string path, object? body, string? token = null, string? peer = null, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: new System.Text.Json.JsonSerializerOptions());
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        if (peer is not null) request.Headers.TryAddWithoutValidation("X-Test-Peer", peer);
        if (forwardedFor is not null) request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new WireResponse((int)response.StatusCode, response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase), text);
    }
}

public static class ClientApiAssertions
{
    public static void ShouldBeError(this WireResponse response, int status, string code)
    {
        response.Status.Should().Be(status, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(code, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    public static string S(this JsonNode? node) => node!.GetValue<string>();
}

/// <summary>Reading and writing the text console over a client stream.</summary>
public static class StreamText
{
    public static async Task<string> ReadUntil(System.Net.WebSockets.WebSocket socket, string expected)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!text.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var r = await socket.ReceiveAsync(buffer, timeout.Token);
            if (r.MessageType == System.Net.WebSockets.WebSocketMessageType.Close) throw new Xunit.Sdk.XunitException($"closed before '{expected}'; got: {text}");
            text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, r.Count));
        }
        return text.ToString();
    }

    public static Task Send(System.Net.WebSockets.WebSocket socket, string line) =>
        socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(line + "\n"), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
}
