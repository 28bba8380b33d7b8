using WorkSpacesEmulator.Protocol.Auth;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Auth;

/// <summary>Default (lenient) mode: never drivable from a foreign web page; the admin view answers per account.</summary>
public sealed class EdgeGuardTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Theory]
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://127.0.0.1:4566", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("https://app.localhost", true)]
    [InlineData("https://evil.example", false)]
    [InlineData("http://localhost.evil.example", false)]
    [InlineData("null", false)]
    [InlineData("file://", false)]
    public void Local_origins_are_loopback_hosts_only(string origin, bool local) => EdgeGuard.IsLocalOrigin(origin).Should().Be(local);

    [Fact]
    public async Task A_request_from_a_foreign_origin_is_refused_before_any_operation_runs()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "WorkspacesService.CreateIpGroup");
        request.Content = new StringContent("{\"GroupName\":\"from-a-page\"}");
        var response = await factory.CreateClient().SendAsync(request);
        ((int)response.StatusCode).Should().Be(403);
        (await response.Content.ReadAsStringAsync()).Should().Contain("AccessDeniedException");
        var groups = (await factory.Wire().JsonAsync("workspaces", "DescribeIpGroups")).Ok()["Result"]!.AsArray();
        groups.Should().NotContain(g => g!["groupName"]!.GetValue<string>() == "from-a-page");
    }

    [Fact]
    public async Task A_cross_site_GET_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?Action=DescribeVpcs&Version=2016-11-15");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        ((int)(await factory.CreateClient().SendAsync(request)).StatusCode).Should().Be(403);
    }

    [Fact]
    public async Task Health_names_no_data_file()
    {
        var health = await factory.CreateClient().GetStringAsync("/_emulator/health");
        health.Should().NotContain("\"data\"").And.NotContain(":memory:").And.Contain("\"persistent\":false");
    }

    [Fact]
    public async Task Admin_view_of_a_WorkSpace_is_per_account()
    {
        var bed = new WorkSpaces.WorkSpacesTestBed(factory, account: "210987654321");
        var directoryId = await bed.RegisteredDirectory("jdoe");
        var workspaceId = await bed.CreateWorkspace(directoryId, "jdoe");
        var http = factory.CreateClient();
        // Unsigned (the default account) and another account do not see it; its own account does.
        (await http.GetAsync($"/_emulator/workspaces/{workspaceId}")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        using var own = new HttpRequestMessage(HttpMethod.Get, $"/_emulator/workspaces/{workspaceId}");
        own.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=210987654321/20261201/us-east-1/workspaces/aws4_request, SignedHeaders=host, Signature=00");
        (await http.SendAsync(own)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }
}
