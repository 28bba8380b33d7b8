using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>In-directory user operations of the ds API (the rest is Directory Service Data).</summary>
public sealed partial class DirectoryServiceHandlers
{
    public override async Task<ResetUserPasswordResult> ResetUserPassword(RequestContext context, ResetUserPasswordRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (!directory.HasLocalUsers)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                $"ResetUserPassword is not supported for {directory.Type} directories; reset the password in your self-managed directory.");
        if (!directory.IsActive)
            throw new AwsException(DirectoryServiceErrors.DirectoryUnavailableException,
                $"Directory {directory.Id} is in the {directory.Stage} stage; passwords can only be reset in an Active directory.");
        var users = userStores.For(directory);
        if (users.Find(directory, request.UserName!) is null)
            throw new AwsException(DirectoryServiceErrors.UserDoesNotExistException, $"User {request.UserName} does not exist in directory {directory.Id}.");
        try
        {
            // The DC's own password policy decides for DC-backed directories; the record store applies the CreateDirectory rule.
            await users.SetPasswordAsync(directory, request.UserName!, request.NewPassword!, time.GetUtcNow(), cancellationToken);
        }
        catch (DirectoryPasswordRejected e)
        {
            throw new AwsException(DirectoryServiceErrors.InvalidPasswordException, e.Message);
        }
        return new ResetUserPasswordResult();
    }
}
