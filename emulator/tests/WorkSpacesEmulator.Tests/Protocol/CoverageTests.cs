using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

public sealed class CoverageTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Every_modelled_operation_is_routed_and_counted()
    {
        var body = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/_emulator/coverage"))!;
        body["total"]!.GetValue<int>().Should().Be(91 + 80 + 17 + 54 + 765 + 176 + 11);
        var services = body["services"]!.AsArray().ToDictionary(s => s!["service"]!.GetValue<string>(), s => s!);
        services.Keys.Should().BeEquivalentTo("workspaces", "ds", "ds-data", "kms", "ec2", "iam", "sts");
        services["workspaces"]!["total"]!.GetValue<int>().Should().Be(91);
        services["ds"]!["total"]!.GetValue<int>().Should().Be(80);
        services["ds-data"]!["total"]!.GetValue<int>().Should().Be(17);
        services["kms"]!["total"]!.GetValue<int>().Should().Be(54);
    }

    /// <summary>EC2 is a slice: its coverage lists the actions answered against every action of EC2's model.</summary>
    [Fact]
    public async Task Ec2_coverage_lists_the_slice_and_what_is_missing()
    {
        var body = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/_emulator/coverage"))!;
        var ec2 = body["services"]!.AsArray().Single(s => s!["service"]!.GetValue<string>() == "ec2")!;
        ec2["total"]!.GetValue<int>().Should().Be(765);
        ec2["implementedCount"]!.GetValue<int>().Should().Be(45);
        ec2["implemented"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain(["DescribeSubnets", "CreateVpc", "DescribeNetworkInterfaces"]);
        var missing = ec2["missing"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        missing.Should().Contain("RunInstances").And.NotContain("DescribeSubnets").And.HaveCount(765 - 45);
        ec2["scope"]!.GetValue<string>().Should().StartWith("slice");

        // A missing action is what the edge port answers for it.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent([new("Action", "RunInstances"), new("Version", "2016-11-15")]) };
        var response = await factory.CreateClient().SendAsync(request);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NotImplemented);
        (await response.Content.ReadAsStringAsync()).Should().Contain("NotImplemented");
    }

    /// <summary>Coverage only goes up: every modelled operation has a handler (188 of 188).</summary>
    [Fact]
    public async Task Implemented_operation_counts_never_go_down()
    {
        var body = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/_emulator/coverage"))!;
        var services = body["services"]!.AsArray().ToDictionary(s => s!["service"]!.GetValue<string>(), s => s!["implementedCount"]!.GetValue<int>());
        services["workspaces"].Should().Be(91);
        services["ds"].Should().Be(80);
        services["ds-data"].Should().Be(17);
        // KMS: keys, aliases, enable/disable, scheduled deletion (the slice WorkSpaces encryption needs).
        services["kms"].Should().Be(11);
        services["ec2"].Should().Be(45);
    }

    /// <summary>Every operation has a handler now, so the not-implemented path is checked on a handler class that
    /// overrides nothing (what a newly modelled operation gets until someone implements it).</summary>
    private sealed class NoHandlers : WorkSpacesEmulator.ServiceModels.WorkSpaces.WorkSpacesOperationsBase;

    [Fact]
    public async Task An_operation_without_a_handler_answers_an_aws_shaped_not_implemented_error()
    {
        var model = WorkSpacesEmulator.Protocol.ServiceModel.Load("workspaces");
        var endpoint = new WorkSpacesEmulator.Protocol.JsonServiceEndpoint<WorkSpacesEmulator.ServiceModels.WorkSpaces.IWorkSpacesOperations>(
            model, new NoHandlers(), WorkSpacesEmulator.ServiceModels.WorkSpaces.WorkSpacesOperationTable.All,
            typeof(WorkSpacesEmulator.ServiceModels.WorkSpaces.WorkSpacesOperationsBase));
        endpoint.IsImplemented("DescribeWorkspaces").Should().BeFalse();
        var context = new WorkSpacesEmulator.Protocol.RequestContext("000000000000", "us-east-1", "r", "workspaces", "DescribeWorkspaces");
        using var input = System.Text.Json.JsonDocument.Parse("{}");
        var act = () => endpoint.InvokeAsync(context, "DescribeWorkspaces", input.RootElement, CancellationToken.None);
        var error = (await act.Should().ThrowAsync<WorkSpacesEmulator.Protocol.AwsException>()).Which;
        error.Code.Should().Be("NotImplementedException");
        error.StatusCode.Should().Be(501);
        error.Message.Should().Contain("DescribeWorkspaces");

        using var bad = System.Text.Json.JsonDocument.Parse("{\"Limit\": 26}");
        var invalid = () => endpoint.InvokeAsync(context, "DescribeWorkspaces", bad.RootElement, CancellationToken.None);
        (await invalid.Should().ThrowAsync<WorkSpacesEmulator.Protocol.AwsException>()).Which.Code.Should().Be("ValidationException", "input is validated first");
    }
}
