using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>Directory users: create, describe, list, search, update, disable, delete.</summary>
// Difference from AWS: ClientToken idempotency is not emulated (a retried CreateUser answers ConflictException).
public sealed partial class DirectoryServiceDataHandlers
{
    private const int DefaultMaxResults = 250;
    private readonly Lock _userGate = new();

    public override Task<CreateUserResult> CreateUser(RequestContext context, CreateUserRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!);
        var attributes = LdapAttributes.FromWire(request.OtherAttributes, "INVALID_ATTRIBUTE_FOR_USER");
        try
        {
            var user = userStores.For(directory).Create(directory,
                new NewDirectoryUser(request.SAMAccountName!, request.GivenName, request.Surname, request.EmailAddress, attributes), time.GetUtcNow());
            return Task.FromResult(new CreateUserResult { DirectoryId = directory.Id, SAMAccountName = user.SAMAccountName, SID = user.Sid });
        }
        catch (DirectoryConflict e)
        {
            throw new AwsException(DirectoryServiceDataErrors.ConflictException, e.Message);
        }
    }

    public override Task<DescribeUserResult> DescribeUser(RequestContext context, DescribeUserRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, users) = UserRealm(context, request.DirectoryId!, request.Realm);
        var user = users.Find(directory, request.SAMAccountName!) ?? throw DataErrors.UserNotFound(directory.Id, request.SAMAccountName!);
        return Task.FromResult(new DescribeUserResult
        {
            DirectoryId = directory.Id,
            Realm = realm,
            SAMAccountName = user.SAMAccountName,
            SID = user.Sid,
            DistinguishedName = user.DistinguishedName,
            UserPrincipalName = user.UserPrincipalName,
            GivenName = user.GivenName,
            Surname = user.Surname,
            EmailAddress = user.EmailAddress,
            Enabled = user.Enabled,
            OtherAttributes = LdapAttributes.Select(user, request.OtherAttributes),
        });
    }

    public override Task<ListUsersResult> ListUsers(RequestContext context, ListUsersRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, users) = UserRealm(context, request.DirectoryId!, request.Realm);
        var page = Paging.Take(users.List(directory), request.MaxResults ?? DefaultMaxResults, request.NextToken,
            "ds-data.ListUsers:" + directory.Id + ":" + realm.ToLowerInvariant(), InvalidNextToken);
        return Task.FromResult(new ListUsersResult
        {
            DirectoryId = directory.Id,
            Realm = realm,
            Users = page.Items.Select(u => new UserSummary
            {
                SAMAccountName = u.SAMAccountName, SID = u.Sid, Enabled = u.Enabled, GivenName = u.GivenName, Surname = u.Surname,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<SearchUsersResult> SearchUsers(RequestContext context, SearchUsersRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, users) = UserRealm(context, request.DirectoryId!, request.Realm);
        var needle = request.SearchString!.Trim('*');
        // A user matches when any searched attribute contains the search string (case-insensitive, as LDAP substring filters).
        bool Matches(DirectoryUserRecord user) =>
            LdapAttributes.Select(user, request.SearchAttributes)?.Values
                .SelectMany(v => v.SS ?? [v.S ?? v.N?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""])
                .Any(text => text.Contains(needle, StringComparison.OrdinalIgnoreCase)) == true;
        var matches = users.List(directory).Where(Matches).ToList();
        var page = Paging.Take(matches, request.MaxResults ?? DefaultMaxResults, request.NextToken,
            "ds-data.SearchUsers:" + directory.Id + ":" + realm.ToLowerInvariant() + ":" + request.SearchString + ":" + string.Join(',', request.SearchAttributes ?? []), InvalidNextToken);
        return Task.FromResult(new SearchUsersResult
        {
            DirectoryId = directory.Id,
            Realm = realm,
            Users = page.Items.Select(u => new User
            {
                SAMAccountName = u.SAMAccountName, SID = u.Sid, Enabled = u.Enabled, GivenName = u.GivenName, Surname = u.Surname,
                EmailAddress = u.EmailAddress, DistinguishedName = u.DistinguishedName, UserPrincipalName = u.UserPrincipalName,
                OtherAttributes = u.OtherAttributes is { Count: > 0 } other ? other.ToDictionary(a => a.Key, a => LdapAttributes.ToWire(a.Value)) : null,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<UpdateUserResult> UpdateUser(RequestContext context, UpdateUserRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!);
        // REPLACE when no type is given: "set these values", the least surprising reading.
        var updateType = request.UpdateType ?? "REPLACE";
        var change = LdapAttributes.FromWire(request.OtherAttributes, "INVALID_ATTRIBUTE_FOR_MODIFY");
        string? Field(string name, string? current, string? requested) => requested is null ? current : updateType switch
        {
            "ADD" when current is not null => throw DataErrors.Validation("ATTRIBUTE_EXISTS", $"The attribute {name} already has a value; use REPLACE to change it."),
            "REMOVE" => null,
            _ => requested,
        };
        UpdateUserRecord(directory, request.SAMAccountName!, user => user with
        {
            GivenName = Field("givenName", user.GivenName, request.GivenName),
            Surname = Field("sn", user.Surname, request.Surname),
            EmailAddress = Field("mail", user.EmailAddress, request.EmailAddress),
            OtherAttributes = change is null ? user.OtherAttributes : LdapAttributes.Apply(user.OtherAttributes, change, updateType),
        });
        return Task.FromResult(new UpdateUserResult());
    }

    public override Task<DisableUserResult> DisableUser(RequestContext context, DisableUserRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!);
        UpdateUserRecord(directory, request.SAMAccountName!, user => user with { Enabled = false });
        return Task.FromResult(new DisableUserResult());
    }

    public override Task<DeleteUserResult> DeleteUser(RequestContext context, DeleteUserRequest request, CancellationToken cancellationToken)
    {
        var directory = UsableDirectory(context, request.DirectoryId!);
        var user = RequireUser(directory, request.SAMAccountName!);
        if (!userStores.For(directory).Delete(directory, user.SAMAccountName)) throw DataErrors.UserNotFound(directory.Id, request.SAMAccountName!);
        // Groups and memberships are records for every directory (DC-backed ones too, see README), so drop them here.
        RemoveFromAllGroups(directory, user.Sid);
        return Task.FromResult(new DeleteUserResult());
    }

    private DirectoryUserRecord? FindUser(DirectoryRecord directory, string samAccountName) =>
        userStores.For(directory).Find(directory, samAccountName);

    private DirectoryUserRecord RequireUser(DirectoryRecord directory, string samAccountName) =>
        FindUser(directory, samAccountName) ?? throw DataErrors.UserNotFound(directory.Id, samAccountName);

    private IReadOnlyList<DirectoryUserRecord> UsersOf(DirectoryRecord directory) => userStores.For(directory).List(directory);

    private void UpdateUserRecord(DirectoryRecord directory, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change)
    {
        _ = userStores.For(directory).Update(directory, samAccountName, change, time.GetUtcNow()) ?? throw DataErrors.UserNotFound(directory.Id, samAccountName);
    }

    private static AwsException InvalidNextToken() => DataErrors.Validation("INVALID_NEXT_TOKEN", "The NextToken value is not valid.");
}
