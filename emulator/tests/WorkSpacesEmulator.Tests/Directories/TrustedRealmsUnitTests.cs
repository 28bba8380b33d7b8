using WorkSpacesEmulator.Directories;

namespace WorkSpacesEmulator.Tests.Directories;

/// <summary>The pure parts of trusted-realm handling: how a user name names its realm, and reading the LDIF that
/// Samba's ldbsearch prints (what the directory's DC answers about a trusted domain).</summary>
public sealed class TrustedRealmsUnitTests
{
    [Theory]
    [InlineData(@"ONPREM\dave", "ONPREM", "dave")]
    [InlineData("dave@onprem.example.com", "onprem.example.com", "dave")]
    [InlineData("dave", null, "dave")]
    public void A_user_name_names_its_realm_as_AWS_accepts_it(string userName, string? realm, string sam) =>
        TrustedRealms.Split(userName).Should().Be((realm, sam));

    [Fact]
    public void Ldif_entries_are_read_with_folded_and_base64_values_and_referrals_skipped()
    {
        const string output = """
            # record 1
            dn: CN=dave,CN=Users,DC=onprem,DC=example,DC=com
            objectSid: S-1-5-21-2508663182-1745865080-2255668313-1103
            sAMAccountName: dave
            description: a long line that the
             writer folded
            givenName:: w4lyaWM=
            mail: dave@onprem.example.com
            mail: d@onprem.example.com

            # Referral
            ref: ldap://onprem.example.com/CN=Configuration,DC=onprem,DC=example,DC=com

            # returned 2 records
            # 1 entries
            # 1 referrals
            """;
        var entries = Ldif.Parse(output);
        entries.Should().HaveCount(1);
        var dave = entries[0];
        dave["dn"].Should().Equal("CN=dave,CN=Users,DC=onprem,DC=example,DC=com");
        dave["SAMACCOUNTNAME"].Should().Equal("dave");
        dave["description"].Should().Equal("a long line that thewriter folded");
        dave["givenName"].Should().Equal("Éric");
        dave["mail"].Should().Equal("dave@onprem.example.com", "d@onprem.example.com");
        dave.Should().NotContainKey("ref");
    }
}
