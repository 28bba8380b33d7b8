using MailKit.Net.Smtp;
using MimeKit;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Gateways;

/// <summary>The invitation email of one WorkSpace (Id = the WorkSpace id), as kept in the outbox.</summary>
public sealed record InvitationRecord(
    string Id,
    string Scope,
    string To,
    string Subject,
    string Body,
    string RegistrationCode,
    string WebClientLink,
    bool PasswordSetupNeeded,
    DateTimeOffset CreatedAt,
    string SmtpStatus,            // NotConfigured | Pending | Sent | Failed
    string? SmtpDetail = null) : IResource;

/// <summary>When a WorkSpace first becomes AVAILABLE for a user with an email address in a Simple AD or Microsoft AD
/// directory (AWS sends invitations for those, not for AD Connector), records the invitation in the outbox and, with
/// EMULATOR_SMTP_URL set, sends it by SMTP (MailKit).</summary>
public sealed class Invitations(Store store, GatewayOptions gateway, Microsoft.Extensions.Options.IOptions<EmulatorOptions> emulator, ILogger<Invitations> log)
    : ILifecycleParticipant
{
    public const string Kind = "client-invitations";

    public string Name => "invitations";

    private ResourceTable<InvitationRecord> Outbox => store.Table<InvitationRecord>(Kind);

    public IReadOnlyList<InvitationRecord> All() => [.. Outbox.All().OrderBy(i => i.CreatedAt)];

    public async Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var w in store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).All())
        {
            if (w.State != "AVAILABLE" || Outbox.Get(w.Scope, w.Id) is not null) continue;
            var directory = store.Table<DirectoryRecord>(ResourceKinds.Directories).Get(w.Scope, w.DirectoryId);
            if (directory is not { HasLocalUsers: true }) continue;
            var user = store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers).Get(w.Scope, DirectoryUserRecord.KeyFor(w.DirectoryId, w.UserName));
            var registration = store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories).Get(w.Scope, w.DirectoryId);
            if (user?.EmailAddress is not { Length: > 0 } email || registration is null) continue;
            Outbox.Put(Compose(w, user, email, registration.RegistrationCode, now));
        }
        if (gateway.SmtpUrl is null) return;
        foreach (var pending in Outbox.All().Where(i => i.SmtpStatus == "Pending").ToList())
            await SendAsync(pending, cancellationToken);
    }

    private InvitationRecord Compose(WorkspaceRecord w, DirectoryUserRecord user, string email, string code, DateTimeOffset now)
    {
        var baseUrl = gateway.PublicUrl ?? $"http://localhost:{emulator.Value.Port}";
        var link = $"{baseUrl}/client/?registrationCode={Uri.EscapeDataString(code)}";
        var needsPassword = user.PasswordHash is null;
        var body = $"""
            Dear {user.GivenName ?? user.SAMAccountName},

            Your administrator has created an Amazon WorkSpace for you ({w.Id}).
            {(needsPassword ? "Before you sign in for the first time, your administrator must set your password (ResetUserPassword);\nthen " : "")}Open {link} in a browser (or a WorkSpaces client), enter the registration code {code}
            and sign in with your user name {user.SAMAccountName}.
            """;
        return new InvitationRecord(w.Id, w.Scope, email, "Your Amazon WorkSpace", body, code, link, needsPassword, now,
            gateway.SmtpUrl is null ? "NotConfigured" : "Pending");
    }

    private async Task SendAsync(InvitationRecord invitation, CancellationToken ct)
    {
        var url = new Uri(gateway.SmtpUrl!);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(gateway.SmtpFrom));
        message.To.Add(MailboxAddress.Parse(invitation.To));
        message.Subject = invitation.Subject;
        message.Body = new TextPart("plain") { Text = invitation.Body };
        InvitationRecord updated;
        try
        {
            using var smtp = new SmtpClient { Timeout = 10_000 };
            await smtp.ConnectAsync(url.Host, url.Port > 0 ? url.Port : 25,
                url.Scheme == "smtps" ? MailKit.Security.SecureSocketOptions.SslOnConnect : MailKit.Security.SecureSocketOptions.None, ct);
            if (url.UserInfo is { Length: > 0 } info)
            {
                var colon = info.IndexOf(':');
                await smtp.AuthenticateAsync(Uri.UnescapeDataString(colon < 0 ? info : info[..colon]), colon < 0 ? "" : Uri.UnescapeDataString(info[(colon + 1)..]), ct);
            }
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(true, ct);
            updated = invitation with { SmtpStatus = "Sent", SmtpDetail = null };
            log.LogInformation("invitation for {WorkspaceId} sent to {To} via {Host}", invitation.Id, invitation.To, url.Host);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            updated = invitation with { SmtpStatus = "Failed", SmtpDetail = e.Message };
            log.LogWarning("invitation for {WorkspaceId} to {To} not sent: {Reason}", invitation.Id, invitation.To, e.Message);
        }
        Outbox.Replace(invitation, updated);
    }
}
