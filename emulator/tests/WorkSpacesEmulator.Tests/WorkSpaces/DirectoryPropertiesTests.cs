using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class DirectoryPropertiesTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
    }

    private static string S(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task A_new_registration_reports_the_default_property_blocks()
    {
        var bed = new WorkSpacesTestBed(factory);
        var d = (await bed.DescribeDirectory(await bed.RegisteredDirectory()))!;
        var creation = d["WorkspaceCreationProperties"]!.AsObject();
        creation.Select(p => p.Key).Should().BeEquivalentTo("EnableInternetAccess", "UserEnabledAsLocalAdministrator", "EnableMaintenanceMode");
        creation["EnableInternetAccess"]!.GetValue<bool>().Should().BeFalse();
        S(d["SamlProperties"]!["Status"]).Should().Be("DISABLED");
        S(d["SamlProperties"]!["RelayStateParameterName"]).Should().Be("RelayState");
        S(d["CertificateBasedAuthProperties"]!["Status"]).Should().Be("DISABLED");
        S(d["EndpointEncryptionMode"]).Should().Be("STANDARD_TLS");
        S(d["WorkspaceAccessProperties"]!["DeviceTypeWeb"]).Should().Be("DENY");
        S(d["SelfservicePermissions"]!["RebuildWorkspace"]).Should().Be("DISABLED");
        d.AsObject().ContainsKey("StreamingProperties").Should().BeFalse();
    }

    [Fact]
    public async Task Creation_properties_merge_and_check_the_security_group()
    {
        var bed = new WorkSpacesTestBed(factory);
        var id = await bed.RegisteredDirectory();
        var groupId = S((await bed.DescribeDirectory(id))!["WorkspaceSecurityGroupId"]);

        (await bed.Call("ModifyWorkspaceCreationProperties", new
        {
            ResourceId = id,
            WorkspaceCreationProperties = new { EnableInternetAccess = true, DefaultOu = "OU=Desktops,DC=corp,DC=example,DC=com", CustomSecurityGroupId = groupId },
        })).Ok().AsObject().Should().BeEmpty();
        (await bed.Call("ModifyWorkspaceCreationProperties", new
        {
            ResourceId = id,
            WorkspaceCreationProperties = new { UserEnabledAsLocalAdministrator = false, InstanceIamRoleArn = $"arn:aws:iam::{bed.Account}:role/ws-instance" },
        })).Ok();
        var creation = (await bed.DescribeDirectory(id))!["WorkspaceCreationProperties"]!;
        creation["EnableInternetAccess"]!.GetValue<bool>().Should().BeTrue();
        S(creation["DefaultOu"]).Should().Be("OU=Desktops,DC=corp,DC=example,DC=com");
        S(creation["CustomSecurityGroupId"]).Should().Be(groupId);
        creation["UserEnabledAsLocalAdministrator"]!.GetValue<bool>().Should().BeFalse();
        creation["EnableMaintenanceMode"]!.GetValue<bool>().Should().BeTrue();
        S(creation["InstanceIamRoleArn"]).Should().Be($"arn:aws:iam::{bed.Account}:role/ws-instance");

        ShouldFail(await bed.Call("ModifyWorkspaceCreationProperties", new { ResourceId = id, WorkspaceCreationProperties = new { CustomSecurityGroupId = "sg-0123456789abcdef0" } }),
            "InvalidParameterValuesException");
        var missing = await bed.Call("ModifyWorkspaceCreationProperties", new { ResourceId = "d-0000000000", WorkspaceCreationProperties = new { EnableInternetAccess = true } });
        ShouldFail(missing, "ResourceNotFoundException");
        S(missing.Json["ResourceId"]).Should().Be("d-0000000000");
    }

    [Fact]
    public async Task Selfservice_and_access_properties_change_only_the_given_members()
    {
        var bed = new WorkSpacesTestBed(factory);
        var id = await bed.RegisteredDirectory();

        (await bed.Call("ModifySelfservicePermissions", new { ResourceId = id, SelfservicePermissions = new { RebuildWorkspace = "ENABLED", RestartWorkspace = "DISABLED" } })).Ok()
            .AsObject().Should().BeEmpty();
        var self = (await bed.DescribeDirectory(id))!["SelfservicePermissions"]!;
        S(self["RebuildWorkspace"]).Should().Be("ENABLED");
        S(self["RestartWorkspace"]).Should().Be("DISABLED");
        S(self["ChangeComputeType"]).Should().Be("DISABLED");
        ShouldFail(await bed.Call("ModifySelfservicePermissions", new { ResourceId = "d-0000000000", SelfservicePermissions = new { RebuildWorkspace = "ENABLED" } }),
            "ResourceNotFoundException");
        (await bed.Call("ModifySelfservicePermissions", new { ResourceId = id, SelfservicePermissions = new { RebuildWorkspace = "MAYBE" } })).Status.Should().Be(400);

        (await bed.Call("ModifyWorkspaceAccessProperties", new
        {
            ResourceId = id,
            WorkspaceAccessProperties = new
            {
                DeviceTypeWeb = "ALLOW",
                DeviceTypeWindows = "DENY",
                AccessEndpointConfig = new { AccessEndpoints = new[] { new { AccessEndpointType = "STREAMING_WSP", VpcEndpointId = "vpce-0123456789abcdef0" } } },
            },
        })).Ok().AsObject().Should().BeEmpty();
        var access = (await bed.DescribeDirectory(id))!["WorkspaceAccessProperties"]!;
        S(access["DeviceTypeWeb"]).Should().Be("ALLOW");
        S(access["DeviceTypeWindows"]).Should().Be("DENY");
        S(access["DeviceTypeOsx"]).Should().Be("ALLOW");
        S(access["DeviceTypeWorkSpacesThinClient"]).Should().Be("DENY");
        S(access["AccessEndpointConfig"]!["AccessEndpoints"]![0]!["VpcEndpointId"]).Should().Be("vpce-0123456789abcdef0");
        ShouldFail(await bed.Call("ModifyWorkspaceAccessProperties", new { ResourceId = "d-0000000000", WorkspaceAccessProperties = new { DeviceTypeWeb = "ALLOW" } }),
            "ResourceNotFoundException");
    }

    [Fact]
    public async Task Client_properties_are_described_per_directory()
    {
        var bed = new WorkSpacesTestBed(factory);
        var first = await bed.RegisteredDirectory();
        var second = await bed.RegisteredDirectory();

        (await bed.Call("ModifyClientProperties", new { ResourceId = first, ClientProperties = new { ReconnectEnabled = "DISABLED" } })).Ok().AsObject().Should().BeEmpty();
        var body = (await bed.Call("DescribeClientProperties", new { ResourceIds = new[] { first, second } })).Ok();
        var list = body["ClientPropertiesList"]!.AsArray();
        list.Should().HaveCount(2);
        list[0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("ResourceId", "ClientProperties");
        S(list[0]!["ResourceId"]).Should().Be(first);
        S(list[0]!["ClientProperties"]!["ReconnectEnabled"]).Should().Be("DISABLED");
        S(list[0]!["ClientProperties"]!["LogUploadEnabled"]).Should().Be("ENABLED");
        S(list[1]!["ResourceId"]).Should().Be(second);
        S(list[1]!["ClientProperties"]!["ReconnectEnabled"]).Should().Be("ENABLED");

        ShouldFail(await bed.Call("DescribeClientProperties", new { ResourceIds = new[] { first, "d-0000000000" } }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("ModifyClientProperties", new { ResourceId = "d-0000000000", ClientProperties = new { ReconnectEnabled = "DISABLED" } }), "ResourceNotFoundException");
        (await bed.Call("DescribeClientProperties", new { ResourceIds = Enumerable.Range(0, 26).Select(i => first).ToArray() })).Status.Should().Be(400);
        (await bed.Call("DescribeClientProperties", new { ResourceIds = Array.Empty<string>() })).Status.Should().Be(400);
    }

    [Fact]
    public async Task Saml_and_certificate_based_auth_support_PropertiesToDelete()
    {
        var bed = new WorkSpacesTestBed(factory);
        var id = await bed.RegisteredDirectory();

        (await bed.Call("ModifySamlProperties", new
        {
            ResourceId = id,
            SamlProperties = new { Status = "ENABLED", UserAccessUrl = "https://idp.example.com/sso", RelayStateParameterName = "RelayState2" },
        })).Ok().AsObject().Should().BeEmpty();
        var saml = (await bed.DescribeDirectory(id))!["SamlProperties"]!;
        S(saml["Status"]).Should().Be("ENABLED");
        S(saml["UserAccessUrl"]).Should().Be("https://idp.example.com/sso");
        S(saml["RelayStateParameterName"]).Should().Be("RelayState2");

        (await bed.Call("ModifySamlProperties", new { ResourceId = id, PropertiesToDelete = new[] { "SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME" } })).Ok();
        saml = (await bed.DescribeDirectory(id))!["SamlProperties"]!;
        saml.AsObject().Select(p => p.Key).Should().BeEquivalentTo("Status", "UserAccessUrl");
        ShouldFail(await bed.Call("ModifySamlProperties", new
        {
            ResourceId = id,
            SamlProperties = new { UserAccessUrl = "https://other.example.com" },
            PropertiesToDelete = new[] { "SAML_PROPERTIES_USER_ACCESS_URL" },
        }), "InvalidParameterValuesException");
        (await bed.Call("ModifySamlProperties", new { ResourceId = id, PropertiesToDelete = new[] { "SOMETHING_ELSE" } })).Status.Should().Be(400);
        ShouldFail(await bed.Call("ModifySamlProperties", new { ResourceId = "d-0000000000", SamlProperties = new { Status = "DISABLED" } }), "ResourceNotFoundException");

        var ca = $"arn:aws:acm-pca:us-east-1:{bed.Account}:certificate-authority/11111111-2222-3333-4444-555555555555";
        (await bed.Call("ModifyCertificateBasedAuthProperties", new { ResourceId = id, CertificateBasedAuthProperties = new { Status = "ENABLED", CertificateAuthorityArn = ca } }))
            .Ok().AsObject().Should().BeEmpty();
        var cba = (await bed.DescribeDirectory(id))!["CertificateBasedAuthProperties"]!;
        S(cba["Status"]).Should().Be("ENABLED");
        S(cba["CertificateAuthorityArn"]).Should().Be(ca);
        (await bed.Call("ModifyCertificateBasedAuthProperties", new
        {
            ResourceId = id,
            CertificateBasedAuthProperties = new { Status = "DISABLED" },
            PropertiesToDelete = new[] { "CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN" },
        })).Ok();
        cba = (await bed.DescribeDirectory(id))!["CertificateBasedAuthProperties"]!;
        cba.AsObject().Select(p => p.Key).Should().Equal("Status");
        S(cba["Status"]).Should().Be("DISABLED");
        ShouldFail(await bed.Call("ModifyCertificateBasedAuthProperties", new { ResourceId = "d-0000000000", CertificateBasedAuthProperties = new { Status = "DISABLED" } }),
            "ResourceNotFoundException");
    }

    [Fact]
    public async Task Streaming_properties_and_endpoint_encryption_mode_are_stored()
    {
        var bed = new WorkSpacesTestBed(factory);
        var id = await bed.RegisteredDirectory();

        (await bed.Call("ModifyStreamingProperties", new
        {
            ResourceId = id,
            StreamingProperties = new
            {
                StreamingExperiencePreferredProtocol = "UDP",
                UserSettings = new object[]
                {
                    new { Action = "CLIPBOARD_COPY_FROM_LOCAL_DEVICE", Permission = "ENABLED", MaximumLength = 8192 },
                    new { Action = "PRINTING_TO_LOCAL_DEVICE", Permission = "DISABLED" },
                },
            },
        })).Ok().AsObject().Should().BeEmpty();
        (await bed.Call("ModifyStreamingProperties", new { ResourceId = id, StreamingProperties = new { StorageConnectors = new[] { new { ConnectorType = "HOME_FOLDER", Status = "ENABLED" } } } })).Ok();
        var streaming = (await bed.DescribeDirectory(id))!["StreamingProperties"]!;
        S(streaming["StreamingExperiencePreferredProtocol"]).Should().Be("UDP");
        var settings = streaming["UserSettings"]!.AsArray();
        settings.Should().HaveCount(2);
        S(settings[0]!["Action"]).Should().Be("CLIPBOARD_COPY_FROM_LOCAL_DEVICE");
        settings[0]!["MaximumLength"]!.GetValue<int>().Should().Be(8192);
        settings[1]!.AsObject().ContainsKey("MaximumLength").Should().BeFalse();
        S(streaming["StorageConnectors"]![0]!["ConnectorType"]).Should().Be("HOME_FOLDER");
        ShouldFail(await bed.Call("ModifyStreamingProperties", new { ResourceId = "d-0000000000" }), "ResourceNotFoundException");

        (await bed.Call("ModifyEndpointEncryptionMode", new { DirectoryId = id, EndpointEncryptionMode = "FIPS_VALIDATED" })).Ok().AsObject().Should().BeEmpty();
        S((await bed.DescribeDirectory(id))!["EndpointEncryptionMode"]).Should().Be("FIPS_VALIDATED");
        (await bed.Call("ModifyEndpointEncryptionMode", new { DirectoryId = id, EndpointEncryptionMode = "PLAINTEXT" })).Status.Should().Be(400);
        ShouldFail(await bed.Call("ModifyEndpointEncryptionMode", new { DirectoryId = "d-0000000000", EndpointEncryptionMode = "STANDARD_TLS" }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Properties_and_associations_survive_a_restart_of_the_store()
    {
        // The stored record round-trips through LiteDB JSON with every new member.
        var bed = new WorkSpacesTestBed(factory);
        var id = await bed.RegisteredDirectory();
        (await bed.Call("ModifyClientProperties", new { ResourceId = id, ClientProperties = new { LogUploadEnabled = "DISABLED" } })).Ok();
        (await bed.Call("ModifyEndpointEncryptionMode", new { DirectoryId = id, EndpointEncryptionMode = "FIPS_VALIDATED" })).Ok();
        var table = bed.Store.Table<WorkSpacesEmulator.Services.WorkSpaces.WorkspaceDirectoryRecord>(WorkSpacesEmulator.Storage.ResourceKinds.WorkspaceDirectories);
        var record = table.Get(bed.Scope, id)!;
        var json = System.Text.Json.JsonSerializer.Serialize(record);
        var back = System.Text.Json.JsonSerializer.Deserialize<WorkSpacesEmulator.Services.WorkSpaces.WorkspaceDirectoryRecord>(json)!;
        back.ClientProperties!.LogUploadEnabled.Should().Be("DISABLED");
        back.EndpointEncryptionMode.Should().Be("FIPS_VALIDATED");

        // A record stored before these members existed still loads, with the defaults.
        var old = JsonNode.Parse(json)!.AsObject();
        foreach (var member in new[] { "CreationProperties", "SelfservicePermissions", "AccessProperties", "ClientProperties", "SamlProperties",
                     "CertificateBasedAuthProperties", "StreamingProperties", "EndpointEncryptionMode" })
            old.Remove(member);
        var legacy = System.Text.Json.JsonSerializer.Deserialize<WorkSpacesEmulator.Services.WorkSpaces.WorkspaceDirectoryRecord>(old.ToJsonString())!;
        legacy.ClientProperties.Should().BeNull();
        legacy.EndpointEncryptionMode.Should().BeNull();
    }
}
