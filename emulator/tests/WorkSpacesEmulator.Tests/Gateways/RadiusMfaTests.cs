using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Gateways.Radius;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Gateways;

public sealed class RadiusCryptoTests
{
    [Theory]
    [InlineData("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
    [InlineData("abc", "a448017aaf21d8525fc10ae87aa6729d")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536")]
    public void Md4_matches_RFC_1320(string input, string hex) =>
        Convert.ToHexStringLower(Md4.Hash(Encoding.ASCII.GetBytes(input))).Should().Be(hex);

    [Fact]
    public void MsChapV2_matches_RFC_2759_section_9()
    {
        var response = MsChap.V2Response(Convert.FromHexString("5B5D7C7D7B3F2F3E3C2C602132262628"), Convert.FromHexString("21402324255E262A28295F2B3A337C7E"),
            "User", "clientPass");
        Convert.ToHexString(response).Should().Be("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
    }

    [Fact]
    public void Pap_password_hiding_round_trips_per_RFC_2865()
    {
        var secret = Encoding.ASCII.GetBytes("s3");
        var auth = new byte[16];
        var hidden = RadiusPacket.HidePassword(Encoding.ASCII.GetBytes("a-password-longer-than-16"), secret, auth);
        hidden.Should().HaveCount(32);
        // XOR is its own inverse block by block: recompute the first block's pad.
        var pad = System.Security.Cryptography.MD5.HashData([.. secret, .. auth]);
        Encoding.ASCII.GetString(hidden.Take(16).Select((b, i) => (byte)(b ^ pad[i])).ToArray()).Should().Be("a-password-longe");
    }

    [Fact]
    public void Secrets_are_stored_encrypted_and_read_back()
    {
        var protector = new SecretProtector(Options.Create(new EmulatorOptions { DataDir = ":memory:" }));
        var stored = protector.Protect("s3cret");
        stored.Should().StartWith("enc:v1:").And.NotContain("s3cret");
        protector.Unprotect(stored).Should().Be("s3cret");
        protector.Unprotect("legacy-clear").Should().Be("legacy-clear");
    }
}

public sealed class RadiusMfaTests(FreeRadiusServer server) : IClassFixture<FreeRadiusServer>
{
    private static readonly SecretProtector Protector = new(Options.Create(new EmulatorOptions { DataDir = ":memory:" }));
    private readonly RadiusMfa _radius = new(Protector, NullLogger<RadiusMfa>.Instance);

    private RadiusConfig Config(string protocol, int? port = null) =>
        new(["127.0.0.1"], port ?? server.Port, 1, 1, Protector.Protect(FreeRadiusServer.Secret), protocol, "MFA", true);

    [SkippableTheory]
    [InlineData("PAP")]
    [InlineData("CHAP")]
    [InlineData("MS-CHAPv1")]
    [InlineData("MS-CHAPv2")]
    public async Task FreeRADIUS_accepts_the_right_code_and_rejects_a_wrong_one(string protocol)
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        (await _radius.VerifyAsync(Config(protocol), FreeRadiusServer.User, FreeRadiusServer.Code, default)).Should().Be(RadiusOutcome.Accept);
        (await _radius.VerifyAsync(Config(protocol), FreeRadiusServer.User, "000001", default)).Should().Be(RadiusOutcome.Reject);
        (await _radius.VerifyAsync(Config(protocol), "someone-else", FreeRadiusServer.Code, default)).Should().Be(RadiusOutcome.Reject);
    }

    [SkippableFact]
    public async Task A_wrong_shared_secret_or_no_server_is_a_timeout()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var wrongSecret = Config("PAP") with { SharedSecret = Protector.Protect("not-the-secret") };
        (await _radius.VerifyAsync(wrongSecret, FreeRadiusServer.User, FreeRadiusServer.Code, default)).Should().Be(RadiusOutcome.Timeout);
        (await _radius.VerifyAsync(Config("PAP", FreeRadiusServer.FreeUdpPort()), FreeRadiusServer.User, FreeRadiusServer.Code, default)).Should().Be(RadiusOutcome.Timeout);
    }
}

/// <summary>EnableRadius probes the servers, and sign-in asks them for the MFA code.</summary>
public sealed class RadiusSignInTests(FreeRadiusServer server, GatewayFactory factory) : IClassFixture<FreeRadiusServer>, IClassFixture<GatewayFactory>
{
    private async Task<(GatewayBed Gw, string DirectoryId)> MicrosoftAdWithWorkspace()
    {
        var gw = new GatewayBed(factory);
        var directory = gw.Bed.SeedDirectory("MicrosoftAD", users: [FreeRadiusServer.User]);
        (await gw.Bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id })).Ok();
        await Eventually.WaitAsync(async () => (await gw.Bed.DescribeDirectory(directory.Id))?["State"]?.GetValue<string>(), s => s == "REGISTERED", "REGISTERED");
        await gw.UseDirectoryAsync(directory.Id, FreeRadiusServer.User);
        await gw.AvailableWorkspaceAsync(FreeRadiusServer.User);
        return (gw, directory.Id);
    }

    private static object Settings(int port, string secret = FreeRadiusServer.Secret) => new
    {
        RadiusServers = new[] { "127.0.0.1" }, RadiusPort = port, RadiusTimeout = 1, RadiusRetries = 1,
        SharedSecret = secret, AuthenticationProtocol = "MS-CHAPv2", DisplayLabel = "Corp MFA", UseSameUsername = true,
    };

    private static Task<string?> RadiusStatus(GatewayBed gw, string id) => Eventually.WaitAsync(async () =>
    {
        var body = (await gw.Bed.Wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { id } })).Ok();
        return body["DirectoryDescriptions"]![0]!["RadiusStatus"]?.GetValue<string>();
    }, s => s is "Completed" or "Failed", "RADIUS probed");

    [SkippableFact]
    public async Task Sign_in_needs_the_code_FreeRADIUS_accepts()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var (gw, id) = await MicrosoftAdWithWorkspace();
        (await gw.Bed.Wire.JsonAsync("ds", "EnableRadius", new { DirectoryId = id, RadiusSettings = Settings(server.Port) })).Ok();
        (await RadiusStatus(gw, id)).Should().Be("Completed");

        var stored = gw.Bed.Store.Table<DirectoryRecord>(ResourceKinds.Directories).Get(gw.Bed.Scope, id)!.Radius!;
        stored.SharedSecret.Should().StartWith("enc:v1:").And.NotContain(FreeRadiusServer.Secret);

        (await gw.Register(gw.RegistrationCode)).Ok()["MfaRequired"]!.GetValue<bool>().Should().BeTrue();
        (await gw.Authenticate(FreeRadiusServer.User)).ShouldBeError(401, "MfaRequired");
        (await gw.Authenticate(FreeRadiusServer.User, mfa: "999999")).ShouldBeError(401, "InvalidMfaCode");
        (await gw.Authenticate(FreeRadiusServer.User, "wrong", mfa: FreeRadiusServer.Code)).ShouldBeError(401, "InvalidCredentials");
        (await gw.Authenticate(FreeRadiusServer.User, mfa: FreeRadiusServer.Code)).Ok()["State"].S().Should().Be("AVAILABLE");

        // Servers that stop answering: the code cannot be checked, so it is not accepted.
        (await gw.Bed.Wire.JsonAsync("ds", "UpdateRadius", new { DirectoryId = id, RadiusSettings = Settings(server.Port, "another-secret") })).Ok();
        (await RadiusStatus(gw, id)).Should().Be("Failed");
    }

    [SkippableFact]
    public async Task Unreachable_servers_fail_the_probe()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var (gw, id) = await MicrosoftAdWithWorkspace();
        (await gw.Bed.Wire.JsonAsync("ds", "EnableRadius", new { DirectoryId = id, RadiusSettings = Settings(FreeRadiusServer.FreeUdpPort()) })).Ok();
        (await RadiusStatus(gw, id)).Should().Be("Failed");
        (await gw.Register(gw.RegistrationCode)).Ok()["MfaRequired"]!.GetValue<bool>().Should().BeFalse();
    }
}
