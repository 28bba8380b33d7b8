using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>In-directory user operations of the ds API (the rest is Directory Service Data).</summary>
public sealed partial class DirectoryServiceHandlers
{
    public override Task<ResetUserPasswordResult> ResetUserPassword(RequestContext context, ResetUserPasswordRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (!directory.HasLocalUsers)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                $"ResetUserPassword is not supported for {directory.Type} directories; reset the password in your self-managed directory.");
        if (!directory.IsActive)
            throw new AwsException(DirectoryServiceErrors.DirectoryUnavailableException,
                $"Directory {directory.Id} is in the {directory.Stage} stage; passwords can only be reset in an Active directory.");
        var users = Users;
        while (true)
        {
            var user = users.Get(context.Scope, DirectoryUserRecord.KeyFor(directory.Id, request.UserName!))
                ?? throw new AwsException(DirectoryServiceErrors.UserDoesNotExistException,
                    $"User {request.UserName} does not exist in directory {directory.Id}.");
            // Difference from AWS: one fixed policy (the CreateDirectory password rule) instead of the directory's own policy.
            if (!PasswordHasher.IsComplex(request.NewPassword!))
                throw new AwsException(DirectoryServiceErrors.InvalidPasswordException,
                    "The new password does not meet the directory's password policy: 8 to 64 characters, including three of lower-case letters, upper-case letters, digits and non-alphanumeric characters.");
            // A reset also re-enables the account (the documented way back from ds-data DisableUser).
            var updated = user with { PasswordHash = PasswordHasher.Hash(request.NewPassword!), Enabled = true, UpdatedAt = time.GetUtcNow() };
            if (users.Replace(user, updated)) return Task.FromResult(new ResetUserPasswordResult());
        }
    }
}
