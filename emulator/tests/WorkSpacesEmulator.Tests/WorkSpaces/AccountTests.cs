using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class AccountTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    private static async Task<List<string>> Ranges(WorkSpacesTestBed bed, string constraint)
    {
        var all = new List<string>();
        string? token = null;
        do
        {
            var body = (await bed.Call("ListAvailableManagementCidrRanges", token is null
                ? new JsonObject { ["ManagementCidrRangeConstraint"] = constraint }
                : new JsonObject { ["ManagementCidrRangeConstraint"] = constraint, ["NextToken"] = token })).Ok();
            all.AddRange(body["ManagementCidrRanges"]!.AsArray().Select(r => r!.GetValue<string>()));
            token = body["NextToken"]?.GetValue<string>();
        } while (token is not null);
        return all;
    }

    [Fact]
    public async Task A_new_account_has_byol_disabled_and_no_modifications()
    {
        var bed = new WorkSpacesTestBed(factory);
        var account = (await bed.Call("DescribeAccount")).Ok().AsObject();
        account.Select(p => p.Key).Should().Equal("DedicatedTenancySupport");
        account["DedicatedTenancySupport"]!.GetValue<string>().Should().Be("DISABLED");
        var modifications = (await bed.Call("DescribeAccountModifications")).Ok().AsObject();
        modifications.Select(p => p.Key).Should().Equal("AccountModifications");
        modifications["AccountModifications"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Available_ranges_are_16s_inside_the_constraint_clear_of_the_accounts_vpcs()
    {
        var bed = new WorkSpacesTestBed(factory);
        var page = (await bed.Call("ListAvailableManagementCidrRanges", new { ManagementCidrRangeConstraint = "10.0.0.0/8" })).Ok();
        page.AsObject().Select(p => p.Key).Should().BeEquivalentTo("ManagementCidrRanges", "NextToken");
        page["ManagementCidrRanges"]!.AsArray().Select(r => r!.GetValue<string>()).Should()
            .Equal("10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16");
        var two = (await bed.Call("ListAvailableManagementCidrRanges", new { ManagementCidrRangeConstraint = "10.0.0.0/8", MaxResults = 2 })).Ok();
        two["ManagementCidrRanges"]!.AsArray().Should().HaveCount(2);
        (await Ranges(bed, "10.0.0.0/8")).Should().HaveCount(256);
        (await Ranges(bed, "10.20.30.40/14")).Should().Equal("10.20.0.0/16", "10.21.0.0/16", "10.22.0.0/16", "10.23.0.0/16");
        (await Ranges(bed, "8.0.0.0/8")).Should().BeEmpty();
        (await Ranges(bed, "10.1.2.0/24")).Should().BeEmpty();

        bed.DefaultSubnets();   // creates the default VPC, 172.31.0.0/16
        var vpc = bed.Network.Vpcs.List(bed.Scope).Single(v => v.IsDefault).CidrBlock;
        (await Ranges(bed, "172.16.0.0/12")).Should().HaveCount(15).And.NotContain(vpc);

        ShouldFail(await bed.Call("ListAvailableManagementCidrRanges", new { ManagementCidrRangeConstraint = "10.0.0.0/8", MaxResults = 6 }), "ValidationException");
        ShouldFail(await bed.Call("ListAvailableManagementCidrRanges", new { ManagementCidrRangeConstraint = "10.0.0.0" }), "ValidationException");
        ShouldFail(await bed.Call("ListAvailableManagementCidrRanges", new { ManagementCidrRangeConstraint = "10.0.0.0/8", NextToken = "nope" }),
            "InvalidParameterValuesException");
    }

    [Fact]
    public async Task ModifyAccount_enables_byol_through_a_pending_modification()
    {
        var bed = new WorkSpacesTestBed(factory);
        ShouldFail(await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "ENABLED" }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("ModifyAccount", new { DedicatedTenancyManagementCidrRange = "10.9.0.0/16" }), "InvalidParameterValuesException");
        ShouldFail(await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "ENABLED", DedicatedTenancyManagementCidrRange = "8.8.0.0/16" }),
            "InvalidParameterValuesException");
        ShouldFail(await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "ENABLED", DedicatedTenancyManagementCidrRange = "10.9.0.0/24" }),
            "ValidationException");
        ShouldFail(await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "DISABLED", DedicatedTenancyManagementCidrRange = "10.9.0.0/16" }),
            "ValidationException");

        (await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "ENABLED", DedicatedTenancyManagementCidrRange = "10.9.0.0/16" }))
            .Ok().AsObject().Should().BeEmpty();
        var account = (await Eventually.WaitAsync(async () => (await bed.Call("DescribeAccount")).Ok(),
            a => a["DedicatedTenancySupport"]!.GetValue<string>() == "ENABLED", "ENABLED")).AsObject();
        account.Select(p => p.Key).Should().BeEquivalentTo("DedicatedTenancySupport", "DedicatedTenancyManagementCidrRange", "DedicatedTenancyAccountType");
        account["DedicatedTenancyManagementCidrRange"]!.GetValue<string>().Should().Be("10.9.0.0/16");
        account["DedicatedTenancyAccountType"]!.GetValue<string>().Should().Be("SOURCE_ACCOUNT");

        var modification = (await bed.Call("DescribeAccountModifications")).Ok()["AccountModifications"]!.AsArray().Single()!.AsObject();
        modification.Select(p => p.Key).Should().BeEquivalentTo("ModificationState", "DedicatedTenancySupport", "DedicatedTenancyManagementCidrRange", "StartTime");
        modification["ModificationState"]!.GetValue<string>().Should().Be("COMPLETED");
        modification["DedicatedTenancySupport"]!.GetValue<string>().Should().Be("ENABLED");
        modification["DedicatedTenancyManagementCidrRange"]!.GetValue<string>().Should().Be("10.9.0.0/16");
        modification["StartTime"]!.GetValue<double>().Should().BeApproximately(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 60);

        ShouldFail(await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "ENABLED", DedicatedTenancyManagementCidrRange = "10.9.0.0/16" }),
            "InvalidParameterValuesException");
        (await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "ENABLED", DedicatedTenancyManagementCidrRange = "192.168.0.0/16" })).Ok();
        await Eventually.WaitAsync(async () => (await bed.Call("DescribeAccount")).Ok()["DedicatedTenancyManagementCidrRange"]!.GetValue<string>(),
            c => c == "192.168.0.0/16", "new range");
        var history = (await bed.Call("DescribeAccountModifications")).Ok()["AccountModifications"]!.AsArray();
        history.Select(m => m!["DedicatedTenancyManagementCidrRange"]!.GetValue<string>()).Should().Equal("192.168.0.0/16", "10.9.0.0/16");

        // BYOL is configured per Region.
        (await new WorkSpacesTestBed(factory, account: bed.Account, region: "eu-west-1").Call("DescribeAccount")).Ok()
            ["DedicatedTenancySupport"]!.GetValue<string>().Should().Be("DISABLED");
    }

    [Fact]
    public async Task The_modification_is_pending_while_the_transition_takes_time()
    {
        await using var slow = new EmulatorFactory();
        slow.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.6";
        var bed = new WorkSpacesTestBed(slow);
        (await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "ENABLED", DedicatedTenancyManagementCidrRange = "10.9.0.0/16" })).Ok();
        (await bed.Call("DescribeAccountModifications")).Ok()["AccountModifications"]![0]!["ModificationState"]!.GetValue<string>().Should().Be("PENDING");
        (await bed.Call("DescribeAccount")).Ok()["DedicatedTenancySupport"]!.GetValue<string>().Should().Be("DISABLED");
        ShouldFail(await bed.Call("ModifyAccount", new { DedicatedTenancySupport = "ENABLED", DedicatedTenancyManagementCidrRange = "10.8.0.0/16" }),
            "InvalidResourceStateException");
        await Eventually.WaitAsync(async () => (await bed.Call("DescribeAccountModifications")).Ok()["AccountModifications"]![0]!["ModificationState"]!.GetValue<string>(),
            s => s == "COMPLETED", "COMPLETED");
        (await bed.Call("DescribeAccount")).Ok()["DedicatedTenancySupport"]!.GetValue<string>().Should().Be("ENABLED");
    }
}
