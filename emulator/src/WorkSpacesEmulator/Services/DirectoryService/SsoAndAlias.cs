using System.Text.RegularExpressions;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>The directory's access URL alias (set once, never changed or reused) and single sign-on.</summary>
public sealed partial class DirectoryServiceHandlers
{
    // The model pattern is not anchored at the end; AWS rejects anything but letters, digits and inner hyphens.
    private static readonly Regex AliasPattern = new("^(?!D-|d-)[0-9a-zA-Z]+(-+[0-9a-zA-Z]+)*$", RegexOptions.CultureInvariant);

    private readonly Lock _aliasGate = new();

    public override Task<CreateAliasResult> CreateAlias(RequestContext context, CreateAliasRequest request, CancellationToken cancellationToken)
    {
        var alias = request.Alias!;
        if (!AliasPattern.IsMatch(alias))
            throw DsErrors.InvalidParameter($"Invalid alias {alias}: use letters, digits and hyphens, not starting with d- and not starting or ending with a hyphen.");
        lock (_aliasGate)
        {
            // Aliases are one global namespace (<alias>.awsapps.com), so they are unique across every account and Region.
            // Difference from AWS: an alias of a deleted directory becomes free again (AWS never reuses one).
            if (Directories.All().Any(d => d.Alias != d.Id && string.Equals(d.Alias, alias, StringComparison.OrdinalIgnoreCase)))
                throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException, $"The alias {alias} is already in use.");
            var directory = UpdateDirectory(context, request.DirectoryId!, d =>
            {
                if (d.Alias != d.Id)
                    throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException,
                        $"Directory {d.Id} already has the alias {d.Alias}; an alias cannot be changed.");
                if (!d.IsActive)
                    throw DsErrors.Client($"Directory {d.Id} is in the {d.Stage} stage; an alias can only be created for an Active directory.");
                return d with { Alias = alias, AccessUrl = $"{alias}.awsapps.com" };
            });
            return Task.FromResult(new CreateAliasResult { DirectoryId = directory.Id, Alias = directory.Alias });
        }
    }

    public override Task<EnableSsoResult> EnableSso(RequestContext context, EnableSsoRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        CheckSsoCredentials(context, directory, request.UserName, request.Password);
        // The Directory Service guide: single sign-on is enabled on the directory's access URL, so the alias
        // (CreateAlias) must exist first (the console offers "Enable" only once the access URL is created). Until then
        // the alias is the directory id.
        UpdateDirectory(context, directory.Id, d => d.SsoEnabled ? d
            : d.Alias is null || d.Alias == d.Id ? throw DsErrors.Client($"Directory {d.Id} has no access URL; create an alias (CreateAlias) before enabling single sign-on.")
            : d with { SsoEnabled = true });
        return Task.FromResult(new EnableSsoResult());
    }

    public override Task<DisableSsoResult> DisableSso(RequestContext context, DisableSsoRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        CheckSsoCredentials(context, directory, request.UserName, request.Password);
        UpdateDirectory(context, directory.Id, d => d.SsoEnabled ? d with { SsoEnabled = false } : d);
        return Task.FromResult(new DisableSsoResult());
    }

    /// <summary>The optional service-account credentials: checked against the directory's users where it has its own.</summary>
    private void CheckSsoCredentials(RequestContext context, DirectoryRecord directory, string? userName, string? password)
    {
        if (!directory.IsActive)
            throw DsErrors.Client($"Directory {directory.Id} is in the {directory.Stage} stage; single sign-on can only be changed for an Active directory.");
        if (userName is null && password is null) return;
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
            throw DsErrors.InvalidParameter("UserName and Password must be given together.");
        // Difference from AWS: with the simulated runtime an AD Connector's customer domain is not contacted, so its credentials are not checked.
        // A DC-backed directory (or a connected AD Connector) checks them with an LDAP bind as that user.
        var verified = WorkSpacesEmulator.Directories.DomainControllers.Reaches(directory)
            ? controllers.LdapEndpoint(directory) is { } endpoint
              && WorkSpacesEmulator.Directories.LdapAuthenticator.Bind(endpoint, WorkSpacesEmulator.Directories.StoredHashAuthenticator.SamAccountNameOf(userName) + "@" + directory.Name, password) is null
            : !directory.HasLocalUsers || new DirectoryQueries(store).VerifyPassword(context.Scope, directory.Id, userName, password);
        if (!verified)
            throw new AwsException(DirectoryServiceErrors.AuthenticationFailedException,
                $"The credentials for {userName} could not be verified in directory {directory.Id}.");
    }
}
