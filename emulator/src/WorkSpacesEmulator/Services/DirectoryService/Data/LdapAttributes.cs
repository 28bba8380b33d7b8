using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>Conversions and rules for ds-data's <c>OtherAttributes</c> (LDAP display name → AttributeValue union).
/// Names are matched case-insensitively, as LDAP does, but stored with the caller's spelling.</summary>
internal static class LdapAttributes
{
    /// <summary>Attributes with their own request members or computed by the directory: not settable as OtherAttributes.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "sAMAccountName", "givenName", "sn", "mail", "userPrincipalName", "distinguishedName", "objectSid", "objectGUID",
        "userAccountControl", "unicodePwd", "userPassword", "cn", "name", "memberOf", "objectClass",
        // Groups: type and scope have their own members; membership changes go through AddGroupMember/RemoveGroupMember.
        "groupType", "member",
    };

    public static Dictionary<string, LdapValue>? FromWire(Dictionary<string, AttributeValue>? attributes, string invalidNameReason)
    {
        if (attributes is null) return null;
        var result = new Dictionary<string, LdapValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in attributes)
        {
            if (Reserved.Contains(name))
                throw DataErrors.Validation(invalidNameReason, $"The attribute {name} cannot be set through OtherAttributes.");
            var set = (value.S is not null ? 1 : 0) + (value.N is not null ? 1 : 0) + (value.BOOL is not null ? 1 : 0) + (value.SS is not null ? 1 : 0);
            if (set != 1)
                throw DataErrors.Validation("INVALID_ATTRIBUTE_VALUE", $"The value of attribute {name} must set exactly one of S, N, BOOL or SS.");
            if (!result.TryAdd(name, new LdapValue(value.S, value.N, value.BOOL, value.SS?.ToList())))
                throw DataErrors.Validation("DUPLICATE_ATTRIBUTE", $"The attribute {name} is given more than once.");
        }
        return result;
    }

    public static AttributeValue ToWire(LdapValue value) => new() { S = value.S, N = value.N, BOOL = value.Bool, SS = value.SS?.ToList() };

    /// <summary>The requested attributes the user has: stored ones plus the directory-computed well-known ones.
    /// Null when none (the wire map may not be empty).</summary>
    public static Dictionary<string, AttributeValue>? Select(DirectoryUserRecord user, IEnumerable<string>? requested) =>
        Select(user.OtherAttributes, name => Computed(user, name), requested);

    /// <summary>The requested attributes of any directory object: its stored ones, else what <paramref name="computed"/>
    /// answers for a name. Null when none (the wire map may not be empty).</summary>
    public static Dictionary<string, AttributeValue>? Select(IReadOnlyDictionary<string, LdapValue>? stored,
        Func<string, AttributeValue?> computed, IEnumerable<string>? requested)
    {
        if (requested is null) return null;
        var result = new Dictionary<string, AttributeValue>();
        foreach (var name in requested)
        {
            var hit = stored?.FirstOrDefault(a => string.Equals(a.Key, name, StringComparison.OrdinalIgnoreCase));
            if (hit is { Key: not null } found) result[found.Key] = ToWire(found.Value);
            else if (computed(name) is { } value) result[name] = value;
        }
        return result.Count > 0 ? result : null;
    }

    /// <summary>The requested attributes of a group: stored ones plus the directory-computed well-known ones.</summary>
    public static Dictionary<string, AttributeValue>? Select(Directories.DirectoryGroup group, IEnumerable<string>? requested) =>
        Select(group.OtherAttributes, name => name.ToLowerInvariant() switch
        {
            "samaccountname" => new() { S = group.SAMAccountName },
            "distinguishedname" => new() { S = group.DistinguishedName },
            "objectsid" => new() { S = group.Sid },
            "grouptype" => new() { N = GroupKinds.Flags(group.GroupType, group.GroupScope) },
            _ => null,
        }, requested);

    /// <summary>ds-data's search rule: any of the selected attribute values contains the search string
    /// (case-insensitive, as an LDAP substring filter <c>(attr=*needle*)</c>).</summary>
    public static bool Contains(Dictionary<string, AttributeValue>? selected, string searchString)
    {
        var needle = searchString.Trim('*');
        return selected?.Values.SelectMany(Texts).Any(text => text.Contains(needle, StringComparison.OrdinalIgnoreCase)) == true;
    }

    /// <summary>OtherAttributes as the wire map (null when none: the wire map may not be empty).</summary>
    public static Dictionary<string, AttributeValue>? ToWire(IReadOnlyDictionary<string, LdapValue>? attributes) =>
        attributes is { Count: > 0 } other ? other.ToDictionary(a => a.Key, a => ToWire(a.Value)) : null;

    /// <summary>Search text of an attribute value: each string of a set, else its scalar as text.</summary>
    public static IEnumerable<string> Texts(AttributeValue value) =>
        value.SS ?? [value.S ?? value.N?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""];

    private static AttributeValue? Computed(DirectoryUserRecord user, string name) => name.ToLowerInvariant() switch
    {
        "samaccountname" => new() { S = user.SAMAccountName },
        "givenname" when user.GivenName is not null => new() { S = user.GivenName },
        "sn" when user.Surname is not null => new() { S = user.Surname },
        "mail" when user.EmailAddress is not null => new() { S = user.EmailAddress },
        "userprincipalname" => new() { S = user.UserPrincipalName },
        "distinguishedname" => new() { S = user.DistinguishedName },
        "objectsid" => new() { S = user.Sid },
        // NORMAL_ACCOUNT (0x200), plus ACCOUNTDISABLE (0x2) when disabled.
        "useraccountcontrol" => new() { N = user.Enabled ? 512 : 514 },
        _ => null,
    };

    /// <summary>Applies an UpdateUser change to the stored attributes with LDAP modify semantics.</summary>
    public static Dictionary<string, LdapValue> Apply(IReadOnlyDictionary<string, LdapValue>? existing, Dictionary<string, LdapValue> change, string updateType)
    {
        var result = new Dictionary<string, LdapValue>(existing ?? new Dictionary<string, LdapValue>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in change)
        {
            var had = result.TryGetValue(name, out var current);
            switch (updateType)
            {
                case "ADD" when !had:
                    result[name] = value;
                    break;
                case "ADD" when current!.SS is not null && value.SS is not null:
                    result[name] = current with { SS = current.SS.Union(value.SS, StringComparer.Ordinal).ToList() };
                    break;
                case "ADD":
                    throw DataErrors.Validation("ATTRIBUTE_EXISTS", $"The attribute {name} already has a value; use REPLACE to change it.");
                case "REMOVE" when had && current!.SS is not null && value.SS is { Count: > 0 }:
                    // Removing listed values from a multi-valued attribute keeps the others.
                    var left = current.SS.Except(value.SS, StringComparer.Ordinal).ToList();
                    if (left.Count > 0) result[name] = current with { SS = left }; else result.Remove(name);
                    break;
                case "REMOVE":
                    result.Remove(name);
                    break;
                default:
                    result[name] = value;
                    break;
            }
        }
        return result;
    }
}
