using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>Certificates, client-side LDAPS, smart-card client authentication and the CA enrollment policy over the wire.</summary>
public sealed class DirectoryCertificatesApiTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private const string ConnectorArn = "arn:aws:pca-connector-ad:us-east-1:123456789012:connector/12345678-1234-1234-1234-123456789012";

    private static void ShouldBeError(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
    }

    private static string Pem(string commonName, int validDays = 365)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, O=Example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(validDays));
        return certificate.ExportCertificatePem();
    }

    private static object MicrosoftAd(DsTestKit kit)
    {
        var (vpcId, subnets) = kit.DefaultNetwork();
        return new { Name = "corp.example.com", Password = DsTestKit.Password, Edition = "Standard",
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } } };
    }

    private static object Connector(DsTestKit kit)
    {
        var (vpcId, subnets) = kit.DefaultNetwork();
        return new { Name = "corp.example.com", Password = "x", Size = "Small",
            ConnectSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id }, CustomerDnsIps = new[] { "10.0.0.10" }, CustomerUserName = "svc" } };
    }

    private static async Task<string> Register(DsTestKit kit, string directoryId, string pem, string? type = null, string? ocsp = null)
    {
        object request = type is null ? new { DirectoryId = directoryId, CertificateData = pem }
            : ocsp is null ? new { DirectoryId = directoryId, CertificateData = pem, Type = type }
            : new { DirectoryId = directoryId, CertificateData = pem, Type = type, ClientCertAuthSettings = new { OCSPUrl = ocsp } };
        return (await kit.Wire.JsonAsync("ds", "RegisterCertificate", request)).Ok()["CertificateId"]!.GetValue<string>();
    }

    private static Task<JsonNode> Describe(DsTestKit kit, string directoryId, string certificateId) =>
        kit.Wire.JsonAsync("ds", "DescribeCertificate", new { DirectoryId = directoryId, CertificateId = certificateId }).ContinueWith(t => t.Result.Ok()["Certificate"]!);

    private static Task<JsonNode> WaitForState(DsTestKit kit, string directoryId, string certificateId, string state) =>
        Eventually.WaitAsync(() => Describe(kit, directoryId, certificateId), c => c["State"]!.GetValue<string>() == state, $"{certificateId} {state}");

    private static Task<JsonNode> Ldaps(DsTestKit kit, string directoryId) =>
        kit.Wire.JsonAsync("ds", "DescribeLDAPSSettings", new { DirectoryId = directoryId }).ContinueWith(t => t.Result.Ok()["LDAPSSettingsInfo"]![0]!);

    [Fact]
    public async Task Certificates_are_registered_described_listed_limited_and_deregistered()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        var pem = Pem("ca0.corp.example.com");
        var first = await Register(kit, id, pem);
        first.Should().MatchRegex("^c-[0-9a-f]{10}$");

        var described = await WaitForState(kit, id, first, "Registered");
        described["CertificateId"]!.GetValue<string>().Should().Be(first);
        described["CommonName"]!.GetValue<string>().Should().Be("ca0.corp.example.com");
        described["Type"]!.GetValue<string>().Should().Be("ClientLDAPS");
        var expiry = DateTimeOffset.FromUnixTimeMilliseconds((long)(described["ExpiryDateTime"]!.GetValue<double>() * 1000));
        expiry.Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(365), TimeSpan.FromMinutes(5));
        described["RegisteredDateTime"]!.GetValue<double>().Should().BePositive();

        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterCertificate", new { DirectoryId = id, CertificateData = pem }), "CertificateAlreadyExistsException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterCertificate", new { DirectoryId = id, CertificateData = "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----" }), "InvalidCertificateException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterCertificate", new { DirectoryId = id, CertificateData = "not a certificate" }), "InvalidCertificateException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterCertificate", new { DirectoryId = id, CertificateData = Pem("short.example.com", 30) }), "InvalidCertificateException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterCertificate", new { DirectoryId = id, CertificateData = Pem("x.example.com"), Type = "ClientLDAPS", ClientCertAuthSettings = new { OCSPUrl = "https://ocsp.example.com" } }), "InvalidParameterException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterCertificate", new { DirectoryId = "d-0000000000", CertificateData = pem }), "DirectoryDoesNotExistException");

        var smartCard = await Register(kit, id, Pem("sc.corp.example.com"), "ClientCertAuth", "https://ocsp.corp.example.com");
        (await WaitForState(kit, id, smartCard, "Registered"))["ClientCertAuthSettings"]!["OCSPUrl"]!.GetValue<string>().Should().Be("https://ocsp.corp.example.com");
        var all = new List<string> { first, smartCard };
        for (var i = 2; i < DirectoryServiceHandlers.CertificatesLimit; i++) all.Add(await Register(kit, id, Pem($"ca{i}.corp.example.com")));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterCertificate", new { DirectoryId = id, CertificateData = Pem("extra.example.com") }), "CertificateLimitExceededException");

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = (await kit.Wire.JsonAsync("ds", "ListCertificates", new { DirectoryId = id, Limit = 2, NextToken = token })).Ok();
            page["CertificatesInfo"]!.AsArray().Count.Should().BeLessThanOrEqualTo(2);
            seen.AddRange(page["CertificatesInfo"]!.AsArray().Select(c => c!["CertificateId"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
        } while (token is not null);
        seen.Should().BeEquivalentTo(all);
        ShouldBeError(await kit.Wire.JsonAsync("ds", "ListCertificates", new { DirectoryId = id, NextToken = "bogus" }), "InvalidNextTokenException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "ListCertificates", new { DirectoryId = id, Limit = 51 }), "ValidationException");

        (await kit.Wire.JsonAsync("ds", "DeregisterCertificate", new { DirectoryId = id, CertificateId = first })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeregisterCertificate", new { DirectoryId = id, CertificateId = first }), "CertificateDoesNotExistException");
        await Eventually.WaitAsync(() => kit.Wire.JsonAsync("ds", "DescribeCertificate", new { DirectoryId = id, CertificateId = first }),
            r => r.Status == 400 && r.Json["__type"]!.GetValue<string>() == "CertificateDoesNotExistException", "certificate gone");
        // The slot is free again.
        await Register(kit, id, Pem("again.corp.example.com"));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeCertificate", new { DirectoryId = id, CertificateId = "c-0000000000" }), "CertificateDoesNotExistException");
    }

    [Fact]
    public async Task Ldaps_needs_a_registered_certificate_and_keeps_it_in_use()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        var initial = await Ldaps(kit, id);
        initial["LDAPSStatus"]!.GetValue<string>().Should().Be("Disabled");

        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableLDAPS", new { DirectoryId = id, Type = "Client" }), "NoAvailableCertificateException");
        var smartCard = await Register(kit, id, Pem("sc.example.com"), "ClientCertAuth");
        await WaitForState(kit, id, smartCard, "Registered");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableLDAPS", new { DirectoryId = id, Type = "Client" }), "NoAvailableCertificateException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DisableLDAPS", new { DirectoryId = id, Type = "Client" }), "InvalidLDAPSStatusException");

        var certificate = await Register(kit, id, Pem("ldaps.example.com"));
        await WaitForState(kit, id, certificate, "Registered");
        (await kit.Wire.JsonAsync("ds", "EnableLDAPS", new { DirectoryId = id, Type = "Client" })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableLDAPS", new { DirectoryId = id, Type = "Client" }), "InvalidLDAPSStatusException");
        var enabled = await Eventually.WaitAsync(() => Ldaps(kit, id), s => s["LDAPSStatus"]!.GetValue<string>() == "Enabled", "LDAPS Enabled");
        enabled["LastUpdatedDateTime"]!.GetValue<double>().Should().BePositive();

        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeregisterCertificate", new { DirectoryId = id, CertificateId = certificate }), "CertificateInUseException");
        // Rotation: with a second LDAPS certificate the first can go.
        var second = await Register(kit, id, Pem("ldaps2.example.com"));
        (await kit.Wire.JsonAsync("ds", "DeregisterCertificate", new { DirectoryId = id, CertificateId = certificate })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeregisterCertificate", new { DirectoryId = id, CertificateId = second }), "CertificateInUseException");

        (await kit.Wire.JsonAsync("ds", "DisableLDAPS", new { DirectoryId = id, Type = "Client" })).Ok();
        (await Ldaps(kit, id))["LDAPSStatus"]!.GetValue<string>().Should().Be("Disabled");
        (await kit.Wire.JsonAsync("ds", "DeregisterCertificate", new { DirectoryId = id, CertificateId = second })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeLDAPSSettings", new { DirectoryId = id, NextToken = "bogus" }), "InvalidNextTokenException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableLDAPS", new { DirectoryId = id, Type = "Server" }), "ValidationException");
    }

    [Fact]
    public async Task Client_authentication_needs_a_client_cert_auth_certificate()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("ConnectDirectory", Connector(kit));
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableClientAuthentication", new { DirectoryId = id, Type = "SmartCard" }), "NoAvailableCertificateException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DisableClientAuthentication", new { DirectoryId = id, Type = "SmartCard" }), "InvalidClientAuthStatusException");

        var certificate = await Register(kit, id, Pem("smartcard-ca.example.com"), "ClientCertAuth", "http://ocsp.example.com");
        await WaitForState(kit, id, certificate, "Registered");
        (await kit.Wire.JsonAsync("ds", "EnableClientAuthentication", new { DirectoryId = id, Type = "SmartCard" })).Ok();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableClientAuthentication", new { DirectoryId = id, Type = "SmartCard" }), "InvalidClientAuthStatusException");

        var settings = (await kit.Wire.JsonAsync("ds", "DescribeClientAuthenticationSettings", new { DirectoryId = id })).Ok()["ClientAuthenticationSettingsInfo"]!.AsArray();
        settings.Select(s => (s!["Type"]!.GetValue<string>(), s["Status"]!.GetValue<string>()))
            .Should().BeEquivalentTo([("SmartCard", "Enabled"), ("SmartCardOrPassword", "Disabled")]);
        var one = (await kit.Wire.JsonAsync("ds", "DescribeClientAuthenticationSettings", new { DirectoryId = id, Type = "SmartCard" })).Ok()["ClientAuthenticationSettingsInfo"]!.AsArray();
        one.Should().ContainSingle();
        one[0]!["LastUpdatedDateTime"]!.GetValue<double>().Should().BePositive();

        ShouldBeError(await kit.Wire.JsonAsync("ds", "DeregisterCertificate", new { DirectoryId = id, CertificateId = certificate }), "CertificateInUseException");
        (await kit.Wire.JsonAsync("ds", "DisableClientAuthentication", new { DirectoryId = id, Type = "SmartCard" })).Ok();
        (await kit.Wire.JsonAsync("ds", "DescribeClientAuthenticationSettings", new { DirectoryId = id, Type = "SmartCard" })).Ok()
            ["ClientAuthenticationSettingsInfo"]![0]!["Status"]!.GetValue<string>().Should().Be("Disabled");
        (await kit.Wire.JsonAsync("ds", "DeregisterCertificate", new { DirectoryId = id, CertificateId = certificate })).Ok();
    }

    [Fact]
    public async Task Ca_enrollment_policy_is_enabled_and_disabled_asynchronously()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        Task<JsonNode> Policy() => kit.Wire.JsonAsync("ds", "DescribeCAEnrollmentPolicy", new { DirectoryId = id }).ContinueWith(t => t.Result.Ok());

        (await Policy())["CaEnrollmentPolicyStatus"]!.GetValue<string>().Should().Be("Disabled");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DisableCAEnrollmentPolicy", new { DirectoryId = id }), "EntityDoesNotExistException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableCAEnrollmentPolicy", new { DirectoryId = id, PcaConnectorArn = "arn:aws:acm-pca:us-east-1:1:certificate-authority/x" }), "ValidationException");

        (await kit.Wire.JsonAsync("ds", "EnableCAEnrollmentPolicy", new { DirectoryId = id, PcaConnectorArn = ConnectorArn })).Ok();
        var status = (await Policy())["CaEnrollmentPolicyStatus"]!.GetValue<string>();
        status.Should().BeOneOf("InProgress", "Success");
        // The reconciler may finish the enrollment between the two requests, so InProgress allows either answer.
        var again = await kit.Wire.JsonAsync("ds", "EnableCAEnrollmentPolicy", new { DirectoryId = id, PcaConnectorArn = ConnectorArn });
        again.Status.Should().Be(400, again.Body);
        again.Json["__type"]!.GetValue<string>().Should().BeOneOf(
            status == "InProgress" ? ["EnableAlreadyInProgressException", "EntityAlreadyExistsException"] : ["EntityAlreadyExistsException"], again.Body);
        var success = await Eventually.WaitAsync(Policy, p => p["CaEnrollmentPolicyStatus"]!.GetValue<string>() == "Success", "policy Success");
        success["DirectoryId"]!.GetValue<string>().Should().Be(id);
        success["PcaConnectorArn"]!.GetValue<string>().Should().Be(ConnectorArn);
        success["LastUpdatedDateTime"]!.GetValue<double>().Should().BePositive();
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableCAEnrollmentPolicy", new { DirectoryId = id, PcaConnectorArn = ConnectorArn }), "EntityAlreadyExistsException");

        (await kit.Wire.JsonAsync("ds", "DisableCAEnrollmentPolicy", new { DirectoryId = id })).Ok();
        await Eventually.WaitAsync(Policy, p => p["CaEnrollmentPolicyStatus"]!.GetValue<string>() == "Disabled", "policy Disabled");
        (await kit.Wire.JsonAsync("ds", "EnableCAEnrollmentPolicy", new { DirectoryId = id, PcaConnectorArn = ConnectorArn })).Ok();
    }

    [Fact]
    public async Task Simple_ad_supports_none_of_it_and_deleting_a_directory_removes_its_certificates()
    {
        var kit = new DsTestKit(factory);
        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        ShouldBeError(await kit.Wire.JsonAsync("ds", "RegisterCertificate", new { DirectoryId = simple, CertificateData = Pem("x.example.com") }), "UnsupportedOperationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeLDAPSSettings", new { DirectoryId = simple }), "UnsupportedOperationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "EnableClientAuthentication", new { DirectoryId = simple, Type = "SmartCard" }), "UnsupportedOperationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeCAEnrollmentPolicy", new { DirectoryId = simple }), "UnsupportedOperationException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeCAEnrollmentPolicy", new { DirectoryId = "d-0000000000" }), "DirectoryDoesNotExistException");

        var id = await kit.CreateActiveAsync("CreateMicrosoftAD", MicrosoftAd(kit));
        await Register(kit, id, Pem("a.example.com"));
        await Register(kit, id, Pem("b.example.com"), "ClientCertAuth");
        (await kit.Wire.JsonAsync("ds", "DeleteDirectory", new { DirectoryId = id })).Ok();
        await Eventually.WaitAsync(() => Task.FromResult(kit.Store.Table<CertificateRecord>(ResourceKinds.DirectoryCertificates).List(kit.Scope).Count),
            n => n == 0, "certificates removed with the directory");
    }
}

/// <summary>The certificate, LDAPS and CA enrollment state machines as pure functions.</summary>
public sealed class CertificateStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2);

    private static CertificateRecord Certificate(string state, DateTimeOffset? due) =>
        new("c-0123456789", "1/us-east-1", "d-0123456789", CertificateTypes.ClientLDAPS, "ab", "ca", T0.AddYears(1), T0, null, state, null, due);

    [Fact]
    public void Certificates_register_and_deregister_then_disappear()
    {
        var registering = Certificate(CertificateStates.Registering, T0 + Step);
        CertificateStateMachine.Next(registering, T0, Step).Should().BeSameAs(registering);
        CertificateStateMachine.Next(registering, T0 + Step, Step)!.State.Should().Be(CertificateStates.Registered);
        CertificateStateMachine.Next(registering, T0 + Step, Step)!.NextTransitionAt.Should().BeNull();
        var deregistered = CertificateStateMachine.Next(Certificate(CertificateStates.Deregistering, T0), T0, Step)!;
        deregistered.State.Should().Be(CertificateStates.Deregistered);
        deregistered.IsLive.Should().BeFalse();
        CertificateStateMachine.Next(deregistered, T0 + Step, Step).Should().BeNull();
    }
}
