using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Ec2;

/// <summary>Only real Region names make scopes, and reads create nothing persistent.</summary>
public sealed class RegionScopeTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task A_Region_outside_the_aws_partition_is_refused_in_every_protocol()
    {
        var wire = factory.Wire(region: "mars-north-1");
        var json = await wire.JsonAsync("workspaces", "DescribeWorkspaces");
        json.Status.Should().Be(400);
        json.Json["__type"]!.GetValue<string>().Should().Be("InvalidSignatureException");
        json.Json["message"]!.GetValue<string>().Should().Be("Credential should be scoped to a valid region.");
        var rest = await wire.RestJsonAsync("/Users/ListUsers?DirectoryId=d-1234567890");
        rest.Json["__type"]!.GetValue<string>().Should().Be("InvalidSignatureException");
        var ec2 = await wire.Ec2Async("DescribeVpcs");
        ec2.Status.Should().Be(401);
        ec2.Xml.Descendants("Code").Single().Value.Should().Be("AuthFailure");
        // Opt-in and newest Regions of the partition are real Regions.
        (await factory.Wire(region: "ap-southeast-6").JsonAsync("workspaces", "DescribeWorkspaces")).Ok();
    }

    [Fact]
    public async Task Reads_store_nothing_and_the_first_write_stores_the_default_VPC()
    {
        var data = Path.Combine(Path.GetTempPath(), "wse-hardening-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string? readVpc, writtenVpc;
            await using (var first = new EmulatorFactory())
            {
                first.Settings["EMULATOR_DATA_DIR"] = data;
                var wire = first.Wire("320000000001", "eu-west-3");
                readVpc = DefaultVpc(await wire.Ec2Async("DescribeVpcs"));
                (await wire.Ec2Async("DescribeSubnets")).Status.Should().Be(200);
                (await wire.JsonAsync("ds", "DescribeDirectories")).Ok();
            }
            await using (var second = new EmulatorFactory())
            {
                second.Settings["EMULATOR_DATA_DIR"] = data;
                var wire = second.Wire("320000000001", "eu-west-3");
                // Nothing was stored: the restarted emulator computes a new default VPC for the scope.
                writtenVpc = DefaultVpc(await wire.Ec2Async("DescribeVpcs"));
                writtenVpc.Should().NotBe(readVpc);
                // A write stores the scope's defaults with it.
                (await wire.Ec2Async("CreateTags", ("ResourceId.1", writtenVpc!), ("Tag.1.Key", "Name"), ("Tag.1.Value", "kept"))).Status.Should().Be(200);
            }
            await using (var third = new EmulatorFactory())
            {
                third.Settings["EMULATOR_DATA_DIR"] = data;
                var wire = third.Wire("320000000001", "eu-west-3");
                DefaultVpc(await wire.Ec2Async("DescribeVpcs")).Should().Be(writtenVpc);
                (await wire.Ec2Async("DescribeSubnets", ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", writtenVpc!))).Xml
                    .Descendants().Count(e => e.Name.LocalName == "subnetId").Should().Be(3);
            }
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }

    private static string? DefaultVpc(WireResponse r) =>
        r.Xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "vpcId")?.Value;
}
