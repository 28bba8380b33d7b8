using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Gateways;

public sealed class AuthenticationGatewayTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Register_answers_the_directory_of_a_code_and_404_for_an_unknown_code()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        var body = (await gw.Register(gw.RegistrationCode)).Ok();
        body["DirectoryId"].S().Should().Be(gw.DirectoryId);
        body["Region"].S().Should().Be("us-east-1");
        body["DirectoryName"].S().Should().Be("corp.example.com");
        body["MfaRequired"]!.GetValue<bool>().Should().BeFalse();
        body.AsObject().ContainsKey("Branding").Should().BeFalse(); // none imported

        (await gw.Register("SLiad+NOSUCH")).ShouldBeError(404, "InvalidRegistrationCode");
        (await gw.Register("")).ShouldBeError(404, "InvalidRegistrationCode");
    }

    [Fact]
    public async Task Register_carries_the_web_client_branding()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        (await gw.Bed.Call("ImportClientBranding", new
        {
            ResourceId = gw.DirectoryId,
            DeviceTypeWeb = new { SupportEmail = "help@corp.example.com", LoginMessage = new Dictionary<string, string> { ["en_US"] = "Welcome to Corp" } },
        })).Ok();
        var branding = (await gw.Register(gw.RegistrationCode)).Ok()["Branding"]!;
        branding["SupportEmail"].S().Should().Be("help@corp.example.com");
        branding["LoginMessage"]!["en_US"].S().Should().Be("Welcome to Corp");
    }

    [Fact]
    public async Task Sign_in_gives_a_session_of_the_users_workspace_that_can_be_read_and_ended()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        var ws = await gw.AvailableWorkspaceAsync("jdoe");

        var body = (await gw.Authenticate("CORP\\jdoe")).Ok();
        body["WorkspaceId"].S().Should().Be(ws);
        body["State"].S().Should().Be("AVAILABLE");
        var token = body["SessionToken"].S();
        token.Should().HaveLength(43);
        var expires = body["ExpiresAt"]!.GetValue<long>();
        expires.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(12).ToUnixTimeSeconds(), 60);

        var session = (await gw.Session(token)).Ok();
        session["WorkspaceId"].S().Should().Be(ws);
        session["UserName"].S().Should().Be("jdoe");
        session["State"].S().Should().Be("AVAILABLE");
        session["ConnectionState"].S().Should().Be("DISCONNECTED");

        (await gw.SignOut(token)).Status.Should().Be(204);
        (await gw.Session(token)).ShouldBeError(401, "InvalidSessionToken");
        (await gw.SignOut(token)).ShouldBeError(401, "InvalidSessionToken");
        (await gw.Session(null)).ShouldBeError(401, "InvalidSessionToken");
        (await gw.Session("not-a-token")).ShouldBeError(401, "InvalidSessionToken");
    }

    [Fact]
    public async Task A_token_is_bound_to_the_address_it_was_issued_to()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        await gw.AvailableWorkspaceAsync("jdoe");
        var token = await gw.SignIn("jdoe", peer: "198.51.100.7");
        (await gw.Session(token, peer: "198.51.100.7")).Ok();
        (await gw.Session(token, peer: "198.51.100.8")).ShouldBeError(401, "InvalidSessionToken");
    }

    [Fact]
    public async Task Wrong_password_unknown_and_disabled_users_are_InvalidCredentials()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe", "off");
        await gw.AvailableWorkspaceAsync("jdoe");
        (await gw.Authenticate("jdoe", "wrong")).ShouldBeError(401, "InvalidCredentials");
        (await gw.Authenticate("nobody")).ShouldBeError(401, "InvalidCredentials");
        gw.Bed.Store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers).Update(gw.Bed.Scope, DirectoryUserRecord.KeyFor(gw.DirectoryId, "off"),
            u => u with { Enabled = false });
        (await gw.Authenticate("off")).ShouldBeError(401, "InvalidCredentials");
        (await gw.Send(HttpMethod.Post, "/client/v1/authenticate", new { gw.RegistrationCode, UserName = "jdoe" })).ShouldBeError(400, "InvalidParameter");
        (await gw.Authenticate("jdoe", device: "TOASTER")).ShouldBeError(400, "InvalidParameter");
    }

    [Fact]
    public async Task A_user_without_a_workspace_is_NoWorkspace()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe", "lonely");
        await gw.AvailableWorkspaceAsync("jdoe");
        (await gw.Authenticate("lonely")).ShouldBeError(404, "NoWorkspace");
    }

    [Fact]
    public async Task Device_types_follow_the_directorys_access_properties()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        await gw.AvailableWorkspaceAsync("jdoe");
        (await gw.Authenticate("jdoe", device: "DeviceTypeWindows")).Ok();
        (await gw.Bed.Call("ModifyWorkspaceAccessProperties", new
        {
            ResourceId = gw.DirectoryId, WorkspaceAccessProperties = new { DeviceTypeWeb = "DENY", DeviceTypeLinux = "DENY" },
        })).Ok();
        (await gw.Authenticate("jdoe")).ShouldBeError(403, "AccessDenied.DeviceType"); // WEB is the default
        (await gw.Authenticate("jdoe", device: "LINUX")).ShouldBeError(403, "AccessDenied.DeviceType");
        (await gw.Authenticate("jdoe", device: "WINDOWS")).Ok();
        // AWS's defaults for a new registration: web access and thin clients are denied.
        var fresh = new GatewayBed(factory);
        var dir = await fresh.Bed.RegisteredDirectory("jdoe");
        var code = (await fresh.Bed.DescribeDirectory(dir))!["RegistrationCode"].S();
        var answer = await fresh.Send(HttpMethod.Post, "/client/v1/authenticate", new { RegistrationCode = code, UserName = "jdoe", Password = "x", DeviceType = "WEB" });
        answer.ShouldBeError(403, "AccessDenied.DeviceType");
    }

    [Fact]
    public async Task IP_access_control_groups_are_checked_against_the_TCP_peer_not_a_forwarded_header()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        await gw.AvailableWorkspaceAsync("jdoe");
        (await gw.Authenticate("jdoe")).Ok(); // no group: every address may connect
        var group = (await gw.Bed.Call("CreateIpGroup", new { GroupName = "office", UserRules = new[] { new { ipRule = "10.0.0.0/8" }, new { ipRule = "192.0.2.44" } } }))
            .Ok()["GroupId"].S();
        (await gw.Bed.Call("AssociateIpGroups", new { DirectoryId = gw.DirectoryId, GroupIds = new[] { group } })).Ok();

        (await gw.Authenticate("jdoe")).ShouldBeError(403, "AccessDenied.IpAddress");
        (await gw.Authenticate("jdoe", peer: "10.20.30.40")).Ok();
        (await gw.Authenticate("jdoe", peer: "192.0.2.44")).Ok();
        (await gw.Authenticate("jdoe", peer: "192.0.2.45")).ShouldBeError(403, "AccessDenied.IpAddress");
        // The peer is no trusted proxy, so its X-Forwarded-For is not believed.
        (await gw.Authenticate("jdoe", forwardedFor: "10.1.1.1")).ShouldBeError(403, "AccessDenied.IpAddress");
        // The check comes before the password is looked at.
        (await gw.Authenticate("jdoe", "wrong")).ShouldBeError(403, "AccessDenied.IpAddress");
    }

    [Fact]
    public async Task Workspaces_nobody_can_connect_to_are_WorkspaceUnavailable()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe", "manual");
        var ws = await gw.AvailableWorkspaceAsync("jdoe");
        (await gw.Bed.Call("ModifyWorkspaceState", new { WorkspaceId = ws, WorkspaceState = "ADMIN_MAINTENANCE" })).Ok();
        (await gw.Authenticate("jdoe")).ShouldBeError(409, "WorkspaceUnavailable");

        var manual = await gw.AvailableWorkspaceAsync("manual", new { RunningMode = "MANUAL" });
        (await gw.Bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = manual } } })).Ok();
        await gw.Bed.WaitForState(manual, "STOPPED");
        (await gw.Authenticate("manual")).ShouldBeError(409, "WorkspaceUnavailable");

        (await gw.Bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = manual } } })).Ok();
        var answer = await gw.Authenticate("manual");
        answer.Status.Should().BeOneOf([409, 404], answer.Body); // TERMINATING, then gone
    }

    [Fact]
    public async Task Signing_in_to_a_stopped_AutoStop_workspace_starts_it()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        var ws = await gw.AvailableWorkspaceAsync("jdoe", new { RunningMode = "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes = 60 });
        (await gw.Bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        await gw.Bed.WaitForState(ws, "STOPPED");

        var body = (await gw.Authenticate("jdoe")).Ok();
        body["State"].S().Should().Be("STARTING");
        body["WorkspaceId"].S().Should().Be(ws);
        await gw.Bed.WaitForState(ws, "AVAILABLE");
        (await gw.Session(body["SessionToken"].S())).Ok()["State"].S().Should().Be("AVAILABLE");
    }

    [Fact]
    public async Task Stopping_or_rebooting_a_workspace_ends_its_sessions()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        var ws = await gw.AvailableWorkspaceAsync("jdoe", new { RunningMode = "AUTO_STOP" });
        var token = await gw.SignIn("jdoe");
        (await gw.Bed.Call("RebootWorkspaces", new { RebootWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        await Eventually.WaitAsync(async () => (await gw.Session(token)).Status, s => s == 401, "session ended by the reboot");
        await gw.Bed.WaitForState(ws, "AVAILABLE");
        var second = await gw.SignIn("jdoe");
        (await gw.Session(second)).Ok();
    }
}

public sealed class TrustedProxyGatewayTests : IClassFixture<TrustedProxyGatewayTests.Factory>
{
    public sealed class Factory : GatewayFactory
    {
        public Factory() => Settings["EMULATOR_TRUSTED_PROXIES"] = "203.0.113.0/24";
    }

    private readonly Factory _factory;
    public TrustedProxyGatewayTests(Factory factory) => _factory = factory;

    [Fact]
    public async Task A_trusted_proxys_forwarded_header_names_the_client()
    {
        var gw = await new GatewayBed(_factory).WithDirectoryAsync("jdoe");
        await gw.AvailableWorkspaceAsync("jdoe");
        var group = (await gw.Bed.Call("CreateIpGroup", new { GroupName = "office", UserRules = new[] { new { ipRule = "10.0.0.0/8" } } })).Ok()["GroupId"].S();
        (await gw.Bed.Call("AssociateIpGroups", new { DirectoryId = gw.DirectoryId, GroupIds = new[] { group } })).Ok();

        (await gw.Authenticate("jdoe", forwardedFor: "10.1.1.1")).Ok();                        // peer 203.0.113.10 is trusted
        (await gw.Authenticate("jdoe", forwardedFor: "10.1.1.1, 198.51.100.1")).ShouldBeError(403, "AccessDenied.IpAddress"); // nearest untrusted hop
        (await gw.Authenticate("jdoe", forwardedFor: "10.1.1.1", peer: "198.51.100.9")).ShouldBeError(403, "AccessDenied.IpAddress"); // untrusted peer
        var token = (await gw.Authenticate("jdoe", forwardedFor: "10.1.1.1")).Ok()["SessionToken"].S();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/client/v1/session");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.1.1.2");
        ((int)(await gw.Http.SendAsync(request)).StatusCode).Should().Be(401); // bound to 10.1.1.1
    }
}
