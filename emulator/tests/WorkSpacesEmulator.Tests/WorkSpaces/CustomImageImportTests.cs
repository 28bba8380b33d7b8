using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class CustomImageImportTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private const string InfrastructureArn = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/byol-infra";

    private static object ImportRequest(string name, object source, string protocol = "DCV", string os = "Windows_11") => new
    {
        ImageName = name, ImageDescription = "Custom " + name, ComputeType = "BASE", Protocol = protocol, ImageSource = source,
        InfrastructureConfigurationArn = InfrastructureArn, Platform = "WINDOWS", OsVersion = os,
        Tags = new[] { new { Key = "origin", Value = "byol" } },
    };

    private static Task<WireResponse> DescribeImport(WorkSpacesTestBed bed, string imageId) =>
        bed.Call("DescribeCustomWorkspaceImageImport", new { ImageId = imageId });

    [Fact]
    public async Task An_import_is_IN_PROGRESS_until_its_image_is_AVAILABLE_then_COMPLETED()
    {
        await using var slow = new EmulatorFactory();
        slow.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.6";
        var bed = new WorkSpacesTestBed(slow);
        var imported = (await bed.Call("ImportCustomWorkspaceImage", ImportRequest("byol-win11", new { Ec2ImageId = "ami-0123456789abcdef0" }))).Ok();
        imported["State"]!.GetValue<string>().Should().Be("PENDING");
        var imageId = imported["ImageId"]!.GetValue<string>();
        imageId.Should().MatchRegex("^wsi-[0-9a-z]{9}$");

        var job = (await DescribeImport(bed, imageId)).Ok();
        job["State"]!.GetValue<string>().Should().Be("IN_PROGRESS");
        job["ProgressPercentage"]!.GetValue<int>().Should().BeInRange(0, 99);
        job["ImageSource"]!.AsObject().Select(p => p.Key).Should().Equal("Ec2ImageId");
        job["InfrastructureConfigurationArn"]!.GetValue<string>().Should().Be(InfrastructureArn);
        (await ImageTests.Image(bed, imageId))!["State"]!.GetValue<string>().Should().Be("PENDING");

        var image = (await ImageTests.WaitForImage(bed, imageId))!;
        image["OperatingSystem"]!["Type"]!.GetValue<string>().Should().Be("WINDOWS");
        image["RequiredTenancy"]!.GetValue<string>().Should().Be("DEDICATED");
        var done = (await DescribeImport(bed, imageId)).Ok();
        done["State"]!.GetValue<string>().Should().Be("COMPLETED");
        done["ProgressPercentage"]!.GetValue<int>().Should().Be(100);
        done["ErrorDetails"].Should().BeNull();
    }

    [Fact]
    public async Task Imports_need_exactly_one_source_and_a_unique_name()
    {
        var bed = new WorkSpacesTestBed(factory);
        var first = (await bed.Call("ImportCustomWorkspaceImage", ImportRequest("byol-task", new { Ec2ImportTaskId = "import-ami-0123456789abcdef0" }, "PCOIP", "Windows_10"))).Ok();
        var job = (await DescribeImport(bed, first["ImageId"]!.GetValue<string>())).Ok();
        job["ImageSource"]!["Ec2ImportTaskId"]!.GetValue<string>().Should().Be("import-ami-0123456789abcdef0");
        ImageTests.ShouldFail(await bed.Call("ImportCustomWorkspaceImage", ImportRequest("byol-task", new { Ec2ImageId = "ami-0123456789abcdef0" })),
            "ResourceAlreadyExistsException");
        (await bed.Call("ImportCustomWorkspaceImage", ImportRequest("byol-two", new { Ec2ImageId = "ami-0123456789abcdef0", Ec2ImportTaskId = "import-ami-0123456789abcdef0" })))
            .Status.Should().Be(400);
        ImageTests.ShouldFail(await DescribeImport(bed, "wsi-000000000"), "ResourceNotFoundException");
        // An image that was not made by ImportCustomWorkspaceImage has no import job.
        var regular = await ImageTests.Import(bed, "byol-regular");
        ImageTests.ShouldFail(await DescribeImport(bed, regular), "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateUpdatedWorkspaceImage_makes_a_new_PENDING_image_from_an_owned_AVAILABLE_one()
    {
        var bed = new WorkSpacesTestBed(factory);
        var source = await ImageTests.Import(bed, "base-image", "BYOL_REGULAR");
        await ImageTests.WaitForImage(bed, source);
        var body = (await bed.Call("CreateUpdatedWorkspaceImage", new
        {
            Name = "base-image-updated", Description = "Updated base image", SourceImageId = source, Tags = new[] { new { Key = "k", Value = "v" } },
        })).Ok();
        body.AsObject().Select(p => p.Key).Should().Equal("ImageId");
        var updated = body["ImageId"]!.GetValue<string>();
        updated.Should().MatchRegex("^wsi-[0-9a-z]{9}$").And.NotBe(source);
        (await ImageTests.Image(bed, updated))!["State"]!.GetValue<string>().Should().BeOneOf("PENDING", "AVAILABLE");
        var image = (await ImageTests.WaitForImage(bed, updated))!;
        image["Name"]!.GetValue<string>().Should().Be("base-image-updated");
        image["Description"]!.GetValue<string>().Should().Be("Updated base image");
        (await bed.Call("DescribeTags", new { ResourceId = updated })).Ok()["TagList"]!.AsArray().Should().ContainSingle();

        ImageTests.ShouldFail(await bed.Call("CreateUpdatedWorkspaceImage", new { Name = "base-image-updated", Description = "again", SourceImageId = source }),
            "ResourceAlreadyExistsException");
        ImageTests.ShouldFail(await bed.Call("CreateUpdatedWorkspaceImage", new { Name = "other", Description = "missing", SourceImageId = "wsi-000000000" }),
            "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateUpdatedWorkspaceImage_refuses_a_PENDING_source()
    {
        await using var slow = new EmulatorFactory();
        slow.Settings["EMULATOR_TRANSITION_SECONDS"] = "5";
        var bed = new WorkSpacesTestBed(slow);
        var source = await ImageTests.Import(bed, "pending-image");
        ImageTests.ShouldFail(await bed.Call("CreateUpdatedWorkspaceImage", new { Name = "pending-updated", Description = "too early", SourceImageId = source }),
            "InvalidResourceStateException");
    }
}
