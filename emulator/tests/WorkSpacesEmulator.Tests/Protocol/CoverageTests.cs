using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

public sealed class CoverageTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Every_modelled_operation_is_routed_and_counted()
    {
        var body = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/_emulator/coverage"))!;
        body["total"]!.GetValue<int>().Should().Be(188);
        var services = body["services"]!.AsArray().ToDictionary(s => s!["service"]!.GetValue<string>(), s => s!);
        services["workspaces"]!["total"]!.GetValue<int>().Should().Be(91);
        services["ds"]!["total"]!.GetValue<int>().Should().Be(80);
        services["ds-data"]!["total"]!.GetValue<int>().Should().Be(17);
    }

    /// <summary>Coverage only goes up: raise these floors when operations land, never lower them.</summary>
    [Fact]
    public async Task Implemented_operation_counts_never_go_down()
    {
        var body = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/_emulator/coverage"))!;
        var services = body["services"]!.AsArray().ToDictionary(s => s!["service"]!.GetValue<string>(), s => s!["implementedCount"]!.GetValue<int>());
        services["workspaces"].Should().BeGreaterThanOrEqualTo(71);
        services["ds"].Should().BeGreaterThanOrEqualTo(73);
        services["ds-data"].Should().BeGreaterThanOrEqualTo(17);
    }

    [Fact]
    public async Task Unimplemented_operation_answers_an_aws_shaped_not_implemented_error()
    {
        var coverage = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/_emulator/coverage"))!;
        var missing = coverage["services"]!.AsArray().First(s => s!["service"]!.GetValue<string>() == "workspaces")!["missing"]!.AsArray()
            .Select(n => n!.GetValue<string>()).ToList();
        var model = WorkSpacesEmulator.Protocol.ServiceModel.Load("workspaces");
        var operation = missing.First(op => model.Shapes[model.Operations[op].InputShape].Required.Count == 0);
        var response = await factory.Wire().JsonAsync("workspaces", operation);
        response.Status.Should().Be(501);
        response.Json["__type"]!.GetValue<string>().Should().Be("NotImplementedException");
        response.Json["message"]!.GetValue<string>().Should().Contain(operation);
        response.Header("x-amzn-RequestId").Should().NotBeNullOrEmpty();
    }
}
