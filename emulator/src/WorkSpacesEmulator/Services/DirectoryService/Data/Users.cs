using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>Directory users: create, describe, list, search, update, disable, delete.</summary>
// Difference from AWS: ClientToken idempotency is not emulated (a retried CreateUser answers ConflictException).
public sealed partial class DirectoryServiceDataHandlers
{
    public override async Task<CreateUserResult> CreateUser(RequestContext context, CreateUserRequest request, CancellationToken cancellationToken)
    {
        var (directory, users) = await OpenAsync(context, request.DirectoryId!, cancellationToken);
        var attributes = LdapAttributes.FromWire(request.OtherAttributes, "INVALID_ATTRIBUTE_FOR_USER");
        try
        {
            var user = users.Create(directory,
                new NewDirectoryUser(request.SAMAccountName!, request.GivenName, request.Surname, request.EmailAddress, attributes), time.GetUtcNow());
            return new CreateUserResult { DirectoryId = directory.Id, SAMAccountName = user.SAMAccountName, SID = user.Sid };
        }
        catch (DirectoryConflict e)
        {
            throw new AwsException(DirectoryServiceDataErrors.ConflictException, e.Message);
        }
    }

    public override async Task<DescribeUserResult> DescribeUser(RequestContext context, DescribeUserRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, users) = await RealmAsync(context, request.DirectoryId!, request.Realm, cancellationToken);
        var user = await users.FindAsync(directory, request.SAMAccountName!, cancellationToken) ?? throw DataErrors.UserNotFound(directory.Id, request.SAMAccountName!);
        return new DescribeUserResult
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
        };
    }

    public override async Task<ListUsersResult> ListUsers(RequestContext context, ListUsersRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, users) = await RealmAsync(context, request.DirectoryId!, request.Realm, cancellationToken);
        var (page, next) = await ListedAsync("ds-data.ListUsers:" + directory.Id + ":" + realm.ToLowerInvariant(), request.MaxResults, request.NextToken,
            async q => await users.ListAsync(directory, q, cancellationToken), InvalidNextToken);
        return new ListUsersResult
        {
            DirectoryId = directory.Id,
            Realm = realm,
            Users = page.Items.Select(u => new UserSummary
            {
                SAMAccountName = u.SAMAccountName, SID = u.Sid, Enabled = u.Enabled, GivenName = u.GivenName, Surname = u.Surname,
            }).ToList(),
            NextToken = next,
        };
    }

    public override async Task<SearchUsersResult> SearchUsers(RequestContext context, SearchUsersRequest request, CancellationToken cancellationToken)
    {
        var (directory, realm, users) = await RealmAsync(context, request.DirectoryId!, request.Realm, cancellationToken);
        var (page, next) = await ListedAsync("ds-data.SearchUsers:" + directory.Id + ":" + realm.ToLowerInvariant() + ":" + request.SearchString + ":"
            + string.Join(',', request.SearchAttributes ?? []), request.MaxResults, request.NextToken, async q => await users.ListAsync(directory, q, cancellationToken), InvalidNextToken,
            request.SearchString!, request.SearchAttributes);
        return new SearchUsersResult
        {
            DirectoryId = directory.Id,
            Realm = realm,
            Users = page.Items.Select(u => new User
            {
                SAMAccountName = u.SAMAccountName, SID = u.Sid, Enabled = u.Enabled, GivenName = u.GivenName, Surname = u.Surname,
                EmailAddress = u.EmailAddress, DistinguishedName = u.DistinguishedName, UserPrincipalName = u.UserPrincipalName,
                OtherAttributes = LdapAttributes.ToWire(u.OtherAttributes),
            }).ToList(),
            NextToken = next,
        };
    }

    public override async Task<UpdateUserResult> UpdateUser(RequestContext context, UpdateUserRequest request, CancellationToken cancellationToken)
    {
        var (directory, users) = await OpenAsync(context, request.DirectoryId!, cancellationToken);
        // REPLACE when no type is given: "set these values", the least surprising reading.
        var updateType = request.UpdateType ?? "REPLACE";
        var change = LdapAttributes.FromWire(request.OtherAttributes, "INVALID_ATTRIBUTE_FOR_MODIFY");
        string? Field(string name, string? current, string? requested) => requested is null ? current : updateType switch
        {
            "ADD" when current is not null => throw DataErrors.Validation("ATTRIBUTE_EXISTS", $"The attribute {name} already has a value; use REPLACE to change it."),
            "REMOVE" => null,
            _ => requested,
        };
        UpdateUserRecord(directory, users, request.SAMAccountName!, user => user with
        {
            GivenName = Field("givenName", user.GivenName, request.GivenName),
            Surname = Field("sn", user.Surname, request.Surname),
            EmailAddress = Field("mail", user.EmailAddress, request.EmailAddress),
            OtherAttributes = change is null ? user.OtherAttributes : LdapAttributes.Apply(user.OtherAttributes, change, updateType),
        });
        return new UpdateUserResult();
    }

    public override async Task<DisableUserResult> DisableUser(RequestContext context, DisableUserRequest request, CancellationToken cancellationToken)
    {
        var (directory, users) = await OpenAsync(context, request.DirectoryId!, cancellationToken);
        UpdateUserRecord(directory, users, request.SAMAccountName!, user => user with { Enabled = false });
        return new DisableUserResult();
    }

    public override async Task<DeleteUserResult> DeleteUser(RequestContext context, DeleteUserRequest request, CancellationToken cancellationToken)
    {
        var (directory, users) = await OpenAsync(context, request.DirectoryId!, cancellationToken);
        // The store drops the user's memberships too (AD does so itself).
        if (!users.Delete(directory, request.SAMAccountName!)) throw DataErrors.UserNotFound(directory.Id, request.SAMAccountName!);
        return new DeleteUserResult();
    }

    private void UpdateUserRecord(DirectoryRecord directory, IDirectoryUserStore users, string samAccountName, Func<DirectoryUserRecord, DirectoryUserRecord> change)
    {
        _ = users.Update(directory, samAccountName, change, time.GetUtcNow()) ?? throw DataErrors.UserNotFound(directory.Id, samAccountName);
    }
}
