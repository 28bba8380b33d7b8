using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Ec2;

/// <summary>The EC2 query protocol envelope: XML declaration, namespace, headers and the error shape.</summary>
public sealed class Ec2ProtocolTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Response_has_the_ec2_declaration_namespace_and_content_type()
    {
        var response = await factory.Wire().Ec2Async("DescribeVpcs");
        response.Status.Should().Be(200);
        ContentType(response).Should().Be("text/xml;charset=UTF-8");
        response.Body.Should().StartWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>");
        var root = response.Ok("DescribeVpcs");
        root.Elements().First().Name.LocalName.Should().Be("requestId");
        // Children are in the EC2 namespace too (no xmlns="" resets).
        response.Body.Should().NotContain("xmlns=\"\"");
        root.Items("vpcSet").Should().ContainSingle();
    }

    [Fact]
    public async Task Unknown_action_is_InvalidAction_in_the_xml_error_envelope()
    {
        var response = await factory.Wire().Ec2Async("RunInstancez");
        response.Body.Should().StartWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidAction</Code>");
        ContentType(response).Should().Be("text/xml;charset=UTF-8");
        var (code, message) = response.Error();
        code.Should().Be("InvalidAction");
        message.Should().Be("The action RunInstancez is not valid for this web service.");
    }

    [Fact]
    public async Task A_real_EC2_action_the_emulator_lacks_is_501_NotImplemented()
    {
        var response = await factory.Wire().Ec2Async("RunInstances");
        response.Status.Should().Be(501, response.Body);
        var error = response.Xml.Root!.Element("Errors")!.Element("Error")!;
        error.Element("Code")!.Value.Should().Be("NotImplemented");
        error.Element("Message")!.Value.Should().Contain("RunInstances").And.Contain("not implemented");
    }

    [Fact]
    public async Task Missing_required_parameter_is_MissingParameter()
    {
        var (code, message) = (await factory.Wire().Ec2Async("CreateSubnet", ("CidrBlock", "172.31.200.0/24"))).Error();
        code.Should().Be("MissingParameter");
        message.Should().Be("The request must contain the parameter VpcId");
    }

    [Fact]
    public async Task Unknown_filter_name_is_InvalidParameterValue()
    {
        var (code, message) = (await factory.Wire().Ec2Async("DescribeVpcs", Ec2Wire.Filter(1, "colour", "blue"))).Error();
        code.Should().Be("InvalidParameterValue");
        message.Should().Be("The filter 'colour' is invalid");
    }

    [Fact]
    public async Task User_text_is_escaped()
    {
        var wire = factory.Wire(account: Ec2Wire.NewAccount());
        var vpc = (await wire.Ec2Async("CreateVpc", ("CidrBlock", "10.9.0.0/16"),
            ("TagSpecification.1.ResourceType", "vpc"), ("TagSpecification.1.Tag.1.Key", "Name"),
            ("TagSpecification.1.Tag.1.Value", "<a href=\"x\">&amp;</a>"))).Ok("CreateVpc");
        vpc.Element(Ec2Wire.Ns + "vpc")!.Tags()["Name"].Should().Be("<a href=\"x\">&amp;</a>");

        var (_, message) = (await wire.Ec2Async("DescribeVpcs", ("VpcId.1", "vpc-<b>&"))).Error();
        message.Should().Be("The vpc ID 'vpc-<b>&' does not exist");
    }

    [Fact]
    public async Task Query_string_requests_are_accepted()
    {
        var wire = factory.Wire();
        var response = await wire.Http.GetAsync("/?Action=DescribeAvailabilityZones&Version=2016-11-15");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("<DescribeAvailabilityZonesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">");
    }

    [Fact]
    public async Task Errors_from_the_router_keep_the_xml_envelope()
    {
        // More form fields than ASP.NET Core reads (1024) make the body unreadable: the router must answer with
        // EC2's XML error, not the JSON one of the other protocols.
        var form = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"P{i}", "x"))
            .Prepend(new KeyValuePair<string, string>("Action", "DescribeVpcs"));
        using var response = await factory.CreateClient().PostAsync("/", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(400, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/xml");
        body.Should().StartWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>MalformedQueryString</Code>");
    }

    // HttpClient re-renders the header with a space after ';'; the server sends it without one, as EC2 does.
    private static string? ContentType(WireResponse response) => response.Header("Content-Type")?.Replace(" ", "");
}
