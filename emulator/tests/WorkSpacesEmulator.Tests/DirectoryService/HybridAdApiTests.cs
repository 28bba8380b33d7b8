using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>Directory assessments and hybrid AD directories over the wire.</summary>
public sealed class HybridAdApiTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private const string Secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hybrid-admin-AbCdEf";

    private static void ShouldBeError(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
    }

    private static object Configuration(DsTestKit kit, string? vpcId = null)
    {
        var (defaultVpc, subnets) = kit.DefaultNetwork();
        return new
        {
            AssessmentConfiguration = new
            {
                DnsName = "onprem.example.com",
                CustomerDnsIps = new[] { "10.0.0.10", "10.0.0.11" },
                InstanceIds = new[] { "i-0123456789abcdef0", "i-0123456789abcdef1" },
                VpcSettings = new { VpcId = vpcId ?? defaultVpc, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } },
            },
        };
    }

    private static async Task<JsonNode> Describe(DsTestKit kit, string assessmentId) =>
        (await kit.Wire.JsonAsync("ds", "DescribeADAssessment", new { AssessmentId = assessmentId })).Ok();

    private static Task<JsonNode> WaitForSuccess(DsTestKit kit, string assessmentId) =>
        Eventually.WaitAsync(() => Describe(kit, assessmentId), d => d["Assessment"]!["Status"]!.GetValue<string>() == "Success", $"{assessmentId} Success");

    [Fact]
    public async Task Assessments_run_to_success_list_and_delete()
    {
        var kit = new DsTestKit(factory);
        var id = (await kit.Wire.JsonAsync("ds", "StartADAssessment", Configuration(kit))).Ok()["AssessmentId"]!.GetValue<string>();
        id.Should().MatchRegex("^da-[0-9a-f]{18}$");
        // The in-process host's transition time is too short to catch Pending/InProgress reliably.

        var done = await WaitForSuccess(kit, id);
        done["Assessment"]!["ReportType"]!.GetValue<string>().Should().Be("CUSTOMER");
        done["AssessmentReports"]!.AsArray().Should().HaveCount(2);
        done["AssessmentReports"]![0]!["Validations"]!.AsArray().Should().OnlyContain(v => v!["Status"]!.GetValue<string>() == "Success");

        var second = (await kit.Wire.JsonAsync("ds", "StartADAssessment", Configuration(kit))).Ok()["AssessmentId"]!.GetValue<string>();
        var page = (await kit.Wire.JsonAsync("ds", "ListADAssessments", new { Limit = 1 })).Ok();
        page["Assessments"]!.AsArray().Should().HaveCount(1);
        var rest = (await kit.Wire.JsonAsync("ds", "ListADAssessments", new { Limit = 1, NextToken = page["NextToken"]!.GetValue<string>() })).Ok();
        rest["Assessments"]![0]!["AssessmentId"]!.GetValue<string>().Should().Be(second);

        (await kit.Wire.JsonAsync("ds", "DeleteADAssessment", new { AssessmentId = id })).Ok()["AssessmentId"]!.GetValue<string>().Should().Be(id);
        ShouldBeError(await kit.Wire.JsonAsync("ds", "DescribeADAssessment", new { AssessmentId = id }), "EntityDoesNotExistException");
    }

    [Fact]
    public async Task StartADAssessment_validates_its_input()
    {
        var kit = new DsTestKit(factory);
        ShouldBeError(await kit.Wire.JsonAsync("ds", "StartADAssessment", new { }), "InvalidParameterException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "StartADAssessment", Configuration(kit, "vpc-0000000000000000f")), "ClientException");
        ShouldBeError(await kit.Wire.JsonAsync("ds", "StartADAssessment", new { DirectoryId = "d-0000000000" }), "DirectoryDoesNotExistException");
    }

    [Fact]
    public async Task Hybrid_directory_is_created_from_a_successful_assessment_and_updated()
    {
        var kit = new DsTestKit(factory);
        var assessment = (await kit.Wire.JsonAsync("ds", "StartADAssessment", Configuration(kit))).Ok()["AssessmentId"]!.GetValue<string>();
        await WaitForSuccess(kit, assessment);

        var id = (await kit.Wire.JsonAsync("ds", "CreateHybridAD", new { SecretArn = Secret, AssessmentId = assessment })).Ok()["DirectoryId"]!.GetValue<string>();
        id.Should().MatchRegex("^d-[0-9a-f]{10}$");
        await kit.WaitForStageAsync(id, "Active");
        var description = await kit.DescribeAsync(id);
        description["Type"]!.GetValue<string>().Should().Be("MicrosoftAD");
        description["Edition"]!.GetValue<string>().Should().Be("Hybrid");
        description["Name"]!.GetValue<string>().Should().Be("onprem.example.com");

        var update = (await kit.Wire.JsonAsync("ds", "UpdateHybridAD", new
        {
            DirectoryId = id,
            SelfManagedInstancesSettings = new { CustomerDnsIps = new[] { "10.0.0.20", "10.0.0.21" }, InstanceIds = new[] { "i-0123456789abcdef2", "i-0123456789abcdef3" } },
        })).Ok();
        update["AssessmentId"]!.GetValue<string>().Should().MatchRegex("^da-[0-9a-f]{18}$");
        var updated = await Eventually.WaitAsync(
            async () => (await kit.Wire.JsonAsync("ds", "DescribeHybridADUpdate", new { DirectoryId = id, UpdateType = "SelfManagedInstances" })).Ok(),
            r => r["UpdateActivities"]!["SelfManagedInstances"]!.AsArray().All(u => u!["Status"]!.GetValue<string>() == "Updated"), "hybrid update Updated");
        var entry = updated["UpdateActivities"]!["SelfManagedInstances"]![0]!;
        entry["NewValue"]!["DnsIps"]![0]!.GetValue<string>().Should().Be("10.0.0.20");
        entry["PreviousValue"]!["DnsIps"]![0]!.GetValue<string>().Should().Be("10.0.0.10");
        var listed = (await kit.Wire.JsonAsync("ds", "ListADAssessments", new { DirectoryId = id })).Ok()["Assessments"]!.AsArray();
        listed.Select(a => a!["ReportType"]!.GetValue<string>()).Should().BeEquivalentTo(["CUSTOMER", "SYSTEM"]);

        var simple = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        ShouldBeError(await kit.Wire.JsonAsync("ds", "UpdateHybridAD", new { DirectoryId = simple,
            HybridAdministratorAccountUpdate = new { SecretArn = Secret } }), "UnsupportedOperationException");
    }
}
