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
    string? SmtpDetail = null,
    // The password-setup link's one-time token (SHA-256 of it; the link itself is in the email), when it runs out,
    // and when it was used.
    string? PasswordSetupTokenHash = null,
    DateTimeOffset? PasswordSetupExpiresAt = null,
    DateTimeOffset? PasswordSetupCompletedAt = null) : IResource;

/// <summary>When a WorkSpace first becomes AVAILABLE for a user with an email address in a Simple AD or Microsoft AD
/// directory (AWS sends invitations for those, not for AD Connector), records the invitation in the outbox and, with
/// EMULATOR_SMTP_URL set, sends it by SMTP (MailKit).</summary>
public sealed class Invitations(Store store, GatewayOptions gateway, Microsoft.Extensions.Options.IOptions<EmulatorOptions> emulator, ILogger<Invitations> log,
    WorkSpacesEmulator.Directories.DirectoryUserStores users)
    : ILifecycleParticipant
{
    public const string Kind = "client-invitations";

    /// <summary>AWS's invitation links stay valid for seven days.</summary>
    public static readonly TimeSpan PasswordSetupLifetime = TimeSpan.FromDays(7);

    // WorkSpaces whose user has no email address (checked once per process: a DC-backed directory's users are read over LDAP).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _noInvitation = new(StringComparer.Ordinal);

    public string Name => "invitations";

    private ResourceTable<InvitationRecord> Outbox => store.Table<InvitationRecord>(Kind);

    public IReadOnlyList<InvitationRecord> All() => [.. Outbox.All().OrderBy(i => i.CreatedAt)];

    // Who gets an invitation follows the stored records (a user lookup that failed is retried on the next tick).
    private readonly Lifecycle.StoreWatermark _watermark = new(store);

    public async Task ReconcileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_watermark.Begin() is { } version) ComposeInvitations(version, now);
        if (gateway.SmtpUrl is null) return;
        foreach (var pending in Outbox.All().Where(i => i.SmtpStatus == "Pending").ToList())
            await SendAsync(pending, cancellationToken);
    }

    private void ComposeInvitations(long version, DateTimeOffset now)
    {
        var retry = false;
        foreach (var w in store.Table<WorkspaceRecord>(ResourceKinds.Workspaces).All())
        {
            if (w.State != "AVAILABLE" || Outbox.Get(w.Scope, w.Id) is not null) continue;
            var directory = store.Table<DirectoryRecord>(ResourceKinds.Directories).Get(w.Scope, w.DirectoryId);
            if (directory is not { HasLocalUsers: true }) continue;
            var registration = store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories).Get(w.Scope, w.DirectoryId);
            if (registration is null || _noInvitation.ContainsKey(w.Id)) continue;
            // Through the directory's user store: a DC-backed directory's users (and their mail) live on its DC.
            DirectoryUserRecord? user;
            try { user = users.For(directory).Find(directory, w.UserName); }
            catch (Exception e) when (e is System.DirectoryServices.Protocols.DirectoryException or InvalidOperationException)
            {
                log.LogDebug("invitation for {WorkspaceId} waits: user lookup failed: {Reason}", w.Id, e.Message);
                retry = true;
                continue;
            }
            if (user?.EmailAddress is not { Length: > 0 } email) { _noInvitation[w.Id] = true; continue; }
            Outbox.Put(Compose(w, directory, user, email, registration.RegistrationCode, now));
        }
        if (!retry) _watermark.Settled(version);
    }

    private InvitationRecord Compose(WorkspaceRecord w, DirectoryRecord directory, DirectoryUserRecord user, string email, string code, DateTimeOffset now)
    {
        var baseUrl = gateway.PublicUrl ?? $"http://localhost:{emulator.Value.Port}";
        var link = $"{baseUrl}/client/?registrationCode={Uri.EscapeDataString(code)}";
        // A user the administrator gave no password: a record without a hash, or a DC account still disabled
        // (ds-data CreateUser makes it so until a password is set).
        var needsPassword = directory.IsDcBacked ? !user.Enabled : user.PasswordHash is null;
        string? tokenHash = null;
        if (needsPassword)
        {
            var token = PasswordSetup.NewToken();
            tokenHash = PasswordSetup.Hash(token);
            link += "&passwordSetup=" + token;
        }
        var body = $"""
            Dear {user.GivenName ?? user.SAMAccountName},

            Your administrator has created an Amazon WorkSpace for you ({w.Id}).
            {(needsPassword ? $"Set your password first: open {link} (the link works once, for {PasswordSetupLifetime.TotalDays:0} days);\nthen sign in there" : $"Open {link} in a browser (or a WorkSpaces client)")} with the registration code {code}
            and your user name {user.SAMAccountName}.
            """;
        return new InvitationRecord(w.Id, w.Scope, email, "Your Amazon WorkSpace", body, code, link, needsPassword, now,
            gateway.SmtpUrl is null ? "NotConfigured" : "Pending",
            PasswordSetupTokenHash: tokenHash, PasswordSetupExpiresAt: needsPassword ? now + PasswordSetupLifetime : null);
    }

    /// <summary>The invitation whose password-setup token this is (used or not; the caller checks).</summary>
    public InvitationRecord? FindByPasswordSetupToken(string token)
    {
        var hash = PasswordSetup.Hash(token);
        return Outbox.All().FirstOrDefault(i => i.PasswordSetupTokenHash is { } h &&
            System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(h), System.Text.Encoding.ASCII.GetBytes(hash)));
    }

    /// <summary>Marks the token used before the password is set (one use only, even for two racing requests);
    /// null when it was used meanwhile. <see cref="ReleasePasswordSetup"/> undoes it when setting the password failed.</summary>
    public InvitationRecord? ClaimPasswordSetup(InvitationRecord invitation, DateTimeOffset now)
    {
        var claimed = invitation with { PasswordSetupCompletedAt = now };
        return Outbox.Replace(invitation, claimed) ? claimed : null;
    }

    public void ReleasePasswordSetup(InvitationRecord claimed, InvitationRecord original) => Outbox.Replace(claimed, original);

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
