using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class ClientBrandingTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Import_describe_and_delete_branding_per_platform()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        (await bed.Call("DescribeClientBranding", new { ResourceId = directoryId })).Ok().AsObject().Should().BeEmpty();

        var imported = (await bed.Call("ImportClientBranding", new
        {
            ResourceId = directoryId,
            DeviceTypeWindows = new
            {
                Logo = Convert.ToBase64String(Png),
                SupportEmail = "help@example.com",
                ForgotPasswordLink = "https://example.com/forgot",
                LoginMessage = new Dictionary<string, string> { ["en_US"] = "<b>Welcome</b>" },
            },
            DeviceTypeIos = new
            {
                Logo = Convert.ToBase64String(Png),
                Logo3x = Convert.ToBase64String(Png),
                SupportLink = "https://example.com/help",
            },
        })).Ok().AsObject();
        imported.Select(p => p.Key).Should().BeEquivalentTo("DeviceTypeWindows", "DeviceTypeIos");

        var described = (await bed.Call("DescribeClientBranding", new { ResourceId = directoryId })).Ok().AsObject();
        described.Select(p => p.Key).Should().BeEquivalentTo("DeviceTypeWindows", "DeviceTypeIos");
        var windows = described["DeviceTypeWindows"]!.AsObject();
        // The LogoUrl answers the imported bytes.
        var logoUrl = new Uri(windows["LogoUrl"]!.GetValue<string>());
        (await factory.CreateClient().GetByteArrayAsync(logoUrl.PathAndQuery)).Should().Equal(Png);
        // The link is signed: the path alone (account and directory id are not secrets) serves nothing.
        (await factory.CreateClient().GetAsync(logoUrl.AbsolutePath)).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        windows.Select(p => p.Key).Should().BeEquivalentTo("LogoUrl", "SupportEmail", "ForgotPasswordLink", "LoginMessage");
        windows["LogoUrl"]!.GetValue<string>().Should().MatchRegex(@"^(http|https)\://\S+");
        windows["LogoUrl"]!.GetValue<string>().Length.Should().BeLessThanOrEqualTo(200);
        windows["SupportEmail"]!.GetValue<string>().Should().Be("help@example.com");
        windows["ForgotPasswordLink"]!.GetValue<string>().Should().Be("https://example.com/forgot");
        windows["LoginMessage"]!["en_US"]!.GetValue<string>().Should().Be("<b>Welcome</b>");
        var ios = described["DeviceTypeIos"]!.AsObject();
        ios.Select(p => p.Key).Should().BeEquivalentTo("LogoUrl", "Logo3xUrl", "SupportLink");
        JsonNode.DeepEquals(imported["DeviceTypeIos"], ios).Should().BeTrue();

        // Importing a platform again replaces its branding.
        (await bed.Call("ImportClientBranding", new { ResourceId = directoryId, DeviceTypeWindows = new { SupportLink = "https://example.com/it" } })).Ok();
        var replaced = (await bed.Call("DescribeClientBranding", new { ResourceId = directoryId })).Ok()["DeviceTypeWindows"]!.AsObject();
        replaced.Select(p => p.Key).Should().Equal("SupportLink");

        (await bed.Call("DeleteClientBranding", new { ResourceId = directoryId, Platforms = new[] { "DeviceTypeWindows", "DeviceTypeLinux" } }))
            .Ok().AsObject().Should().BeEmpty();
        (await bed.Call("DescribeClientBranding", new { ResourceId = directoryId })).Ok().AsObject().Select(p => p.Key).Should().Equal("DeviceTypeIos");
    }

    [Fact]
    public async Task Branding_is_refused_for_unknown_directories_and_bad_input()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        var unknown = "d-0123456789";
        ShouldFail(await bed.Call("ImportClientBranding", new { ResourceId = unknown, DeviceTypeWeb = new { SupportLink = "https://example.com" } }),
            "ResourceNotFoundException");
        ShouldFail(await bed.Call("DescribeClientBranding", new { ResourceId = unknown }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("DeleteClientBranding", new { ResourceId = unknown, Platforms = new[] { "DeviceTypeWeb" } }), "ResourceNotFoundException");

        ShouldFail(await bed.Call("ImportClientBranding", new { ResourceId = directoryId }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("ImportClientBranding", new
        {
            ResourceId = directoryId, DeviceTypeOsx = new { SupportEmail = "help@example.com", SupportLink = "https://example.com" },
        }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("ImportClientBranding", new { ResourceId = directoryId, DeviceTypeOsx = new { SupportLink = "ftp://example.com" } }),
            "ValidationException");
        ShouldFail(await bed.Call("ImportClientBranding", new
        {
            ResourceId = directoryId, DeviceTypeIos = new { Logo = Convert.ToBase64String(new byte[447_001]) },
        }), "ValidationException");
        ShouldFail(await bed.Call("DeleteClientBranding", new { ResourceId = directoryId, Platforms = new[] { "DeviceTypeAmiga" } }), "ValidationException");
        ShouldFail(await bed.Call("DeleteClientBranding", new { ResourceId = directoryId, Platforms = Array.Empty<string>() }), "ValidationException");

        var big = Convert.ToBase64String(new byte[1_500_000]);
        ShouldFail(await bed.Call("ImportClientBranding", new
        {
            ResourceId = directoryId,
            DeviceTypeWindows = new { Logo = big }, DeviceTypeOsx = new { Logo = big }, DeviceTypeLinux = new { Logo = big },
            DeviceTypeAndroid = new { Logo = big }, DeviceTypeWeb = new { Logo = big },
        }), "ResourceLimitExceededException");
        (await bed.Call("DescribeClientBranding", new { ResourceId = directoryId })).Ok().AsObject().Should().BeEmpty();
    }

    [Fact]
    public async Task Deregistering_a_directory_drops_its_branding()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory();
        (await bed.Call("ImportClientBranding", new { ResourceId = directoryId, DeviceTypeWeb = new { SupportLink = "https://example.com" } })).Ok();
        (await bed.Call("DeregisterWorkspaceDirectory", new { DirectoryId = directoryId })).Ok();
        await Eventually.WaitAsync(() => Task.FromResult(bed.Store.Table<WorkSpacesEmulator.Services.WorkSpaces.ClientBrandingRecord>(
            WorkSpacesEmulator.Storage.ResourceKinds.ClientBranding).List(bed.Scope).Count), c => c == 0, "branding removed");
    }
}
