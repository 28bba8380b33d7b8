using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Auth;

/// <summary>Strict mode against AWS's own published SigV4 example (IAM ListUsers, AKIDEXAMPLE, 2015-08-30T12:36:00Z,
/// signature 5d672d79…): a vector computed by AWS, not by this code, so the verifier is checked independently.</summary>
public sealed class StrictModeApiTests : IClassFixture<StrictModeApiTests.StrictFactory>
{
    public sealed class StrictFactory : EmulatorFactory
    {
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

        public StrictFactory()
        {
            Settings["EMULATOR_STRICT"] = "true";
            Settings["EMULATOR_CREDENTIALS"] = "AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY:123456789012";
            Settings["EMULATOR_ADMIN_TOKEN"] = "s3cret-token";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
    }

    private const string Signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private readonly StrictFactory _factory;

    public StrictModeApiTests(StrictFactory factory)
    {
        _factory = factory;
        factory.Clock.SetUtcNow(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));
    }

    private async Task<WireResponse> SendExampleAsync(string query = "Action=ListUsers&Version=2010-05-08", string signature = Signature,
        string accessKey = "AKIDEXAMPLE", bool signed = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?" + query);
        request.Headers.Host = "iam.amazonaws.com";
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20150830T123600Z");
        if (signed)
            request.Headers.TryAddWithoutValidation("Authorization",
                $"AWS4-HMAC-SHA256 Credential={accessKey}/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature={signature}");
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        using var response = await _factory.CreateClient().SendAsync(request);
        return new WireResponse((int)response.StatusCode, new Dictionary<string, string>(), await response.Content.ReadAsStringAsync());
    }

    private static string Code(WireResponse r) => r.Xml.Descendants().First(e => e.Name.LocalName == "Code").Value;
    private static string Message(WireResponse r) => r.Xml.Descendants().First(e => e.Name.LocalName == "Message").Value;

    [Fact]
    public async Task AWS_published_example_signature_is_accepted_and_reaches_IAM()
    {
        var response = await SendExampleAsync();
        // Authentication passed: IAM itself answers (ListUsers is an IAM action the emulator does not implement).
        response.Status.Should().Be(501, response.Body);
        Code(response).Should().Be("NotImplemented");
    }

    [Fact]
    public async Task Tampered_query_is_SignatureDoesNotMatch_403()
    {
        var response = await SendExampleAsync(query: "Action=ListUsers&Version=2010-05-08&MaxItems=5");
        response.Status.Should().Be(403);
        Code(response).Should().Be("SignatureDoesNotMatch");
        Message(response).Should().StartWith("The request signature we calculated does not match the signature you provided.");
    }

    [Fact]
    public async Task Wrong_secret_is_SignatureDoesNotMatch_and_unknown_key_InvalidClientTokenId()
    {
        (await SendExampleAsync(signature: new string('0', 64))).Status.Should().Be(403);
        var unknown = await SendExampleAsync(accessKey: "AKIDNOBODY");
        unknown.Status.Should().Be(403);
        Code(unknown).Should().Be("InvalidClientTokenId");
        Message(unknown).Should().Be("The security token included in the request is invalid.");
    }

    [Fact]
    public async Task Signature_older_than_15_minutes_is_expired_and_14_minutes_is_not()
    {
        _factory.Clock.SetUtcNow(new DateTimeOffset(2015, 8, 30, 12, 50, 0, TimeSpan.Zero));
        (await SendExampleAsync()).Status.Should().Be(501);
        _factory.Clock.SetUtcNow(new DateTimeOffset(2015, 8, 30, 12, 52, 0, TimeSpan.Zero));
        var expired = await SendExampleAsync();
        expired.Status.Should().Be(403);
        Code(expired).Should().Be("SignatureDoesNotMatch");
        Message(expired).Should().Be("Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)");
    }

    [Fact]
    public async Task Unsigned_request_is_MissingAuthenticationToken()
    {
        var response = await SendExampleAsync(signed: false);
        response.Status.Should().Be(403);
        Code(response).Should().Be("MissingAuthenticationToken");
    }

    [Fact]
    public async Task Json_services_reject_a_fake_signature_with_their_own_codes()
    {
        // AwsWireClient sends a SigV4-shaped header (Signature=00) without X-Amz-Date: incomplete, in awsJson's shape.
        var incomplete = await _factory.Wire("123456789012").JsonAsync("workspaces", "DescribeWorkspaces");
        incomplete.Status.Should().Be(400);
        incomplete.Json["__type"]!.GetValue<string>().Should().Be("IncompleteSignatureException");
        incomplete.Header("X-Amzn-ErrorType").Should().Be("IncompleteSignatureException");
        incomplete.Json["message"]!.GetValue<string>().Should().Contain("requires existence of either a 'X-Amz-Date' or a 'Date' header");
        // rest-json (ds-data) answers the same codes with 403.
        var restJson = await _factory.Wire("123456789012").RestJsonAsync("/Users/ListUsers?DirectoryId=d-1234567890");
        restJson.Status.Should().Be(403);
        restJson.Json["__type"]!.GetValue<string>().Should().Be("IncompleteSignatureException");
    }

    [Fact]
    public async Task Admin_endpoints_need_the_token_and_health_stays_open_without_a_path()
    {
        var client = _factory.CreateClient();
        (await client.PostAsync("/_emulator/reset", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
        using var withToken = new HttpRequestMessage(HttpMethod.Post, "/_emulator/reset");
        withToken.Headers.TryAddWithoutValidation("Authorization", "Bearer s3cret-token");
        (await client.SendAsync(withToken)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var health = await client.GetStringAsync("/_emulator/health");
        health.Should().Contain("\"strict\":true").And.NotContain(":memory:").And.NotContain("\"data\"");
    }
}
