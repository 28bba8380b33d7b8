using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Connection aliases (cross-Region redirection): CreateConnectionAlias, DescribeConnectionAliases, DeleteConnectionAlias,
// AssociateConnectionAlias, DisassociateConnectionAlias, DescribeConnectionAliasPermissions, UpdateConnectionAliasPermission.
public sealed partial class WorkSpacesHandlers
{
    private const int MaxConnectionAliases = 20;          // per account and Region
    private const int MaxConnectionAliasShares = 25;      // ConnectionAliasPermissions list maximum

    private ResourceTable<ConnectionAliasRecord> ConnectionAliases => store.Table<ConnectionAliasRecord>(ResourceKinds.ConnectionAliases);

    public override Task<CreateConnectionAliasResult> CreateConnectionAlias(RequestContext context, CreateConnectionAliasRequest request, CancellationToken ct)
    {
        var connectionString = request.ConnectionString!;
        ValidateConnectionString(connectionString);
        var tags = FromWire(request.Tags);
        if (tags.Any(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
            throw InvalidParameter("Tag keys starting with 'aws:' are reserved for AWS use.");
        if (tags.Count > MaxTags)
            throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"A resource can have at most {MaxTags} tags.");

        lock (_gate)
        {
            // A connection string belongs to one account: no other account may create it, in any Region.
            // Difference from AWS: AWS reserves the string for the account for ever, even after its aliases are deleted;
            // the emulator frees it when the last alias with it is deleted.
            foreach (var other in ConnectionAliases.All())
            {
                if (!string.Equals(other.ConnectionString, connectionString, StringComparison.OrdinalIgnoreCase)) continue;
                if (other.Scope == context.Scope)
                    throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException,
                        $"A connection alias with the connection string {connectionString} already exists ({other.Id}).");
                if (other.OwnerAccountId != context.Account)
                    throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException,
                        $"The connection string {connectionString} is reserved by another account.");
            }
            if (ConnectionAliases.Count(context.Scope) >= MaxConnectionAliases)
                throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException,
                    $"The maximum number of connection aliases ({MaxConnectionAliases}) has been reached.");
            var record = new ConnectionAliasRecord(ids.Next("wsca-", 9, Ids.LowerAlnum), context.Scope, connectionString, context.Account,
                "CREATING", TransitionDue, null, [], TagList.Merge([], tags), Now);
            ConnectionAliases.Put(record);
            return Task.FromResult(new CreateConnectionAliasResult { AliasId = record.Id });
        }
    }

    public override Task<DescribeConnectionAliasesResult> DescribeConnectionAliases(RequestContext context, DescribeConnectionAliasesRequest request, CancellationToken ct)
    {
        if (request.AliasIds is not null && request.ResourceId is not null)
            throw InvalidParameter("AliasIds and ResourceId cannot be used together.");
        IReadOnlyList<ConnectionAliasRecord> selected = ConnectionAliases.List(context.Scope);
        if (request.AliasIds is { } wanted)
        {
            var set = wanted.ToHashSet(StringComparer.Ordinal);
            // Aliases shared with the caller can be looked up by id, so the shared account can follow its association.
            selected = selected.Concat(SharedWith(context).Where(a => set.Contains(a.Id))).Where(a => set.Contains(a.Id)).ToList();
        }
        else if (request.ResourceId is { } resourceId)
        {
            selected = selected.Concat(SharedWith(context))
                .Where(a => a.Association is { } x && x.ResourceId == resourceId && x.AssociatedAccountId == context.Account).ToList();
        }
        var page = Paging.Take(selected, request.Limit ?? 25, request.NextToken, "connection-aliases", InvalidToken);
        return Task.FromResult(new DescribeConnectionAliasesResult
        {
            ConnectionAliases = page.Items.Select(a => ToWire(context, a)).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<DeleteConnectionAliasResult> DeleteConnectionAlias(RequestContext context, DeleteConnectionAliasRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var alias = OwnedAlias(context, request.AliasId!);
            if (alias.State != "CREATED")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The connection alias {alias.Id} is {alias.State}; only a CREATED alias can be deleted.");
            if (alias.Association is { } association)
                throw association.AssociationStatus.StartsWith("PENDING_", StringComparison.Ordinal)
                    ? new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                        $"The connection alias {alias.Id} is {association.AssociationStatus}; wait for it to finish.")
                    : new AwsException(WorkSpacesErrors.ResourceAssociatedException,
                        $"The connection alias {alias.Id} is associated with {association.ResourceId}. Disassociate it first.");
            // Difference from AWS: AWS asks for an alias to be unshared before it is deleted, but does not document the error;
            // the emulator deletes a shared (unassociated) alias and its shares.
            ConnectionAliases.Put(alias with { State = "DELETING", NextTransitionAt = TransitionDue });
        }
        return Task.FromResult(new DeleteConnectionAliasResult());
    }

    public override Task<AssociateConnectionAliasResult> AssociateConnectionAlias(RequestContext context, AssociateConnectionAliasRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var alias = VisibleAlias(context, request.AliasId!);
            var directory = RegisteredDirectory(context, request.ResourceId!);
            if (directory.State != "REGISTERED")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The directory {directory.Id} is {directory.State}; a connection alias can be associated only with a REGISTERED directory.");
            if (alias.State != "CREATED")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The connection alias {alias.Id} is {alias.State}; only a CREATED alias can be associated.");
            if (alias.Association is { } existing)
                throw new AwsException(WorkSpacesErrors.ResourceAssociatedException,
                    $"The connection alias {alias.Id} is already associated with {existing.ResourceId} ({existing.AssociationStatus}).");
            // Difference from AWS: the format of a connection identifier is not documented; the emulator makes 13 lower-case alphanumerics.
            var association = new ConnectionAliasAssociationRecord(directory.Id, context.Account, "PENDING_ASSOCIATION",
                ids.Next("", 13, Ids.LowerAlnum), TransitionDue);
            ConnectionAliases.Put(alias with { Association = association });
            return Task.FromResult(new AssociateConnectionAliasResult { ConnectionIdentifier = association.ConnectionIdentifier });
        }
    }

    public override Task<DisassociateConnectionAliasResult> DisassociateConnectionAlias(RequestContext context, DisassociateConnectionAliasRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var alias = VisibleAlias(context, request.AliasId!);
            var association = alias.Association
                ?? throw new AwsException(WorkSpacesErrors.InvalidResourceStateException, $"The connection alias {alias.Id} is not associated.");
            // The owner may always break an association; a shared account only its own.
            if (alias.OwnerAccountId != context.Account && association.AssociatedAccountId != context.Account)
                throw new AwsException(WorkSpacesErrors.AccessDeniedException,
                    $"The connection alias {alias.Id} is associated by another account; only that account or the owner can disassociate it.");
            if (association.AssociationStatus.StartsWith("PENDING_", StringComparison.Ordinal))
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The connection alias {alias.Id} is {association.AssociationStatus}; wait for it to finish.");
            ConnectionAliases.Put(alias with { Association = association with { AssociationStatus = "PENDING_DISASSOCIATION", NextTransitionAt = TransitionDue } });
        }
        return Task.FromResult(new DisassociateConnectionAliasResult());
    }

    public override Task<DescribeConnectionAliasPermissionsResult> DescribeConnectionAliasPermissions(RequestContext context,
        DescribeConnectionAliasPermissionsRequest request, CancellationToken ct)
    {
        var alias = OwnedAlias(context, request.AliasId!);
        var page = Paging.Take(alias.Permissions, request.MaxResults ?? 25, request.NextToken, "connection-alias-permissions/" + alias.Id, InvalidToken);
        return Task.FromResult(new DescribeConnectionAliasPermissionsResult
        {
            AliasId = alias.Id,
            ConnectionAliasPermissions = page.Items
                .Select(p => new ConnectionAliasPermission { SharedAccountId = p.SharedAccountId, AllowAssociation = p.AllowAssociation }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<UpdateConnectionAliasPermissionResult> UpdateConnectionAliasPermission(RequestContext context,
        UpdateConnectionAliasPermissionRequest request, CancellationToken ct)
    {
        var permission = request.ConnectionAliasPermission!;
        var shared = permission.SharedAccountId!;
        var allow = permission.AllowAssociation!.Value;
        lock (_gate)
        {
            var alias = OwnedAlias(context, request.AliasId!);
            if (shared == alias.OwnerAccountId)
                throw InvalidParameter("A connection alias cannot be shared with the account that owns it.");
            if (alias.State != "CREATED")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The connection alias {alias.Id} is {alias.State}; only a CREATED alias can be shared.");
            var permissions = alias.Permissions.Where(p => p.SharedAccountId != shared).ToList();
            if (allow)
            {
                if (permissions.Count >= MaxConnectionAliasShares)
                    throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException,
                        $"A connection alias can be shared with at most {MaxConnectionAliasShares} accounts.");
                permissions.Add(new ConnectionAliasPermissionRecord(shared, true));
            }
            else if (alias.Association?.AssociatedAccountId == shared)
            {
                throw new AwsException(WorkSpacesErrors.ResourceAssociatedException,
                    $"The connection alias {alias.Id} is associated with a directory of {shared}. That account must disassociate it first.");
            }
            // Difference from AWS: unsharing an alias that is not shared with the account is not documented; the emulator ignores it.
            if (permissions.Count != alias.Permissions.Count || allow)
                ConnectionAliases.Put(alias with { Permissions = permissions });
        }
        return Task.FromResult(new UpdateConnectionAliasPermissionResult());
    }

    private ConnectionAlias ToWire(RequestContext context, ConnectionAliasRecord a) => new()
    {
        AliasId = a.Id,
        ConnectionString = a.ConnectionString,
        OwnerAccountId = a.OwnerAccountId,
        State = a.State,
        // A shared account sees only its own association; the owner sees any.
        Associations = a.Association is { } x && (a.OwnerAccountId == context.Account || x.AssociatedAccountId == context.Account)
            ?
            [
                new ConnectionAliasAssociation
                {
                    AssociationStatus = x.AssociationStatus,
                    AssociatedAccountId = x.AssociatedAccountId,
                    ResourceId = x.ResourceId,
                    ConnectionIdentifier = x.ConnectionIdentifier,
                },
            ]
            : null,
    };

    /// <summary>An alias of the caller's own account and Region.</summary>
    private ConnectionAliasRecord OwnedAlias(RequestContext context, string id) =>
        ConnectionAliases.Get(context.Scope, id) ?? throw AliasNotFound(id);

    /// <summary>An alias the caller owns, or one shared with it (AllowAssociation) in the same Region.</summary>
    private ConnectionAliasRecord VisibleAlias(RequestContext context, string id) =>
        ConnectionAliases.Get(context.Scope, id)
        ?? SharedWith(context).FirstOrDefault(a => a.Id == id)
        ?? throw AliasNotFound(id);

    /// <summary>Aliases of other accounts in the caller's Region that are shared with the caller.</summary>
    private IEnumerable<ConnectionAliasRecord> SharedWith(RequestContext context) =>
        ConnectionAliases.All().Where(a => a.Scope != context.Scope && a.Scope.EndsWith("/" + context.Region, StringComparison.Ordinal)
            && a.Permissions.Any(p => p.SharedAccountId == context.Account && p.AllowAssociation));

    private static AwsException AliasNotFound(string id) =>
        new(WorkSpacesErrors.ResourceNotFoundException, $"The connection alias {id} could not be found.",
            members: new Dictionary<string, string> { ["ResourceId"] = id });

    /// <summary>A connection string is a fully qualified domain name such as <c>desktop.example.com</c>.</summary>
    private static void ValidateConnectionString(string value)
    {
        var labels = value.Split('.');
        var valid = labels.Length >= 2 && value.Length <= 253
            && labels.All(l => l.Length is >= 1 and <= 63 && l[0] != '-' && l[^1] != '-')
            && !labels[^1].All(char.IsAsciiDigit);
        if (!valid)
            throw InvalidParameter($"The connection string {value} is not a fully qualified domain name (for example www.example.com).");
    }
}
