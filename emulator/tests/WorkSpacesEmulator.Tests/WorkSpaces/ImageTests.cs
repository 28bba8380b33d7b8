using System.Text.Json.Nodes;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class ImageTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    internal static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    internal static async Task<JsonNode?> Image(WorkSpacesTestBed bed, string imageId)
    {
        var body = (await bed.Call("DescribeWorkspaceImages", new { ImageIds = new[] { imageId } })).Ok();
        return body["Images"]!.AsArray().FirstOrDefault();
    }

    internal static Task<JsonNode?> WaitForImage(WorkSpacesTestBed bed, string imageId, string state = "AVAILABLE") =>
        Eventually.WaitAsync(() => Image(bed, imageId), i => i?["State"]?.GetValue<string>() == state, $"{imageId} {state}");

    /// <summary>An AVAILABLE WorkSpace and an AVAILABLE image captured from it.</summary>
    internal static async Task<(string DirectoryId, string WorkspaceId, string ImageId)> CapturedImage(WorkSpacesTestBed bed, string name = "golden",
        string bundleId = WorkSpacesTestBed.ValueWindowsBundle)
    {
        var dir = await bed.RegisteredDirectory("imager");
        var ws = await bed.CreateWorkspace(dir, "imager", bundleId);
        await bed.WaitForState(ws, "AVAILABLE");
        var created = (await bed.Call("CreateWorkspaceImage", new { Name = name, Description = "Golden image", WorkspaceId = ws })).Ok();
        var imageId = created["ImageId"]!.GetValue<string>();
        await WaitForImage(bed, imageId);
        await bed.WaitForState(ws, "AVAILABLE");
        return (dir, ws, imageId);
    }

    internal static async Task<string> Import(WorkSpacesTestBed bed, string name, string process = "BYOL_REGULAR_WSP")
    {
        var body = (await bed.Call("ImportWorkspaceImage", new
        {
            Ec2ImageId = "ami-0123456789abcdef0", IngestionProcess = process, ImageName = name, ImageDescription = "Imported " + name,
        })).Ok();
        return body["ImageId"]!.GetValue<string>();
    }

    [Fact]
    public async Task CreateWorkspaceImage_suspends_the_WorkSpace_until_the_image_is_AVAILABLE()
    {
        await using var slow = new EmulatorFactory();
        slow.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.6";
        var bed = new WorkSpacesTestBed(slow);
        var dir = await bed.RegisteredDirectory("alice");
        var ws = await bed.CreateWorkspace(dir, "alice");
        await bed.WaitForState(ws, "AVAILABLE");

        var created = (await bed.Call("CreateWorkspaceImage", new
        {
            Name = "win-golden", Description = "Golden image", WorkspaceId = ws, Tags = new[] { new { Key = "team", Value = "euc" } },
        })).Ok();
        var imageId = created["ImageId"]!.GetValue<string>();
        imageId.Should().MatchRegex("^wsi-[0-9a-z]{9}$");
        created["Name"]!.GetValue<string>().Should().Be("win-golden");
        created["Description"]!.GetValue<string>().Should().Be("Golden image");
        created["OperatingSystem"]!["Type"]!.GetValue<string>().Should().Be("WINDOWS");
        created["State"]!.GetValue<string>().Should().Be("PENDING");
        created["RequiredTenancy"]!.GetValue<string>().Should().Be("DEFAULT");
        created["OwnerAccountId"]!.GetValue<string>().Should().Be(bed.Account);
        created["Created"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.Number);

        (await bed.State(ws)).Should().Be("SUSPENDED");
        (await Image(bed, imageId))!["State"]!.GetValue<string>().Should().Be("PENDING");
        // A SUSPENDED WorkSpace cannot be captured again, nor terminated.
        ShouldFail(await bed.Call("CreateWorkspaceImage", new { Name = "second", Description = "x", WorkspaceId = ws }), "InvalidResourceStateException");
        var terminate = (await bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        terminate["FailedRequests"]!.AsArray().Should().ContainSingle();

        await WaitForImage(bed, imageId);
        await bed.WaitForState(ws, "AVAILABLE");
        var tags = (await bed.Call("DescribeTags", new { ResourceId = imageId })).Ok();
        tags["TagList"]!.AsArray().Single()!["Key"]!.GetValue<string>().Should().Be("team");
    }

    [Fact]
    public async Task CreateWorkspaceImage_takes_the_operating_system_from_the_source_and_refuses_bad_sources()
    {
        var bed = new WorkSpacesTestBed(factory);
        ShouldFail(await bed.Call("CreateWorkspaceImage", new { Name = "ghost", Description = "x", WorkspaceId = "ws-000000000" }), "ResourceNotFoundException");

        var dir = await bed.RegisteredDirectory("linus");
        var ws = await bed.CreateWorkspace(dir, "linus", "wsb-z5dllfd37", new { RunningMode = "AUTO_STOP" });   // Amazon Linux 2 (DCV)
        await bed.WaitForState(ws, "AVAILABLE");
        (await bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        await bed.WaitForState(ws, "STOPPED");
        ShouldFail(await bed.Call("CreateWorkspaceImage", new { Name = "linux", Description = "x", WorkspaceId = ws }), "InvalidResourceStateException");
        (await bed.Call("StartWorkspaces", new { StartWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        await bed.WaitForState(ws, "AVAILABLE");

        var created = (await bed.Call("CreateWorkspaceImage", new { Name = "linux", Description = "x", WorkspaceId = ws })).Ok();
        created["OperatingSystem"]!["Type"]!.GetValue<string>().Should().Be("LINUX");
        await WaitForImage(bed, created["ImageId"]!.GetValue<string>());
        await bed.WaitForState(ws, "AVAILABLE");
        ShouldFail(await bed.Call("CreateWorkspaceImage", new { Name = "linux", Description = "again", WorkspaceId = ws }), "ResourceAlreadyExistsException");
    }

    [Fact]
    public async Task DescribeWorkspaceImages_lists_only_the_callers_images_with_paging()
    {
        var bed = new WorkSpacesTestBed(factory);
        var empty = (await bed.Call("DescribeWorkspaceImages")).Ok();
        empty["Images"]!.AsArray().Should().BeEmpty("Amazon-owned images are referenced by bundles only");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await Import(bed, $"img-{i}"));
        var image = (await Image(bed, ids[0]))!.AsObject();
        image.Select(p => p.Key).Should().BeEquivalentTo("ImageId", "Name", "Description", "OperatingSystem", "State", "RequiredTenancy", "Created", "OwnerAccountId");
        image["RequiredTenancy"]!.GetValue<string>().Should().Be("DEDICATED");
        image["OperatingSystem"]!["Type"]!.GetValue<string>().Should().Be("WINDOWS");

        var first = (await bed.Call("DescribeWorkspaceImages", new { MaxResults = 2 })).Ok();
        first["Images"]!.AsArray().Select(i => i!["ImageId"]!.GetValue<string>()).Should().Equal(ids[0], ids[1]);
        var token = first["NextToken"]!.GetValue<string>();
        var second = (await bed.Call("DescribeWorkspaceImages", new { MaxResults = 2, NextToken = token })).Ok();
        second["Images"]!.AsArray().Select(i => i!["ImageId"]!.GetValue<string>()).Should().Equal(ids[2]);
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();
        ShouldFail(await bed.Call("DescribeWorkspaceImages", new { NextToken = "bm9wZQ==" }), "InvalidParameterValuesException");

        (await bed.Call("DescribeWorkspaceImages", new { ImageType = "OWNED" })).Ok()["Images"]!.AsArray().Should().HaveCount(3);
        (await bed.Call("DescribeWorkspaceImages", new { ImageType = "SHARED" })).Ok()["Images"]!.AsArray().Should().BeEmpty();
        (await bed.Call("DescribeWorkspaceImages", new { ImageIds = new[] { "wsi-zjuquepw7" } })).Ok()["Images"]!.AsArray().Should().BeEmpty();

        var other = new WorkSpacesTestBed(factory);
        (await other.Call("DescribeWorkspaceImages")).Ok()["Images"]!.AsArray().Should().BeEmpty("images are scoped to the account");
    }

    [Fact]
    public async Task ImportWorkspaceImage_goes_PENDING_to_AVAILABLE_and_counts_against_the_quota_of_40()
    {
        var bed = new WorkSpacesTestBed(factory);
        var first = await Import(bed, "imported-0", "BYOL_REGULAR");
        await WaitForImage(bed, first);
        for (var i = 1; i < 40; i++) await Import(bed, $"imported-{i}");
        ShouldFail(await bed.Call("ImportWorkspaceImage", new
        {
            Ec2ImageId = "ami-0123456789abcdef0", IngestionProcess = "BYOL_REGULAR", ImageName = "one-too-many", ImageDescription = "x",
        }), "ResourceLimitExceededException");
        ShouldFail(await bed.Call("ImportWorkspaceImage", new
        {
            Ec2ImageId = "ami-0123456789abcdef0", IngestionProcess = "BYOL_REGULAR", ImageName = "imported-3", ImageDescription = "x",
        }), "ResourceAlreadyExistsException");
        ShouldFail(await bed.Call("ImportWorkspaceImage", new
        {
            Ec2ImageId = "not-an-ami", IngestionProcess = "BYOL_REGULAR", ImageName = "bad", ImageDescription = "x",
        }), "ValidationException");
    }

    [Fact]
    public async Task DeleteWorkspaceImage_is_refused_while_a_bundle_uses_it_or_it_is_shared()
    {
        var bed = new WorkSpacesTestBed(factory);
        var image = await Import(bed, "to-delete");
        await WaitForImage(bed, image);
        var bundle = (await bed.Call("CreateWorkspaceBundle", new
        {
            BundleName = "uses-image", BundleDescription = "x", ImageId = image, ComputeType = new { Name = "STANDARD" }, UserStorage = new { Capacity = "50" },
        })).Ok()["WorkspaceBundle"]!["BundleId"]!.GetValue<string>();
        ShouldFail(await bed.Call("DeleteWorkspaceImage", new { ImageId = image }), "ResourceAssociatedException");
        (await bed.Call("DeleteWorkspaceBundle", new { BundleId = bundle })).Ok();

        (await bed.Call("UpdateWorkspaceImagePermission", new { ImageId = image, AllowCopyImage = true, SharedAccountId = "111122223333" })).Ok();
        ShouldFail(await bed.Call("DeleteWorkspaceImage", new { ImageId = image }), "InvalidResourceStateException");
        (await bed.Call("UpdateWorkspaceImagePermission", new { ImageId = image, AllowCopyImage = false, SharedAccountId = "111122223333" })).Ok();

        (await bed.Call("DeleteWorkspaceImage", new { ImageId = image })).Ok();
        (await Image(bed, image)).Should().BeNull();
        // DeleteWorkspaceImage documents no ResourceNotFoundException: deleting again succeeds.
        (await bed.Call("DeleteWorkspaceImage", new { ImageId = image })).Ok();
        ShouldFail(await bed.Call("DeleteWorkspaceImage", new { ImageId = "wsi-zjuquepw7" }), "AccessDeniedException");
    }

    [Fact]
    public async Task Image_permissions_share_an_image_with_another_account_which_can_copy_it()
    {
        var owner = new WorkSpacesTestBed(factory);
        var other = new WorkSpacesTestBed(factory);
        var image = await Import(owner, "shared-image");

        await WaitForImage(owner, image);
        ShouldFail(await owner.Call("UpdateWorkspaceImagePermission", new { ImageId = image, AllowCopyImage = true, SharedAccountId = owner.Account }),
            "InvalidParameterValuesException");
        ShouldFail(await owner.Call("UpdateWorkspaceImagePermission", new { ImageId = image, AllowCopyImage = false, SharedAccountId = other.Account }),
            "InvalidParameterValuesException");
        ShouldFail(await owner.Call("UpdateWorkspaceImagePermission", new { ImageId = "wsi-000000000", AllowCopyImage = true, SharedAccountId = other.Account }),
            "ResourceNotFoundException");
        (await owner.Call("UpdateWorkspaceImagePermission", new { ImageId = image, AllowCopyImage = true, SharedAccountId = other.Account })).Ok();
        (await owner.Call("UpdateWorkspaceImagePermission", new { ImageId = image, AllowCopyImage = true, SharedAccountId = "111122223333" })).Ok();

        var permissions = (await owner.Call("DescribeWorkspaceImagePermissions", new { ImageId = image, MaxResults = 1 })).Ok();
        permissions["ImageId"]!.GetValue<string>().Should().Be(image);
        permissions["ImagePermissions"]!.AsArray().Single()!["SharedAccountId"]!.GetValue<string>().Should().Be(other.Account);
        var rest = (await owner.Call("DescribeWorkspaceImagePermissions", new { ImageId = image, NextToken = permissions["NextToken"]!.GetValue<string>() })).Ok();
        rest["ImagePermissions"]!.AsArray().Single()!["SharedAccountId"]!.GetValue<string>().Should().Be("111122223333");
        ShouldFail(await other.Call("DescribeWorkspaceImagePermissions", new { ImageId = image }), "ResourceNotFoundException");

        var shared = (await other.Call("DescribeWorkspaceImages", new { ImageType = "SHARED" })).Ok()["Images"]!.AsArray().Single()!;
        shared["ImageId"]!.GetValue<string>().Should().Be(image);
        shared["OwnerAccountId"]!.GetValue<string>().Should().Be(owner.Account);
        (await other.Call("DescribeWorkspaceImages")).Ok()["Images"]!.AsArray().Should().BeEmpty();
        (await other.Call("DescribeWorkspaceImages", new { ImageIds = new[] { image } })).Ok()["Images"]!.AsArray().Should().ContainSingle();
        (await other.Call("DeleteWorkspaceImage", new { ImageId = image })).Ok();   // not its image: nothing to delete
        (await Image(owner, image)).Should().NotBeNull();

        var copy = (await other.Call("CopyWorkspaceImage", new { Name = "my-copy", SourceImageId = image, SourceRegion = "us-east-1" })).Ok()["ImageId"]!.GetValue<string>();
        copy.Should().NotBe(image);
        var copied = await WaitForImage(other, copy);
        copied!["OwnerAccountId"]!.GetValue<string>().Should().Be(other.Account);
        copied["Description"]!.GetValue<string>().Should().Be("Imported shared-image");
    }

    [Fact]
    public async Task CopyWorkspaceImage_copies_from_another_Region_of_the_same_account()
    {
        var east = new WorkSpacesTestBed(factory);
        var west = new WorkSpacesTestBed(factory, "eu-west-1", east.Account);
        var image = await Import(east, "regional");
        await WaitForImage(east, image);

        ShouldFail(await west.Call("CopyWorkspaceImage", new { Name = "wrong-region", SourceImageId = image, SourceRegion = "us-west-2" }), "ResourceNotFoundException");
        var body = (await west.Call("CopyWorkspaceImage", new
        {
            Name = "regional-copy", Description = "Copied", SourceImageId = image, SourceRegion = "us-east-1", Tags = new[] { new { Key = "copy", Value = "yes" } },
        })).Ok();
        var copy = body["ImageId"]!.GetValue<string>();
        (await Image(west, copy))!["State"]!.GetValue<string>().Should().BeOneOf("PENDING", "AVAILABLE");
        var copied = await WaitForImage(west, copy);
        copied!["Description"]!.GetValue<string>().Should().Be("Copied");
        copied["RequiredTenancy"]!.GetValue<string>().Should().Be("DEDICATED");
        (await Image(east, copy)).Should().BeNull("the copy lives in the destination Region");
        (await west.Call("DescribeTags", new { ResourceId = copy })).Ok()["TagList"]!.AsArray().Should().ContainSingle();
        ShouldFail(await west.Call("CopyWorkspaceImage", new { Name = "regional-copy", SourceImageId = image, SourceRegion = "us-east-1" }),
            "ResourceAlreadyExistsException");
    }

    [Fact]
    public async Task A_PENDING_image_cannot_be_shared_copied_bundled_or_deleted()
    {
        await using var slow = new EmulatorFactory();
        slow.Settings["EMULATOR_TRANSITION_SECONDS"] = "5";
        var bed = new WorkSpacesTestBed(slow);
        var image = await Import(bed, "slow-image");
        (await Image(bed, image))!["State"]!.GetValue<string>().Should().Be("PENDING");
        ShouldFail(await bed.Call("UpdateWorkspaceImagePermission", new { ImageId = image, AllowCopyImage = true, SharedAccountId = "111122223333" }),
            "ResourceUnavailableException");
        ShouldFail(await bed.Call("CopyWorkspaceImage", new { Name = "too-early", SourceImageId = image, SourceRegion = bed.Region }), "ResourceUnavailableException");
        ShouldFail(await bed.Call("CreateWorkspaceBundle", new
        {
            BundleName = "too-early", BundleDescription = "x", ImageId = image, ComputeType = new { Name = "VALUE" }, UserStorage = new { Capacity = "10" },
        }), "ResourceUnavailableException");
        ShouldFail(await bed.Call("DeleteWorkspaceImage", new { ImageId = image }), "InvalidResourceStateException");
    }

    [Fact]
    public async Task Stored_SUSPENDED_WorkSpaces_and_PENDING_images_resume_after_a_restart()
    {
        // What the store holds after a restart mid-capture: a SUSPENDED WorkSpace whose desktop does not exist (yet)
        // and its PENDING image, both overdue.
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("lazarus");
        var id = await bed.CreateWorkspace(dir, "lazarus");
        await bed.WaitForState(id, "AVAILABLE");
        var workspaces = bed.Store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);
        var past = DateTimeOffset.UtcNow.AddSeconds(-1);
        var reborn = workspaces.Get(bed.Scope, id)! with
        {
            Id = "ws-" + id[3..^1] + (id[^1] == 'z' ? 'y' : 'z'), State = "SUSPENDED", PendingAction = WorkspaceStateMachine.ImageCaptureAction,
            NextTransitionAt = past, StateChangedAt = past,
        };
        workspaces.Put(reborn);
        var image = new WorkspaceImageRecord("wsi-" + reborn.Id[3..], bed.Scope, "resumed", "x", "WINDOWS_SERVER_2022", "PCOIP", "DEFAULT", "PENDING", past, past,
            "CREATE", reborn.Id, [], []);
        bed.Store.Table<WorkspaceImageRecord>(ResourceKinds.Images).Put(image);

        await WaitForImage(bed, image.Id);
        await bed.WaitForState(reborn.Id, "AVAILABLE");
        var view = await Eventually.WaitAsync(
            () => bed.Wire.RuntimeViewAsync(reborn.Id),
            v => v["running"]!.GetValue<bool>(), "desktop of a resumed WorkSpace running");
        view["running"]!.GetValue<bool>().Should().BeTrue();
        await Task.Delay(300);
        (await bed.State(reborn.Id)).Should().Be("AVAILABLE", "the desktop was started again, so the WorkSpace does not turn UNHEALTHY");
    }

    [Fact]
    public async Task Image_tags_can_be_changed_but_Amazon_images_cannot_be_tagged()
    {
        var bed = new WorkSpacesTestBed(factory);
        var image = await Import(bed, "tagged");
        (await bed.Call("CreateTags", new { ResourceId = image, Tags = new[] { new { Key = "env", Value = "dev" } } })).Ok();
        (await bed.Call("DescribeTags", new { ResourceId = image })).Ok()["TagList"]!.AsArray().Single()!["Value"]!.GetValue<string>().Should().Be("dev");
        (await bed.Call("DeleteTags", new { ResourceId = image, TagKeys = new[] { "env" } })).Ok();
        (await bed.Call("DescribeTags", new { ResourceId = image })).Ok()["TagList"]!.AsArray().Should().BeEmpty();
        (await bed.Call("DescribeTags", new { ResourceId = "wsi-zjuquepw7" })).Ok()["TagList"]!.AsArray().Should().BeEmpty();
        ShouldFail(await bed.Call("CreateTags", new { ResourceId = "wsi-zjuquepw7", Tags = new[] { new { Key = "a", Value = "b" } } }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("DescribeTags", new { ResourceId = "wsi-000000000" }), "ResourceNotFoundException");
    }
}
