using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Admin;

/// <summary>/_emulator/health is written by hand (it is on the cold-start path): its exact body and content type.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_names_the_services_and_runtimes_as_JSON()
    {
        await using var emulator = new EmulatorFactory();
        using var response = await emulator.CreateClient().GetAsync("/_emulator/health");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Be(
            "{\"status\":\"ready\",\"version\":\"" + WorkSpacesEmulator.Admin.AdminEndpoints.Version + "\"," +
            "\"services\":[\"workspaces\",\"ds\",\"ds-data\",\"kms\",\"ec2\",\"iam\",\"sts\"]," +
            "\"desktopRuntime\":{\"name\":\"simulated\",\"reason\":\"simulated: configured by EMULATOR_DESKTOP_RUNTIME=simulated\"}," +
            "\"persistent\":false,\"strict\":false," +
            "\"directoryRuntime\":{\"name\":\"simulated\",\"dcBacked\":false," +
            "\"reason\":\"simulated: the desktop runtime is not Docker, so directories are records with stored password hashes\"}}");
    }
}
