namespace WorkSpacesEmulator.Tests.Gateways;

public sealed class ResetSignsOutTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Resetting_the_emulator_signs_everyone_out()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        await gw.AvailableWorkspaceAsync("jdoe");
        var token = await gw.SignIn("jdoe");
        (await gw.Session(token)).Ok();
        (await gw.Send(HttpMethod.Post, "/_emulator/reset", null)).Ok();
        (await gw.Session(token)).ShouldBeError(401, "InvalidSessionToken");
        (await gw.Register(gw.RegistrationCode)).ShouldBeError(404, "InvalidRegistrationCode");
    }
}
