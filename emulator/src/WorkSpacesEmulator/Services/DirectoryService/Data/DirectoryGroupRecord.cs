using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>A group object inside a simulated directory, holding its direct members (AD's <c>member</c> attribute).
/// Id = "{DirectoryId}/{lower-case SAMAccountName}" so lookups are case-insensitive as in AD. DC-backed directories
/// keep their groups in the DC only.</summary>
public sealed record DirectoryGroupRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string SAMAccountName,
    string Sid,
    string DistinguishedName,
    string GroupType,         // ds-data GroupType: Distribution | Security
    string GroupScope,        // ds-data GroupScope: DomainLocal | Global | Universal | BuiltinLocal
    IReadOnlyDictionary<string, LdapValue>? OtherAttributes,
    IReadOnlyList<GroupMember> Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IResource
{
    public static string KeyFor(string directoryId, string samAccountName) => directoryId + "/" + samAccountName.ToLowerInvariant();

    public DirectoryGroup View() => new(SAMAccountName, Sid, DistinguishedName, GroupType, GroupScope, OtherAttributes);
}

/// <summary>A direct member of a group (MemberType USER | GROUP | COMPUTER). Matched by SID, so a deleted and
/// re-created namesake never inherits a membership.</summary>
public sealed record GroupMember(string MemberType, string SAMAccountName, string Sid);

/// <summary>ds-data's GroupType / GroupScope and AD's groupType bits.</summary>
public static class GroupKinds
{
    public const string Security = "Security";
    public const string Distribution = "Distribution";
    public const string Global = "Global";
    public const string DomainLocal = "DomainLocal";
    public const string Universal = "Universal";
    public const string BuiltinLocal = "BuiltinLocal";

    private const uint SecurityEnabled = 0x80000000u;

    /// <summary>AD's groupType, as the signed 32-bit value LDAP returns (e.g. -2147483646 for a global security group).</summary>
    public static int Flags(string groupType, string groupScope)
    {
        var scope = groupScope switch
        {
            BuiltinLocal => 0x1u | 0x4u,
            DomainLocal => 0x4u,
            Universal => 0x8u,
            _ => 0x2u,
        };
        return unchecked((int)(groupType == Security ? scope | SecurityEnabled : scope));
    }

    /// <summary>GroupType and GroupScope of an AD groupType value (0x1 marks the built-in local groups).</summary>
    public static (string Type, string Scope) FromFlags(int flags)
    {
        var bits = unchecked((uint)flags);
        var scope = (bits & 0x1u) != 0 ? BuiltinLocal : (bits & 0x8u) != 0 ? Universal : (bits & 0x4u) != 0 ? DomainLocal : Global;
        return ((bits & SecurityEnabled) != 0 ? Security : Distribution, scope);
    }
}
