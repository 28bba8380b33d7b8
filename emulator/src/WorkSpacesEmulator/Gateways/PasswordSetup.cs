using System.Security.Cryptography;
using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Gateways;

public sealed record PasswordSetupRequest(string? Token, string? Password);

/// <summary>The password-setup page's API (/client/v1/password-setup): the invitation of a user without a password
/// carries a one-time token; with it the user chooses a password, which goes to the directory through its user store
/// (the DC over LDAP for a DC-backed directory, the stored hash otherwise), exactly as ResetUserPassword does.
/// The user then signs in with it.</summary>
public sealed class PasswordSetup(Store store, Invitations invitations, DirectoryUserStores users, AuthenticationGateway auth, TimeProvider time,
    ILogger<PasswordSetup> log)
{
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>GET ?token=: whose password the link sets (the page shows it before asking).</summary>
    public Task<IResult> DescribeAsync(HttpContext context) => auth.Answer(context, "DescribePasswordSetup", () =>
    {
        var (invitation, directory) = Find(context.Request.Query["token"].FirstOrDefault());
        return Task.FromResult(ClientJson.Result(new
        {
            UserName = UserOf(invitation),
            DirectoryName = directory.Name,
            invitation.RegistrationCode,
            ExpiresAt = invitation.PasswordSetupExpiresAt!.Value.ToUnixTimeSeconds(),
        }));
    });

    /// <summary>POST {Token, Password}: sets the password once.</summary>
    public Task<IResult> SetAsync(HttpContext context, CancellationToken ct) => auth.Answer(context, "SetPassword", async () =>
    {
        var request = await AuthenticationGateway.ReadAsync<PasswordSetupRequest>(context);
        if (string.IsNullOrEmpty(request.Password)) throw new ClientApiException(400, "InvalidParameter", "Password is required.");
        var (invitation, directory) = Find(request.Token);
        var userName = UserOf(invitation);
        if (!directory.IsActive) throw new ClientApiException(503, "DirectoryUnavailable", $"The directory is {directory.Stage}; try again later.");
        var claimed = invitations.ClaimPasswordSetup(invitation, time.GetUtcNow()) ?? throw InvalidToken();
        try
        {
            await users.For(directory).SetPasswordAsync(directory, userName, request.Password, time.GetUtcNow(), ct);
        }
        catch (Exception e)
        {
            // Not set: the link stays usable.
            invitations.ReleasePasswordSetup(claimed, invitation);
            if (e is DirectoryPasswordRejected) throw new ClientApiException(400, "InvalidPassword", e.Message);
            if (e is not (System.DirectoryServices.Protocols.DirectoryException or InvalidOperationException)) throw;
            log.LogWarning("password setup for {User} in {Directory}: directory unavailable: {Reason}", userName, directory.Id, e.Message);
            throw new ClientApiException(503, "DirectoryUnavailable", "The directory cannot set the password now; try again later.");
        }
        log.LogInformation("password set for {User} in {Directory} through the invitation of {WorkspaceId}", userName, directory.Id, invitation.Id);
        return ClientJson.Result(new { UserName = userName, invitation.RegistrationCode, DirectoryName = directory.Name });
    });

    private (InvitationRecord Invitation, DirectoryRecord Directory) Find(string? token)
    {
        if (string.IsNullOrEmpty(token) || invitations.FindByPasswordSetupToken(token) is not { } invitation
            || invitation.PasswordSetupCompletedAt is not null || invitation.PasswordSetupExpiresAt <= time.GetUtcNow())
            throw InvalidToken();
        var workspace = store.Table<Services.WorkSpaces.WorkspaceRecord>(ResourceKinds.Workspaces).Get(invitation.Scope, invitation.Id);
        var directory = workspace is null ? null : store.Table<DirectoryRecord>(ResourceKinds.Directories).Get(invitation.Scope, workspace.DirectoryId);
        // The WorkSpace (or its directory) is gone: so is the invitation's purpose.
        return directory is null ? throw InvalidToken() : (invitation, directory);
    }

    private string UserOf(InvitationRecord invitation) =>
        store.Table<Services.WorkSpaces.WorkspaceRecord>(ResourceKinds.Workspaces).Get(invitation.Scope, invitation.Id)!.UserName;

    private static ClientApiException InvalidToken() =>
        new(404, "InvalidPasswordSetupToken", "The password-setup link is not valid: it was used already, has expired, or its WorkSpace is gone.");
}
