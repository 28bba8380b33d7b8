using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class BundleTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Amazon_catalog_pages_through_every_public_bundle_with_exact_members()
    {
        var bed = new WorkSpacesTestBed(factory);
        var bundles = new List<System.Text.Json.Nodes.JsonNode>();
        string? token = null;
        do
        {
            var body = (await bed.Call("DescribeWorkspaceBundles", token is null ? new { Owner = "AMAZON" } : new { Owner = "AMAZON", NextToken = token })).Ok();
            var page = body["Bundles"]!.AsArray();
            page.Count.Should().BeLessThanOrEqualTo(25);
            bundles.AddRange(page.Select(b => b!));
            token = body["NextToken"]?.GetValue<string>();
        } while (token is not null);

        bundles.Count.Should().BeGreaterThan(25);
        bundles.Select(b => b["BundleId"]!.GetValue<string>()).Should().OnlyHaveUniqueItems().And.AllSatisfy(id => id.Should().MatchRegex("^wsb-[0-9a-z]{9}$"));
        var computes = bundles.Select(b => b["ComputeType"]!["Name"]!.GetValue<string>()).ToHashSet();
        computes.Should().Contain(["VALUE", "STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN", "GENERALPURPOSE_4XLARGE"]);

        var value = bundles.Single(b => b["BundleId"]!.GetValue<string>() == WorkSpacesTestBed.ValueWindowsBundle);
        value["Name"]!.GetValue<string>().Should().Be("Value with Windows 10 (Server 2022 based) (PCoIP)");
        value["Owner"]!.GetValue<string>().Should().Be("AMAZON");
        value["ImageId"]!.GetValue<string>().Should().MatchRegex("^wsi-[0-9a-z]{9}$");
        value["RootStorage"]!["Capacity"]!.GetValue<string>().Should().Be("80");
        value["UserStorage"]!["Capacity"]!.GetValue<string>().Should().Be("10");
        value["State"]!.GetValue<string>().Should().Be("AVAILABLE");
        value["BundleType"]!.GetValue<string>().Should().Be("REGULAR");
        value["CreationTime"]!.GetValue<double>().Should().BeGreaterThan(1_600_000_000);
        value["LastUpdatedTime"]!.GetValue<double>().Should().BeGreaterThan(1_600_000_000);
        bundles.Should().Contain(b => b["Name"]!.GetValue<string>().Contains("Amazon Linux 2"));
        bundles.Should().Contain(b => b["Name"]!.GetValue<string>().Contains("Ubuntu 22.04"));
        bundles.Single(b => b["Name"]!.GetValue<string>() == "Power with Windows 10 (Server 2022 based) (DCV)")["RootStorage"]!["Capacity"]!
            .GetValue<string>().Should().Be("175");
    }

    [Fact]
    public async Task Owner_and_BundleIds_select_as_AWS_does()
    {
        var bed = new WorkSpacesTestBed(factory);
        var own = (await bed.Call("DescribeWorkspaceBundles")).Ok();
        own["Bundles"]!.AsArray().Should().BeEmpty();

        var byId = (await bed.Call("DescribeWorkspaceBundles", new { BundleIds = new[] { WorkSpacesTestBed.StandardWindowsBundle, "wsb-000000000" } })).Ok();
        byId["Bundles"]!.AsArray().Single()!["ComputeType"]!["Name"]!.GetValue<string>().Should().Be("STANDARD");

        var both = await bed.Call("DescribeWorkspaceBundles", new { Owner = "AMAZON", BundleIds = new[] { WorkSpacesTestBed.StandardWindowsBundle } });
        both.Status.Should().Be(400);
        both.Json["__type"]!.GetValue<string>().Should().Be("InvalidParameterValuesException");
    }
}
