using System.Text;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>awsJson1_1 wire format: headers, error envelopes, model-driven validation, bad input.</summary>
public sealed class AwsJsonWireTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private readonly AwsWireClient _wire = factory.Wire();

    [Fact]
    public async Task Validation_error_names_the_member_path_and_constraint_like_aws()
    {
        var r = await _wire.JsonAsync("workspaces", "DescribeWorkspaces", new { Limit = 26 });
        r.Status.Should().Be(400);
        r.Header("Content-Type").Should().StartWith("application/x-amz-json-1.1");
        r.Header("X-Amzn-ErrorType").Should().Be("ValidationException");
        r.Header("x-amzn-RequestId").Should().MatchRegex("^[0-9a-f-]{36}$");
        r.Json["__type"]!.GetValue<string>().Should().Be("ValidationException");
        r.Json["message"]!.GetValue<string>().Should().Be(
            "1 validation error detected: Value '26' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 25");
    }

    [Fact]
    public async Task Nested_list_members_are_reported_with_coral_paths_and_all_errors_counted()
    {
        var r = await _wire.JsonAsync("workspaces", "CreateWorkspaces", new
        {
            Workspaces = new object[] { new { DirectoryId = "nope", UserName = "jdoe", BundleId = "wsb-123456789" } },
        });
        r.Status.Should().Be(400);
        var message = r.Json["message"]!.GetValue<string>();
        message.Should().Be("2 validation errors detected: "
            + "Value 'nope' at 'workspaces.1.member.directoryId' failed to satisfy constraint: Member must have length greater than or equal to 10; "
            + "Value 'nope' at 'workspaces.1.member.directoryId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)");
    }

    [Fact]
    public async Task Missing_required_member_and_bad_enum_are_validation_errors()
    {
        var r = await _wire.JsonAsync("workspaces", "ModifyWorkspaceState", new { WorkspaceId = "ws-abc123def", WorkspaceState = "SLEEPING" });
        r.Status.Should().Be(400);
        r.Json["message"]!.GetValue<string>().Should().Contain("Member must satisfy enum value set: [AVAILABLE, ADMIN_MAINTENANCE]");

        r = await _wire.JsonAsync("workspaces", "ModifyWorkspaceState", new { WorkspaceId = "ws-abc123def" });
        r.Json["message"]!.GetValue<string>().Should().Be(
            "1 validation error detected: Value null at 'workspaceState' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public async Task Ds_errors_use_capitalised_Message_and_carry_RequestId()
    {
        var r = await _wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { "d-123" } });
        r.Status.Should().Be(400);
        r.Json["__type"]!.GetValue<string>().Should().Be("ValidationException");
        r.Json["Message"]!.GetValue<string>().Should().Contain("Member must satisfy regular expression pattern: ^d-[0-9a-f]{10}$");
        r.Json["RequestId"]!.GetValue<string>().Should().Be(r.Header("x-amzn-RequestId"));
        r.Json["message"].Should().BeNull();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"text\"")]
    [InlineData("{\"Limit\": \"ten\"}")]
    [InlineData("{\"Limit\": 1.5}")]
    [InlineData("{\"WorkspaceIds\": \"ws-abc123def\"}")]
    [InlineData("{\"WorkspaceIds\": [{\"a\":1}]}")]
    [InlineData("{\"Limit\": 99999999999999}")]
    [InlineData("{\"Unexpected\": 1}")]
    public async Task Malformed_bodies_and_wrong_member_types_are_serialization_errors(string body)
    {
        var r = await _wire.JsonRawAsync("workspaces", "WorkspacesService.DescribeWorkspaces", body);
        r.Status.Should().Be(400);
        r.Json["__type"]!.GetValue<string>().Should().Be("SerializationException");
        r.Json["message"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("WorkspacesService.LaunchRocket")]
    [InlineData("NoSuchService.DescribeWorkspaces")]
    [InlineData("WorkspacesService")]
    [InlineData(".")]
    public async Task Unknown_targets_are_unknown_operation_errors(string target)
    {
        var r = await _wire.JsonRawAsync("workspaces", target, "{}");
        r.Status.Should().Be(400);
        r.Json["__type"]!.GetValue<string>().Should().Be("UnknownOperationException");
    }

    [Fact]
    public async Task Huge_body_is_rejected_with_a_4xx_not_a_crash()
    {
        var huge = "{\"WorkspaceIds\":[\"" + new string('a', 9 * 1024 * 1024) + "\"]}";
        var r = await _wire.JsonRawAsync("workspaces", "WorkspacesService.DescribeWorkspaces", huge);
        r.Status.Should().BeInRange(400, 499);
        (await _wire.JsonAsync("workspaces", "DescribeWorkspaces", new { Limit = 26 })).Status.Should().Be(400, "the emulator keeps serving");
    }

    [Fact]
    public async Task Deeply_nested_json_is_rejected()
    {
        var deep = new StringBuilder().Append('[', 200).Append(']', 200).ToString();
        var r = await _wire.JsonRawAsync("workspaces", "WorkspacesService.DescribeWorkspaces", "{\"WorkspaceIds\":" + deep + "}");
        r.Status.Should().Be(400);
    }

    [Fact]
    public async Task Empty_body_counts_as_an_empty_object()
    {
        var r = await _wire.JsonRawAsync("workspaces", "WorkspacesService.ModifyWorkspaceState", "");
        r.Status.Should().Be(400);
        r.Json["__type"]!.GetValue<string>().Should().Be("ValidationException");
    }

    [Fact]
    public async Task Unknown_path_without_target_or_action_is_a_404_aws_error()
    {
        var r = await factory.CreateClient().PostAsync("/nothing/here", new StringContent("{}"));
        ((int)r.StatusCode).Should().Be(404);
        (await r.Content.ReadAsStringAsync()).Should().Contain("UnknownOperationException");
    }
}
