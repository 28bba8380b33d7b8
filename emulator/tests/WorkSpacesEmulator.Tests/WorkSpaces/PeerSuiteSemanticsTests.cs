using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.DirectoryService;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

/// <summary>Behaviour a peer project's suite expects of AWS: one DescribeWorkspaces filter, SSO needs an alias,
/// Coral-style list messages, AWS's real public bundle ids.</summary>
public sealed class PeerSuiteSemanticsTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static string Message(WireResponse r) => (r.Json["message"] ?? r.Json["Message"])!.GetValue<string>();

    [Theory]
    [InlineData("{\"DirectoryId\":\"d-1234567890\",\"BundleId\":\"wsb-bh8rsxt14\"}")]
    [InlineData("{\"WorkspaceIds\":[\"ws-abcdefghi\"],\"DirectoryId\":\"d-1234567890\"}")]
    [InlineData("{\"WorkspaceIds\":[\"ws-abcdefghi\"],\"BundleId\":\"wsb-bh8rsxt14\"}")]
    [InlineData("{\"BundleId\":\"wsb-bh8rsxt14\",\"WorkspaceName\":\"desk1\"}")]
    public async Task DescribeWorkspaces_takes_one_filter_at_a_time(string body)
    {
        var response = await factory.Wire().JsonAsync("workspaces", "DescribeWorkspaces", body);
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be("InvalidParameterValuesException");
        Message(response).Should().StartWith("An invalid number of parameters provided with DescribeWorkspaces.");
    }

    [Fact]
    public async Task A_directory_with_its_user_is_one_filter()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directory = await bed.RegisteredDirectory("jdoe");
        (await bed.Call("DescribeWorkspaces", new { DirectoryId = directory, UserName = "jdoe" })).Ok()["Workspaces"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task EnableSso_needs_the_directory_alias_first()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        var refused = await kit.Wire.JsonAsync("ds", "EnableSso", new { DirectoryId = id });
        refused.Status.Should().Be(400, refused.Body);
        refused.Json["__type"]!.GetValue<string>().Should().Be("ClientException");
        (await kit.DescribeAsync(id))["SsoEnabled"]!.GetValue<bool>().Should().BeFalse();

        (await kit.Wire.JsonAsync("ds", "CreateAlias", new { DirectoryId = id, Alias = "sso" + kit.Account })).Ok();
        (await kit.Wire.JsonAsync("ds", "EnableSso", new { DirectoryId = id })).Ok();
        (await kit.DescribeAsync(id))["SsoEnabled"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task A_list_over_its_limit_is_rendered_as_Coral_renders_it()
    {
        var ids = Enumerable.Range(0, 26).Select(i => $"ws-{i:D9}").ToArray();
        var response = await factory.Wire().JsonAsync("workspaces", "DescribeWorkspaces", new { WorkspaceIds = ids });
        response.Status.Should().Be(400);
        Message(response).Should().Be($"1 validation error detected: Value '[{string.Join(", ", ids)}]' at 'workspaceIds' failed to satisfy constraint: Member must have length less than or equal to 25");
    }

    [Fact]
    public async Task A_huge_value_is_not_echoed_in_full()
    {
        var huge = new string('x', 1_000_000);
        var response = await factory.Wire().JsonAsync("workspaces", "DescribeWorkspaces", new { DirectoryId = huge });
        response.Status.Should().Be(400);
        response.Body.Length.Should().BeLessThan(4_000);
        Message(response).Should().Contain("Value '" + new string('x', 1024) + "...' at 'directoryId'");
    }

    [Theory]
    [InlineData("wsb-bh8rsxt14", "Value with Windows 10 (English)", "VALUE")]
    [InlineData("wsb-gk1wpk43z", "Standard with Windows 10 (English)", "STANDARD")]
    [InlineData("wsb-b0s22j3d7", "Performance with Windows 7", "PERFORMANCE")]
    [InlineData("wsb-df76rqys9", "Value with Windows 10 and Office 2016", "VALUE")]
    public async Task AWS_documented_public_bundle_ids_exist(string bundleId, string name, string computeType)
    {
        var bundle = (await factory.Wire().JsonAsync("workspaces", "DescribeWorkspaceBundles", new { BundleIds = new[] { bundleId } })).Ok()["Bundles"]![0]!;
        bundle["Name"]!.GetValue<string>().Should().Be(name);
        bundle["ComputeType"]!["Name"]!.GetValue<string>().Should().Be(computeType);
    }

    [Fact]
    public async Task A_WorkSpace_launches_from_the_bundle_Terraform_examples_use()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directory = await bed.RegisteredDirectory("jdoe");
        var ws = await bed.CreateWorkspace(directory, "jdoe", "wsb-bh8rsxt14");
        (await bed.Workspace(ws))!["BundleId"]!.GetValue<string>().Should().Be("wsb-bh8rsxt14");
    }
}
