using System.Net;
using System.Net.Sockets;
using System.Text;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Gateways;

/// <summary>A minimal SMTP server on 127.0.0.1 that accepts every message and keeps what it received.</summary>
public sealed class SmtpSink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly StringBuilder _received = new();

    public SmtpSink()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Received { get { lock (_received) return _received.ToString(); } }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII);
                async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
                await Say("220 sink ESMTP");
                var data = false;
                while (await reader.ReadLineAsync() is { } line)
                {
                    lock (_received) _received.AppendLine(line);
                    if (data) { if (line == ".") { data = false; await Say("250 queued"); } continue; }
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    if (verb is "EHLO" or "HELO") await Say("250 sink");
                    else if (verb == "DATA") { data = true; await Say("354 go ahead"); }
                    else if (verb == "QUIT") { await Say("221 bye"); break; }
                    else await Say("250 ok");
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException) { }
    }

    public void Dispose() => _listener.Stop();
}

public sealed class InvitationTests : IClassFixture<InvitationTests.Factory>
{
    public sealed class Factory : GatewayFactory
    {
        public SmtpSink Smtp { get; } = new();
        public Factory() => Settings["EMULATOR_SMTP_URL"] = $"smtp://127.0.0.1:{Smtp.Port}";
        public override async ValueTask DisposeAsync() { Smtp.Dispose(); await base.DisposeAsync(); }
    }

    private readonly Factory _factory;
    public InvitationTests(Factory factory) => _factory = factory;

    [Fact]
    public async Task An_available_workspace_sends_its_user_an_invitation_recorded_in_the_outbox()
    {
        var gw = await new GatewayBed(_factory).WithDirectoryAsync("jdoe");
        gw.Bed.SeedUser(gw.DirectoryId, "newbie"); // no password yet
        gw.Bed.SeedUser(gw.DirectoryId, "nomail"); // no email address: no invitation
        foreach (var user in new[] { "jdoe", "newbie" })
            gw.Bed.Store.Table<WorkSpacesEmulator.Services.DirectoryService.DirectoryUserRecord>(WorkSpacesEmulator.Storage.ResourceKinds.DirectoryUsers)
                .Update(gw.Bed.Scope, WorkSpacesEmulator.Services.DirectoryService.DirectoryUserRecord.KeyFor(gw.DirectoryId, user), u => u with { EmailAddress = user + "@corp.example.com" });
        var ws = await gw.AvailableWorkspaceAsync("jdoe");
        var ws2 = await gw.AvailableWorkspaceAsync("newbie");
        var ws3 = await gw.AvailableWorkspaceAsync("nomail");

        var outbox = await Eventually.WaitAsync(async () => new System.Text.Json.Nodes.JsonArray((await gw.Send(HttpMethod.Get, "/_emulator/outbox", null)).Ok()["Messages"]!.AsArray()
            .Where(m => m!["Id"].S() == ws || m!["Id"].S() == ws2).Select(m => m!.DeepClone()).ToArray()),
            l => l.Count == 2 && l.All(m => m!["SmtpStatus"].S() == "Sent"), "two invitations sent");
        var messages = outbox.ToList();
        var jdoe = messages.Single(m => m!["Id"].S() == ws)!;
        jdoe["To"].S().Should().Be("jdoe@corp.example.com");
        jdoe["RegistrationCode"].S().Should().Be(gw.RegistrationCode);
        jdoe["WebClientLink"].S().Should().EndWith("/client/?registrationCode=" + Uri.EscapeDataString(gw.RegistrationCode));
        jdoe["PasswordSetupNeeded"]!.GetValue<bool>().Should().BeFalse();
        jdoe["Body"].S().Should().Contain(gw.RegistrationCode);
        messages.Single(m => m!["Id"].S() == ws2)!["PasswordSetupNeeded"]!.GetValue<bool>().Should().BeTrue();

        (await gw.Send(HttpMethod.Get, "/_emulator/outbox", null)).Ok()["Messages"]!.AsArray().Should().NotContain(m => m!["Id"].S() == ws3);
        _factory.Smtp.Received.Should().Contain("RCPT TO:<jdoe@corp.example.com>").And.Contain("Subject: Your Amazon WorkSpace").And.Contain(gw.RegistrationCode);
    }
}
