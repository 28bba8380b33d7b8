using System.Xml.Linq;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Ec2;

/// <summary>Reading EC2 query-protocol XML in tests.</summary>
internal static class Ec2Wire
{
    public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static int _account = 100_000_000;

    /// <summary>A fresh 12-digit account, so a test sees only its own (and its default) resources.</summary>
    public static string NewAccount() => "2" + Interlocked.Increment(ref _account).ToString("D11");

    /// <summary>Asserts HTTP 200 and the <c>{action}Response</c> envelope, and returns its root.</summary>
    public static XElement Ok(this WireResponse response, string action)
    {
        if (response.Status != 200) throw new Xunit.Sdk.XunitException($"Expected 200 but got {response.Status}: {response.Body}");
        var root = response.Xml.Root!;
        root.Name.Should().Be(Ns + (action + "Response"));
        root.Element(Ns + "requestId")!.Value.Should().Be(response.Header("x-amzn-RequestId"));
        return root;
    }

    /// <summary>Asserts HTTP 400 and EC2's error envelope; returns (Code, Message).</summary>
    public static (string Code, string Message) Error(this WireResponse response)
    {
        response.Status.Should().Be(400, response.Body);
        var root = response.Xml.Root!;
        root.Name.Should().Be(XName.Get("Response"));
        var error = root.Element("Errors")!.Element("Error")!;
        root.Element("RequestID")!.Value.Should().Be(response.Header("x-amzn-RequestId"));
        return (error.Element("Code")!.Value, error.Element("Message")!.Value);
    }

    /// <summary>The <c>item</c>s of <c>{set}</c> directly under <paramref name="parent"/>.</summary>
    public static List<XElement> Items(this XElement parent, string set) =>
        parent.Element(Ns + set)?.Elements(Ns + "item").ToList() ?? throw new Xunit.Sdk.XunitException($"No <{set}> in {parent}");

    public static string V(this XElement element, string name) =>
        element.Element(Ns + name)?.Value ?? throw new Xunit.Sdk.XunitException($"No <{name}> in {element}");

    public static string? Opt(this XElement element, string name) => element.Element(Ns + name)?.Value;

    public static Dictionary<string, string> Tags(this XElement element) =>
        element.Element(Ns + "tagSet")?.Elements(Ns + "item").ToDictionary(i => i.V("key"), i => i.V("value")) ?? [];

    public static (string, string)[] Filter(int n, string name, params string[] values) =>
        [($"Filter.{n}.Name", name), .. values.Select((v, i) => ($"Filter.{n}.Value.{i + 1}", v))];
}
