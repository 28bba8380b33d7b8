using System.Text.Json.Nodes;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Gateways;

/// <summary>The invitation of a user without a password links to the web client's password-setup page with a one-time
/// token; the password goes to the directory's user store, and the user then signs in with it.</summary>
public sealed class PasswordSetupTests : IClassFixture<GatewayFactory>
{
    private readonly GatewayFactory _factory;
    public PasswordSetupTests(GatewayFactory factory) => _factory = factory;

    [Fact]
    public async Task A_new_user_sets_the_password_through_the_invitation_link_once_and_then_signs_in()
    {
        var gw = await new GatewayBed(_factory).WithDirectoryAsync("jdoe");
        gw.Bed.SeedUser(gw.DirectoryId, "newbie"); // no password yet
        var users = gw.Bed.Store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers);
        users.Update(gw.Bed.Scope, DirectoryUserRecord.KeyFor(gw.DirectoryId, "newbie"), u => u with { EmailAddress = "newbie@corp.example.com" });
        users.Update(gw.Bed.Scope, DirectoryUserRecord.KeyFor(gw.DirectoryId, "jdoe"), u => u with { EmailAddress = "jdoe@corp.example.com" });
        var ws = await gw.AvailableWorkspaceAsync("newbie");
        var wsWithPassword = await gw.AvailableWorkspaceAsync("jdoe");
        // Before any password: the directory refuses every sign-in.
        (await gw.Authenticate("newbie", "Fresh-Passw0rd")).ShouldBeError(401, "InvalidCredentials");

        var messages = await Eventually.WaitAsync(async () => (await gw.Send(HttpMethod.Get, "/_emulator/outbox", null)).Ok()["Messages"]!.AsArray(),
            m => m.Any(x => x!["Id"].S() == ws) && m.Any(x => x!["Id"].S() == wsWithPassword), "both invitations");
        var invitation = messages.Single(m => m!["Id"].S() == ws)!;
        invitation["PasswordSetupNeeded"]!.GetValue<bool>().Should().BeTrue();
        var link = new Uri(invitation["WebClientLink"].S());
        link.AbsolutePath.Should().Be("/client/");
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        query["registrationCode"].Should().Be(gw.RegistrationCode);
        var token = query["passwordSetup"];
        token.Should().NotBeNullOrEmpty();
        invitation["Body"].S().Should().Contain(link.ToString());
        // A user who has a password gets no token.
        messages.Single(m => m!["Id"].S() == wsWithPassword)!["WebClientLink"].S().Should().NotContain("passwordSetup");

        var described = (await gw.Send(HttpMethod.Get, "/client/v1/password-setup?token=" + Uri.EscapeDataString(token!), null)).Ok();
        described["UserName"].S().Should().Be("newbie");
        described["RegistrationCode"].S().Should().Be(gw.RegistrationCode);
        described["ExpiresAt"]!.GetValue<long>().Should().BeGreaterThan(DateTimeOffset.UtcNow.AddDays(6).ToUnixTimeSeconds());

        // The directory's password policy decides (the record store applies CreateDirectory's complexity rule); a
        // refused password leaves the link usable.
        (await gw.Send(HttpMethod.Post, "/client/v1/password-setup", new { Token = token, Password = "short" })).ShouldBeError(400, "InvalidPassword");
        (await gw.Send(HttpMethod.Post, "/client/v1/password-setup", new { Token = "not-a-token", Password = "Fresh-Passw0rd" })).ShouldBeError(404, "InvalidPasswordSetupToken");
        (await gw.Send(HttpMethod.Post, "/client/v1/password-setup", new { Token = token })).ShouldBeError(400, "InvalidParameter");

        var set = (await gw.Send(HttpMethod.Post, "/client/v1/password-setup", new { Token = token, Password = "Fresh-Passw0rd" })).Ok();
        set["UserName"].S().Should().Be("newbie");
        set["RegistrationCode"].S().Should().Be(gw.RegistrationCode);
        users.Get(gw.Bed.Scope, DirectoryUserRecord.KeyFor(gw.DirectoryId, "newbie"))!.PasswordHash.Should().NotBeNull();

        // One use only.
        (await gw.Send(HttpMethod.Post, "/client/v1/password-setup", new { Token = token, Password = "Other-Passw0rd" })).ShouldBeError(404, "InvalidPasswordSetupToken");
        (await gw.Send(HttpMethod.Get, "/client/v1/password-setup?token=" + Uri.EscapeDataString(token!), null)).ShouldBeError(404, "InvalidPasswordSetupToken");
        (await gw.Send(HttpMethod.Get, "/client/v1/password-setup", null)).ShouldBeError(404, "InvalidPasswordSetupToken");

        // Then the user signs in with it (checked by the directory, as every sign-in).
        (await gw.Authenticate("newbie", "Other-Passw0rd")).ShouldBeError(401, "InvalidCredentials");
        var signedIn = (await gw.Authenticate("newbie", "Fresh-Passw0rd")).Ok();
        signedIn["WorkspaceId"].S().Should().Be(ws);
        var session = (await gw.Session(signedIn["SessionToken"].S())).Ok();
        session["State"].S().Should().Be("AVAILABLE");
        session["StreamType"].S().Should().Be("CONSOLE"); // simulated desktops serve the line console
    }
}
