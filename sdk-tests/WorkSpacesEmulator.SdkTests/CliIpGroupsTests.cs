using System.Text.Json.Nodes;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>IP access control groups with the unchanged AWS CLI: its shorthand for the lower-case
/// <c>ipRule</c>/<c>ruleDesc</c> members, and the lower-case <c>groupId</c>/<c>userRules</c> keys it prints.</summary>
public sealed class CliIpGroupsTests : IAsyncLifetime
{
    private readonly EmulatorProcess _emulator = new();
    private AwsCli _aws = null!;

    public async Task InitializeAsync()
    {
        await _emulator.StartAsync();
        _aws = new AwsCli(_emulator);
    }

    public Task DisposeAsync() => _emulator.DisposeAsync().AsTask();

    private static string S(JsonNode? n) => n!.GetValue<string>();

    private async Task<JsonObject> DescribeAsync(string groupId) =>
        (await _aws.JsonAsync("workspaces", "describe-ip-groups", "--group-ids", groupId))["Result"]!.AsArray().Single()!.AsObject();

    [Fact]
    public async Task Create_describe_authorize_and_revoke_with_the_cli()
    {
        var created = await _aws.JsonAsync("workspaces", "create-ip-group", "--group-name", "office", "--group-desc", "Head office",
            "--user-rules", "ipRule=10.0.0.0/16,ruleDesc=office", "--tags", "Key=team,Value=it");
        var groupId = S(created["GroupId"]);
        groupId.Should().MatchRegex("^wsipg-[0-9a-z]{9}$");

        var group = await DescribeAsync(groupId);
        group.Select(p => p.Key).Should().BeEquivalentTo("groupId", "groupName", "groupDesc", "userRules");
        S(group["groupId"]).Should().Be(groupId);
        S(group["groupName"]).Should().Be("office");
        var rule = group["userRules"]!.AsArray().Single()!.AsObject();
        rule.Select(p => p.Key).Should().BeEquivalentTo("ipRule", "ruleDesc");
        S(rule["ipRule"]).Should().Be("10.0.0.0/16");
        S(rule["ruleDesc"]).Should().Be("office");

        await _aws.JsonAsync("workspaces", "authorize-ip-rules", "--group-id", groupId, "--user-rules", "ipRule=192.168.1.0/24,ruleDesc=vpn");
        (await DescribeAsync(groupId))["userRules"]!.AsArray().Select(r => S(r!["ipRule"])).Should().Equal("10.0.0.0/16", "192.168.1.0/24");

        await _aws.JsonAsync("workspaces", "revoke-ip-rules", "--group-id", groupId, "--user-rules", "10.0.0.0/16");
        (await DescribeAsync(groupId))["userRules"]!.AsArray().Select(r => S(r!["ipRule"])).Should().Equal("192.168.1.0/24");

        var bad = await _aws.RunAsync("workspaces", "authorize-ip-rules", "--group-id", groupId, "--user-rules", "ipRule=10.0.0.0/99");
        bad.ExitCode.Should().NotBe(0);
        bad.StdErr.Should().Contain("InvalidParameterValuesException");

        var tags = (await _aws.JsonAsync("workspaces", "describe-tags", "--resource-id", groupId))["TagList"]!.AsArray();
        tags.Select(t => S(t!["Key"])).Should().Equal("team");

        await _aws.JsonAsync("workspaces", "delete-ip-group", "--group-id", groupId);
        (await _aws.JsonAsync("workspaces", "describe-ip-groups"))["Result"]!.AsArray().Should().BeEmpty();
    }
}
