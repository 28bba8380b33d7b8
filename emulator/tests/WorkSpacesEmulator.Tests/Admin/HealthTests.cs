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

    [Fact]
    public async Task Health_answered_before_routing_is_the_routed_answer_and_other_methods_still_get_405()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        // "/_emulator/health" is answered before endpoint routing; "/_emulator/health/" goes through routing's endpoint.
        using var fast = await client.GetAsync("/_emulator/health");
        using var routed = await client.GetAsync("/_emulator/health/");
        routed.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await fast.Content.ReadAsStringAsync()).Should().Be(await routed.Content.ReadAsStringAsync());
        fast.Content.Headers.ContentType!.ToString().Should().Be(routed.Content.Headers.ContentType!.ToString());
        fast.Content.Headers.ContentLength.Should().Be(routed.Content.Headers.ContentLength);

        using var post = await client.PostAsync("/_emulator/health", new StringContent(""));
        post.StatusCode.Should().Be(System.Net.HttpStatusCode.MethodNotAllowed);
        (await post.Content.ReadAsStringAsync()).Should().Contain("\"message\"");
    }
}
