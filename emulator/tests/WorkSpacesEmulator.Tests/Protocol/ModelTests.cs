using WorkSpacesEmulator.Protocol;

namespace WorkSpacesEmulator.Tests.Protocol;

public sealed class ModelTests
{
    [Theory]
    [InlineData("workspaces", 91)]
    [InlineData("ds", 80)]
    [InlineData("ds-data", 17)]
    public void Every_model_loads_with_all_patterns_translated_to_dotnet(string service, int operations)
    {
        var model = ServiceModel.Load(service);
        model.Operations.Should().HaveCount(operations);
        model.Shapes.Values.Where(s => s.PatternText is not null).Should().OnlyContain(s => s.Pattern != null);
    }

    [Theory]
    [InlineData(@"^[a-zA-Z0-9\_\-]{1,1000}$", "ab_c-d", true)]
    [InlineData(@"^[\p{Punct}]+$", "!?.", true)]
    [InlineData(@"^[\p{Punct}]+$", "abc", false)]
    [InlineData(@"^\p{LD}+$", "ab1", true)]
    [InlineData(@"^\p{LD}+$", "a-b", false)]
    public void Java_regex_classes_are_translated(string java, string input, bool matches)
    {
        new System.Text.RegularExpressions.Regex(JavaRegex.ToDotNet(java)).IsMatch(input).Should().Be(matches);
    }

    [Fact]
    public void Directory_password_rule_uses_lookaheads_that_dotnet_accepts()
    {
        var password = ServiceModel.Load("ds").Shapes["Password"].Pattern!;
        password.IsMatch("Sup3rSecret!").Should().BeTrue();
        password.IsMatch("alllowercase").Should().BeFalse();
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=123456789012/20261126/eu-west-1/workspaces/aws4_request, SignedHeaders=host", "123456789012", "eu-west-1")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-west-2/ds/aws4_request, SignedHeaders=host", "000000000000", "us-west-2")]
    [InlineData(null, "000000000000", "us-east-1")]
    public void Caller_identity_comes_from_the_credential_scope(string? authorization, string account, string region)
    {
        var (a, r, _) = CallerIdentity.Resolve(authorization, null, "000000000000");
        a.Should().Be(account);
        r.Should().Be(region);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=123456789012/20261126/eu-west-1/workspaces/aws4_request, SignedHeaders=host", null, "123456789012", "eu-west-1", "workspaces")]
    [InlineData("AWS4-HMAC-SHA256 Credential=123456789012/20261126/eu-west-1 SignedHeaders=host", null, "123456789012", "eu-west-1", null)]
    [InlineData("AWS4-HMAC-SHA256 Credential=123456789012/20261126//ds/aws4_request", null, "123456789012", "us-east-1", "ds")]
    [InlineData("AWS4-HMAC-SHA256 Credential=123456789012/20261126/ap-south-1/", null, "123456789012", "ap-south-1", "")]
    [InlineData("AWS4-HMAC-SHA256 Credential=12345678901x", null, "000000000000", "us-east-1", null)]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host", "210987654321/20261126/sa-east-1/ec2/aws4_request", "210987654321", "sa-east-1", "ec2")]
    [InlineData("", "", "000000000000", "us-east-1", null)]
    public void Caller_identity_reads_each_part_of_the_scope_and_reuses_the_names_it_has_seen(string authorization, string? query, string account, string region, string? service)
    {
        var first = CallerIdentity.Resolve(authorization, query, "000000000000");
        first.Should().Be((account, region, service));
        var again = CallerIdentity.Resolve(authorization, query, "000000000000");
        ReferenceEquals(again.Account, first.Account).Should().BeTrue("a name seen before is not allocated again");
        ReferenceEquals(again.Region, first.Region).Should().BeTrue();
    }
}
