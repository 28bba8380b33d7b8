using WorkSpacesEmulator.Services.DirectoryService.Data;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>AD's groupType bits ↔ ds-data's GroupType/GroupScope, and the cursor tokens that page DC listings.</summary>
public sealed class DirectoryGroupKindsUnitTests
{
    [Theory]
    [InlineData("Security", "Global", -2147483646)]
    [InlineData("Security", "DomainLocal", -2147483644)]
    [InlineData("Security", "Universal", -2147483640)]
    [InlineData("Security", "BuiltinLocal", -2147483643)]
    [InlineData("Distribution", "Global", 2)]
    [InlineData("Distribution", "DomainLocal", 4)]
    [InlineData("Distribution", "Universal", 8)]
    public void GroupType_bits_round_trip(string type, string scope, int flags)
    {
        GroupKinds.Flags(type, scope).Should().Be(flags);
        GroupKinds.FromFlags(flags).Should().Be((type, scope));
    }

    [Fact]
    public void A_cursor_token_belongs_to_its_listing()
    {
        var token = Paging.Token("ds-data.ListGroups:d-1", "team|b");
        Paging.Cursor(token, "ds-data.ListGroups:d-1", () => new InvalidOperationException("bad")).Should().Be("team|b");
        Paging.Token("ds-data.ListGroups:d-1", null).Should().BeNull();
        Paging.Cursor(null, "ds-data.ListGroups:d-1", () => new InvalidOperationException("bad")).Should().BeNull();
        var other = () => Paging.Cursor(token, "ds-data.ListGroups:d-2", () => new InvalidOperationException("bad"));
        other.Should().Throw<InvalidOperationException>();
        var garbage = () => Paging.Cursor("%%%", "ds-data.ListGroups:d-1", () => new InvalidOperationException("bad"));
        garbage.Should().Throw<InvalidOperationException>();
    }
}
