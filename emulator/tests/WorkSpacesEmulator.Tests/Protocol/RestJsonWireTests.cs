using WorkSpacesEmulator.Tests.DirectoryService;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>rest-json (ds-data): routes from the model's HTTP bindings, DirectoryId from the query string,
/// error statuses from the model's error traits, x-amzn-ErrorType.</summary>
public sealed class RestJsonWireTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Success_is_json_with_request_id_and_errors_carry_model_statuses()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());

        var created = await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = "wire1" });
        created.Status.Should().Be(200);
        created.Header("Content-Type").Should().StartWith("application/json");
        created.Header("x-amzn-RequestId").Should().NotBeNullOrEmpty();
        created.Json["DirectoryId"]!.GetValue<string>().Should().Be(id);
        created.Json["SAMAccountName"]!.GetValue<string>().Should().Be("wire1");

        var conflict = await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", new { SAMAccountName = "wire1" });
        conflict.Status.Should().Be(409);
        conflict.Header("X-Amzn-ErrorType").Should().Be("ConflictException");
        conflict.Json["Message"]!.GetValue<string>().Should().NotBeNullOrEmpty();

        var missing = await kit.Wire.RestJsonAsync($"/Users/DescribeUser?DirectoryId={id}", new { SAMAccountName = "ghost" });
        missing.Status.Should().Be(404);
        missing.Header("X-Amzn-ErrorType").Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task Query_bound_member_is_validated_like_a_body_member()
    {
        var wire = factory.Wire();
        var noDirectory = await wire.RestJsonAsync("/Users/ListUsers", new { });
        noDirectory.Status.Should().Be(400);
        noDirectory.Json["__type"]!.GetValue<string>().Should().Be("ValidationException");
        noDirectory.Json["Message"]!.GetValue<string>().Should().Contain("'directoryId'").And.Contain("Member must not be null");

        var badId = await wire.RestJsonAsync("/Users/ListUsers?DirectoryId=d-xyz", new { });
        badId.Status.Should().Be(400);
        badId.Json["Message"]!.GetValue<string>().Should().Contain("regular expression pattern");
    }

    [Theory]
    [InlineData("{broken")]
    [InlineData("[]")]
    [InlineData("{\"MaxResults\":\"many\"}")]
    public async Task Malformed_bodies_are_4xx(string body)
    {
        var r = await factory.Wire().RestJsonAsync("/Users/ListUsers?DirectoryId=d-0123456789", body);
        r.Status.Should().Be(400);
        r.Header("X-Amzn-ErrorType").Should().Be("SerializationException");
    }
}
