using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;
using static WorkSpacesEmulator.Tests.WorkSpaces.ImageTests;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class CustomBundleTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static object BundleRequest(string name, string imageId, string compute = "STANDARD", string user = "50", string? root = "80") =>
        root is null
            ? new { BundleName = name, BundleDescription = "Custom " + name, ImageId = imageId, ComputeType = new { Name = compute }, UserStorage = new { Capacity = user } }
            : new
            {
                BundleName = name, BundleDescription = "Custom " + name, ImageId = imageId, ComputeType = new { Name = compute },
                UserStorage = new { Capacity = user }, RootStorage = new { Capacity = root },
            };

    private static async Task<string> AvailableImage(WorkSpacesTestBed bed, string name = "base")
    {
        var image = await Import(bed, name);
        await WaitForImage(bed, image);
        return image;
    }

    [Fact]
    public async Task CreateWorkspaceBundle_returns_the_bundle_which_DescribeWorkspaceBundles_lists()
    {
        var bed = new WorkSpacesTestBed(factory);
        var image = await AvailableImage(bed);
        var created = (await bed.Call("CreateWorkspaceBundle", new
        {
            BundleName = "dev-desktop", BundleDescription = "Developer desktop", ImageId = image, ComputeType = new { Name = "PERFORMANCE" },
            UserStorage = new { Capacity = "100" }, RootStorage = new { Capacity = "175" }, Tags = new[] { new { Key = "cost", Value = "dev" } },
        })).Ok()["WorkspaceBundle"]!;
        var id = created["BundleId"]!.GetValue<string>();
        id.Should().MatchRegex("^wsb-[0-9a-z]{9}$");
        created["Name"]!.GetValue<string>().Should().Be("dev-desktop");
        created["Owner"]!.GetValue<string>().Should().Be(bed.Account);
        created["Description"]!.GetValue<string>().Should().Be("Developer desktop");
        created["ImageId"]!.GetValue<string>().Should().Be(image);
        created["ComputeType"]!["Name"]!.GetValue<string>().Should().Be("PERFORMANCE");
        created["UserStorage"]!["Capacity"]!.GetValue<string>().Should().Be("100");
        created["RootStorage"]!["Capacity"]!.GetValue<string>().Should().Be("175");
        created["State"]!.GetValue<string>().Should().Be("AVAILABLE");
        created["BundleType"]!.GetValue<string>().Should().Be("REGULAR");

        var own = (await bed.Call("DescribeWorkspaceBundles")).Ok()["Bundles"]!.AsArray();
        own.Single()!["BundleId"]!.GetValue<string>().Should().Be(id);
        (await bed.Call("DescribeWorkspaceBundles", new { BundleIds = new[] { id } })).Ok()["Bundles"]!.AsArray().Should().ContainSingle();
        (await bed.Call("DescribeTags", new { ResourceId = id })).Ok()["TagList"]!.AsArray().Should().ContainSingle();

        var defaulted = (await bed.Call("CreateWorkspaceBundle", BundleRequest("no-root", image, root: null))).Ok()["WorkspaceBundle"]!;
        defaulted["RootStorage"]!["Capacity"]!.GetValue<string>().Should().Be("80");
    }

    [Fact]
    public async Task CreateWorkspaceBundle_checks_the_image_the_name_and_the_sizes()
    {
        var bed = new WorkSpacesTestBed(factory);
        ShouldFail(await bed.Call("CreateWorkspaceBundle", BundleRequest("x", "wsi-000000000")), "ResourceNotFoundException");
        ShouldFail(await bed.Call("CreateWorkspaceBundle", BundleRequest("x", "wsi-zjuquepw7")), "InvalidParameterValuesException");

        var image = await AvailableImage(bed);
        (await bed.Call("CreateWorkspaceBundle", BundleRequest("same-name", image))).Ok();
        ShouldFail(await bed.Call("CreateWorkspaceBundle", BundleRequest("same-name", image)), "ResourceAlreadyExistsException");
        ShouldFail(await bed.Call("CreateWorkspaceBundle", BundleRequest("bad-size", image, user: "lots")), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("CreateWorkspaceBundle", BundleRequest("bad-compute", image, compute: "HUGE")), "ValidationException");
    }

    [Fact]
    public async Task At_most_50_custom_bundles()
    {
        var bed = new WorkSpacesTestBed(factory);
        var image = await AvailableImage(bed);
        for (var i = 0; i < 50; i++) (await bed.Call("CreateWorkspaceBundle", BundleRequest($"bundle-{i}", image))).Ok();
        ShouldFail(await bed.Call("CreateWorkspaceBundle", BundleRequest("bundle-50", image)), "ResourceLimitExceededException");
        var all = new List<string>();
        string? token = null;
        do
        {
            var page = (await bed.Call("DescribeWorkspaceBundles", token is null ? null : new { NextToken = token })).Ok();
            all.AddRange(page["Bundles"]!.AsArray().Select(b => b!["BundleId"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
        } while (token is not null);
        all.Should().HaveCount(50).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task UpdateWorkspaceBundle_points_the_bundle_at_another_image()
    {
        var bed = new WorkSpacesTestBed(factory);
        var first = await AvailableImage(bed, "v1");
        var second = await AvailableImage(bed, "v2");
        var bundle = (await bed.Call("CreateWorkspaceBundle", BundleRequest("rolling", first))).Ok()["WorkspaceBundle"]!;
        var id = bundle["BundleId"]!.GetValue<string>();

        (await bed.Call("UpdateWorkspaceBundle", new { BundleId = id, ImageId = second })).Ok();
        var updated = (await bed.Call("DescribeWorkspaceBundles", new { BundleIds = new[] { id } })).Ok()["Bundles"]![0]!;
        updated["ImageId"]!.GetValue<string>().Should().Be(second);
        updated["LastUpdatedTime"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(bundle["LastUpdatedTime"]!.GetValue<double>());
        // The old image is free again; the new one is in use.
        (await bed.Call("DeleteWorkspaceImage", new { ImageId = first })).Ok();
        ShouldFail(await bed.Call("DeleteWorkspaceImage", new { ImageId = second }), "ResourceAssociatedException");

        ShouldFail(await bed.Call("UpdateWorkspaceBundle", new { BundleId = "wsb-000000000", ImageId = second }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("UpdateWorkspaceBundle", new { BundleId = WorkSpacesTestBed.ValueWindowsBundle, ImageId = second }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("UpdateWorkspaceBundle", new { BundleId = id, ImageId = "wsi-000000000" }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("UpdateWorkspaceBundle", new { ImageId = second }), "InvalidParameterValuesException");
    }

    [Fact]
    public async Task A_WorkSpace_launched_from_a_custom_bundle_reaches_AVAILABLE_and_keeps_the_bundle_from_being_deleted()
    {
        var bed = new WorkSpacesTestBed(factory);
        var (dir, source, image) = await CapturedImage(bed, "linux-golden", "wsb-z5dllfd37");   // Amazon Linux 2 (DCV)
        var bundle = (await bed.Call("CreateWorkspaceBundle", BundleRequest("linux-team", image, "POWER", "100", "175"))).Ok()["WorkspaceBundle"]!["BundleId"]!.GetValue<string>();

        bed.SeedUser(dir, "bob");
        var ws = await bed.CreateWorkspace(dir, "bob", bundle);
        await bed.WaitForState(ws, "AVAILABLE");
        var workspace = (await bed.Workspace(ws))!;
        workspace["BundleId"]!.GetValue<string>().Should().Be(bundle);
        var properties = workspace["WorkspaceProperties"]!;
        properties["ComputeTypeName"]!.GetValue<string>().Should().Be("POWER");
        properties["RootVolumeSizeGib"]!.GetValue<int>().Should().Be(175);
        properties["UserVolumeSizeGib"]!.GetValue<int>().Should().Be(100);
        properties["OperatingSystemName"]!.GetValue<string>().Should().Be("AMAZON_LINUX_2");
        properties["Protocols"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("WSP");

        ShouldFail(await bed.Call("DeleteWorkspaceBundle", new { BundleId = bundle }), "ResourceAssociatedException");
        ShouldFail(await bed.Call("DeleteWorkspaceImage", new { ImageId = image }), "ResourceAssociatedException");
        (await bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        await Eventually.WaitAsync(() => bed.Workspace(ws), w => w is null, "WorkSpace gone");

        (await bed.Call("DeleteWorkspaceBundle", new { BundleId = bundle })).Ok();
        (await bed.Call("DescribeWorkspaceBundles", new { BundleIds = new[] { bundle } })).Ok()["Bundles"]!.AsArray().Should().BeEmpty();
        ShouldFail(await bed.Call("DeleteWorkspaceBundle", new { BundleId = bundle }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("DeleteWorkspaceBundle", new { BundleId = WorkSpacesTestBed.ValueWindowsBundle }), "InvalidParameterValuesException");
        (await bed.Call("DeleteWorkspaceImage", new { ImageId = image })).Ok();
        (await bed.State(source)).Should().Be("AVAILABLE");
    }
}
