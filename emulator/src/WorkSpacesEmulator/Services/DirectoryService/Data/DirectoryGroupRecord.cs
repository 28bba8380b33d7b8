using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>A group object inside a directory, holding its direct members (AD's <c>member</c> attribute).
/// Id = "{DirectoryId}/{lower-case SAMAccountName}" so lookups are case-insensitive as in AD.</summary>
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
}

/// <summary>A direct member of a group. Matched by SID, so a deleted and re-created namesake never inherits a membership.</summary>
public sealed record GroupMember(string MemberType, string SAMAccountName, string Sid);
