using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Tests.Ec2;

public sealed class WildcardTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("a*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("*", "", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData(@"a\*", "a*", true)]
    [InlineData(@"a\*", "ab", false)]
    [InlineData(@"a\?", "a?", true)]
    [InlineData("ABC", "abc", false)]
    public void Matches_like_ec2_filter_values(string pattern, string value, bool expected) =>
        Wildcard.IsMatch(pattern, value).Should().Be(expected);
}
