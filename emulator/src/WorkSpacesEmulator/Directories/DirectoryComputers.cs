using System.DirectoryServices.Protocols;
using System.Globalization;
using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Directories;

/// <summary>WorkSpaces' computer objects in a DC-backed directory: CreateWorkspaces joins the WorkSpace's
/// ComputerName to the domain (in the registration's DefaultOu when set, else the domain's computers container), and
/// terminating the WorkSpace removes the object, as AWS does.</summary>
public sealed class DirectoryComputers(DomainControllers controllers)
{
    private const int WorkstationTrustAccount = 0x1000;

    /// <summary>Where a WorkSpace's computer object goes without a DefaultOu.</summary>
    public static string DefaultContainer(DirectoryRecord d) => d.Type == DirectoryTypes.MicrosoftAD
        ? $"OU=Computers,OU={d.ShortName},{DirectoryUsers.DomainDn(d.Name)}"
        : $"CN=Computers,{DirectoryUsers.DomainDn(d.Name)}";

    /// <summary>Creates the computer object if it is not there yet; returns its DN.</summary>
    public string Join(DirectoryRecord d, string computerName, string? defaultOu)
    {
        using var ldap = controllers.Open(d);
        if (Find(ldap, d, computerName) is { } existing) return existing;
        var dn = $"CN={computerName},{(string.IsNullOrWhiteSpace(defaultOu) ? DefaultContainer(d) : defaultOu)}";
        ldap.Send(new AddRequest(dn,
            new DirectoryAttribute("objectClass", "top", "person", "organizationalPerson", "user", "computer"),
            new DirectoryAttribute("sAMAccountName", computerName.ToUpperInvariant() + "$"),
            new DirectoryAttribute("dNSHostName", computerName.ToLowerInvariant() + "." + d.Name),
            new DirectoryAttribute("userAccountControl", WorkstationTrustAccount.ToString(CultureInfo.InvariantCulture))));
        return dn;
    }

    /// <summary>Removes the computer object; false when there was none.</summary>
    public bool Leave(DirectoryRecord d, string computerName)
    {
        using var ldap = controllers.Open(d);
        if (Find(ldap, d, computerName) is not { } dn) return false;
        // A joined machine may have child objects (e.g. service connection points): delete the subtree.
        var delete = new DeleteRequest(dn);
        delete.Controls.Add(new TreeDeleteControl());
        ldap.Send(delete);
        return true;
    }

    private static string? Find(LdapSession ldap, DirectoryRecord d, string computerName) =>
        ldap.First(DirectoryUsers.DomainDn(d.Name), $"(&(objectClass=computer)(sAMAccountName={LdapSession.Escape(computerName.ToUpperInvariant())}$))", "dn")
            ?.DistinguishedName;
}
