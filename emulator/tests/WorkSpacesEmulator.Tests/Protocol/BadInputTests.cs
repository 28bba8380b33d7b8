using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WorkSpacesEmulator.Tests.DirectoryService;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>Bad input gets a 4xx with an AWS-shaped body, never a 5xx.</summary>
public sealed class BadInputTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldBe(WireResponse r, int status, string type)
    {
        r.Status.Should().Be(status, r.Body);
        r.Json["__type"]!.GetValue<string>().Should().Be(type, r.Body);
    }

    private async Task<WireResponse> RawAsync(HttpMethod method, string path, byte[]? body, string? contentType, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=000000000000/20261201/us-east-1/workspaces/aws4_request, SignedHeaders=host, Signature=00");
        foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, v);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await factory.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new WireResponse((int)response.StatusCode, response.Content.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)), text);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_JSON_string_is_a_SerializationException()
    {
        byte[] body = [.. "{\"DirectoryIds\":[\"d-12"u8, 0xC3, 0x28, .. "\"]}"u8];
        ShouldBe(await RawAsync(HttpMethod.Post, "/", body, "application/x-amz-json-1.1", ("X-Amz-Target", "WorkspacesService.DescribeWorkspaceDirectories")),
            400, "SerializationException");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_JSON_string_is_a_SerializationException()
    {
        var wire = factory.Wire();
        ShouldBe(await wire.JsonAsync("workspaces", "DescribeWorkspaceDirectories", "{\"DirectoryIds\":[\"\\ud800\"]}"), 400, "SerializationException");
        ShouldBe(await wire.RestJsonAsync("/Users/SearchUsers?DirectoryId=d-1234567890", "{\"SearchString\":\"\\udc00x\",\"SearchAttributes\":[\"GivenName\"]}"),
            400, "SerializationException");
    }

    [Fact]
    public async Task Duplicate_keys_in_a_ds_data_body_are_a_SerializationException()
    {
        var wire = factory.Wire();
        ShouldBe(await wire.RestJsonAsync("/Users/ListUsers?DirectoryId=d-1234567890", "{\"MaxResults\":5,\"MaxResults\":6}"), 400, "SerializationException");
    }

    [Fact]
    public async Task A_null_OtherAttributes_value_is_a_ValidationException()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        var r = await kit.Wire.RestJsonAsync($"/Users/CreateUser?DirectoryId={id}", "{\"SAMAccountName\":\"jdoe\",\"OtherAttributes\":{\"department\":null}}");
        ShouldBe(r, 400, "ValidationException");
        r.Json["Message"]!.GetValue<string>().Should().Contain("Value null at 'otherAttributes.department.value'");
    }

    [Fact]
    public async Task A_Start_or_Stop_item_without_WorkspaceId_fails_on_its_own()
    {
        var wire = factory.Wire();
        foreach (var (operation, member) in new[] { ("StartWorkspaces", "StartWorkspaceRequests"), ("StopWorkspaces", "StopWorkspaceRequests") })
        {
            var body = (await wire.JsonAsync("workspaces", operation, $"{{\"{member}\":[{{}}]}}")).Ok();
            body["FailedRequests"]![0]!["ErrorCode"]!.GetValue<string>().Should().Be("InvalidParameterValuesException");
        }
    }

    [Fact]
    public async Task EC2_refuses_control_characters_in_tags_and_keeps_its_XML_well_formed()
    {
        var wire = factory.Wire("310000000001");
        var vpc = (await wire.Ec2Async("DescribeVpcs")).Xml.Descendants().First(e => e.Name.LocalName == "vpcId").Value;
        var refused = await wire.Ec2Async("CreateTags", ("ResourceId.1", vpc), ("Tag.1.Key", "Name"), ("Tag.1.Value", "bad\u0001value"));
        refused.Status.Should().Be(400, refused.Body);
        refused.Xml.Descendants("Code").Single().Value.Should().Be("InvalidParameterValue");
        refused.Body.Should().NotContain("\u0001");
        // Characters XML can carry are escaped, and DescribeVpcs stays parseable.
        (await wire.Ec2Async("CreateTags", ("ResourceId.1", vpc), ("Tag.1.Key", "Name"), ("Tag.1.Value", "<a & \"b\">\t"))).Status.Should().Be(200);
        var described = await wire.Ec2Async("DescribeVpcs");
        described.Xml.Descendants().Where(e => e.Name.LocalName == "value").Select(e => e.Value).Should().Contain("<a & \"b\">\t");
        // An EC2 error echoing a control character from the request is well-formed too.
        var echoed = await wire.Ec2Async("DescribeVpcs", ("VpcId.1", "vpc-\u0001"));
        _ = echoed.Xml;
    }

    [Fact]
    public async Task A_ds_data_request_with_a_form_content_type_is_answered_by_ds_data()
    {
        var r = await RawAsync(HttpMethod.Post, "/Users/ListUsers?DirectoryId=d-1234567890", "{\"MaxResults\":5}"u8.ToArray(), "application/x-www-form-urlencoded");
        r.Header("Content-Type").Should().StartWith("application/json");
        r.Json["__type"]!.GetValue<string>().Should().Be("ResourceNotFoundException", r.Body);
    }

    [Fact]
    public async Task HEAD_never_runs_an_operation()
    {
        var wire = factory.Wire("310000000002");
        using var request = new HttpRequestMessage(HttpMethod.Head, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "WorkspacesService.CreateIpGroup");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=310000000002/20261201/us-east-1/workspaces/aws4_request, SignedHeaders=host, Signature=00");
        request.Content = new StringContent("{\"GroupName\":\"head\"}", Encoding.UTF8, "application/x-amz-json-1.1");
        using var response = await factory.CreateClient().SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await wire.JsonAsync("workspaces", "DescribeIpGroups")).Ok()["Result"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Oversized_URIs_headers_and_wrong_methods_get_AWS_shaped_bodies()
    {
        ShouldBe(await RawAsync(HttpMethod.Get, "/?" + new string('a', 9_000), null, null), 414, "RequestURITooLong");
        ShouldBe(await RawAsync(HttpMethod.Post, "/", "{}"u8.ToArray(), "application/x-amz-json-1.1", ("X-Big", new string('b', 40_000))), 431, "RequestHeaderFieldsTooLarge");
        ShouldBe(await RawAsync(HttpMethod.Delete, "/_emulator/health", null, null), 405, "MethodNotAllowedException");
    }
}
