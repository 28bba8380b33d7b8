using System.Text.RegularExpressions;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>Model patterns are matched against the whole value (Java's String.matches), anchored or not.</summary>
public sealed class WholeValuePatternTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldBeValidation(WireResponse response, string path)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be("ValidationException", response.Body);
        (response.Json["message"] ?? response.Json["Message"])!.GetValue<string>().Should().Contain($"at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern");
    }

    [Theory]
    [InlineData("oops$")]
    [InlineData("jdoe\n")]
    [InlineData("$jdoe")]
    public async Task A_user_name_with_characters_outside_the_pattern_is_refused(string userName)
    {
        var wire = factory.Wire();
        ShouldBeValidation(await wire.JsonAsync("ds", "EnableSso", new { DirectoryId = "d-1234567890", UserName = userName, Password = "Sup3r-Secret!" }), "userName");
    }

    [Theory]
    [InlineData("xwsi-abc123def")]
    [InlineData("wsi-abc123def\n")]
    [InlineData("my-wsi-abc123def")]
    public async Task An_image_id_with_a_prefix_or_trailing_newline_is_refused(string imageId)
    {
        var wire = factory.Wire();
        ShouldBeValidation(await wire.JsonAsync("workspaces", "DescribeWorkspaceImages", new { ImageIds = new[] { imageId } }), "imageIds.1.member");
    }

    [Fact]
    public async Task A_whole_valid_value_still_passes()
    {
        var wire = factory.Wire();
        (await wire.JsonAsync("workspaces", "DescribeWorkspaceImages", new { ImageIds = new[] { "wsi-abc123def" } })).Ok();
    }

    [Theory]
    [InlineData(@"\d+", "١٢٣", false)]          // Java's \d is ASCII only
    [InlineData(@"\w+", "é", false)]
    [InlineData(@"a.c", "a\rc", false)]          // Java's '.' excludes every line terminator
    [InlineData(@"a.c", "a-c", true)]
    [InlineData(@"^\d{12}|AMAZON$", "AMAZON", true)]
    [InlineData(@"^\d{12}|AMAZON$", "123456789012AMAZON", false)]
    [InlineData(@"[&\w+-.@]+", "S-1-5-21", true)]
    public void Java_semantics_are_kept(string java, string value, bool matches) =>
        JavaRegex.WholeValue(java).IsMatch(value).Should().Be(matches);

    /// <summary>Characters a pattern can only accept through a construct that admits "anything" (., [^…], \S, …).</summary>
    private static bool AdmitsControlCharacters(string java) =>
        Regex.IsMatch(java, @"(?<!\\)\.|\[\^|\\S|\\W|\\D|\\x00|\\u0000|\\p\{Z\}");

    /// <summary>Every pattern of the three models: a value generated from it (Fare, from the translated pattern) is
    /// accepted whole, and the same value with a control character before or after it is refused — which a
    /// substring search would accept for the unanchored patterns.</summary>
    [Theory]
    [InlineData("workspaces")]
    [InlineData("ds")]
    [InlineData("ds-data")]
    public void Every_model_pattern_matches_whole_values_only(string service)
    {
        var patterns = ServiceModel.Load(service).Shapes.Values.Where(s => s.PatternText is not null).Select(s => s.PatternText!).Distinct().ToList();
        var random = new Random(20261201);
        var generated = 0;
        var failures = new List<string>();
        var missed = new List<string>();
        foreach (var java in patterns)
        {
            var whole = JavaRegex.WholeValue(java);
            if (Sample(java, random) is not { } sample) { missed.Add(java); continue; }
            generated++;
            if (!whole.IsMatch(sample)) { failures.Add($"{java}: generated '{sample}' not accepted"); continue; }
            if (AdmitsControlCharacters(java)) continue;
            foreach (var junk in new[] { "\u0001" + sample, sample + "\u0001", sample + "\n" })
                if (whole.IsMatch(junk)) failures.Add($"{java}: accepted '{Regex.Escape(junk)}'");
        }
        failures.Should().BeEmpty();
        // Fare cannot expand look-arounds; everything else in the models is generated.
        missed.Where(p => !p.Contains("(?=") && !p.Contains("(?!")).Should().BeEmpty();
    }

    /// <summary>A value of the pattern, generated with Fare from its .NET translation (anchors removed, since Fare
    /// treats ^ and $ as literals); null when Fare cannot read it.</summary>
    internal static string? Sample(string java, Random random)
    {
        if (WorkSpacesEmulator.Fuzzing.RequestFuzzer.XegerFor(java, random) is { } xeger)
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var value = xeger.Generate();
                if (JavaRegex.WholeValue(java).IsMatch(value)) return value;
            }
        // Fare cannot read some negated classes; a plain word is a value of those.
        return new[] { "jdoe", "Abc123" }.FirstOrDefault(JavaRegex.WholeValue(java).IsMatch);
    }
}
