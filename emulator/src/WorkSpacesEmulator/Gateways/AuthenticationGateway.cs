using System.Diagnostics;
using System.Text.Json;
using WorkSpacesEmulator.Directories;
using WorkSpacesEmulator.Gateways.Radius;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Gateways;

public sealed record RegisterRequest(string? RegistrationCode);

public sealed record AuthenticateRequest(string? RegistrationCode, string? UserName, string? Password, string? MfaCode, string? DeviceType);

/// <summary>The authentication gateway (/client/v1/register, /authenticate, /session): registration code →
/// directory; IP access control groups and device-type access; the password checked by the directory
/// (<see cref="IDirectoryAuthenticator"/>); the MFA code by the directory's RADIUS servers; then a session
/// token bound to the user's WorkSpace and the caller's address.</summary>
public sealed class AuthenticationGateway(Store store, IDirectoryAuthenticator authenticator, RadiusMfa mfa, ClientSessions sessions,
    GatewayOptions options, Microsoft.Extensions.Options.IOptions<EmulatorOptions> emulator, TimeProvider time, ILogger<AuthenticationGateway> log,
    WorkSpacesEmulator.Desktops.IDesktopRuntime runtime)
{
    private readonly IReadOnlyList<Ipv4Cidr> _trusted = options.TrustedProxyRanges();

    private static readonly JsonSerializerOptions Json = new();

    private ResourceTable<WorkspaceRecord> Workspaces => store.Table<WorkspaceRecord>(ResourceKinds.Workspaces);

    public string ClientAddress(HttpContext context) => ClientAccess.ClientAddress(context, _trusted);

    public async Task<IResult> RegisterAsync(HttpContext context)
    {
        return await Answer(context, "Register", async () =>
        {
            var request = await ReadAsync<RegisterRequest>(context);
            var (registration, directory) = FindRegistration(request.RegistrationCode);
            var region = registration.Scope[(registration.Scope.IndexOf('/') + 1)..];
            return ClientJson.Result(new
            {
                DirectoryId = directory.Id,
                Region = region,
                DirectoryName = directory.Name,
                MfaRequired = MfaEnabled(directory),
                Branding = Branding(registration),
            });
        });
    }

    public async Task<IResult> AuthenticateAsync(HttpContext context, CancellationToken ct)
    {
        return await Answer(context, "Authenticate", async () =>
        {
            var request = await ReadAsync<AuthenticateRequest>(context);
            if (string.IsNullOrEmpty(request.UserName) || request.Password is null)
                throw new ClientApiException(400, "InvalidParameter", "UserName and Password are required.");
            var deviceType = ClientAccess.NormalizeDeviceType(request.DeviceType)
                ?? throw new ClientApiException(400, "InvalidParameter", $"DeviceType '{request.DeviceType}' is not a WorkSpaces device type.");
            var (registration, directory) = FindRegistration(request.RegistrationCode);

            var address = ClientAddress(context);
            var groups = registration.IpGroupIds.Select(id => store.Table<IpGroupRecord>(ResourceKinds.IpGroups).Get(registration.Scope, id))
                .OfType<IpGroupRecord>().ToList();
            if (!ClientAccess.AddressAllowed(groups, address))
                throw new ClientApiException(403, "AccessDenied.IpAddress", $"Access from {address} is not allowed by the directory's IP access control groups.");
            if (!ClientAccess.DeviceAllowed(registration.AccessProperties, deviceType))
                throw new ClientApiException(403, "AccessDenied.DeviceType", $"{deviceType} clients are not allowed to access WorkSpaces of this directory.");

            var result = await authenticator.AuthenticateAsync(directory, request.UserName, request.Password, ct);
            switch (result.Outcome)
            {
                case DirectoryAuthOutcome.Success: break;
                case DirectoryAuthOutcome.DirectoryUnavailable:
                    log.LogWarning("client sign-in to {Directory}: directory unavailable: {Detail}", directory.Id, result.Detail);
                    throw new ClientApiException(503, "DirectoryUnavailable", "The directory cannot check credentials now; try again later.");
                default:
                    log.LogInformation("client sign-in to {Directory} refused: {Outcome} {Detail}", directory.Id, result.Outcome, result.Detail);
                    throw ClientApiException.InvalidCredentials();
            }
            var userName = result.SamAccountName ?? StoredHashAuthenticator.SamAccountNameOf(request.UserName);

            if (MfaEnabled(directory))
            {
                if (string.IsNullOrEmpty(request.MfaCode)) throw new ClientApiException(401, "MfaRequired", "This directory requires an MFA code.");
                var radiusUser = directory.Radius!.UseSameUsername ? userName : request.UserName;
                var outcome = await mfa.VerifyAsync(directory.Radius, radiusUser, request.MfaCode, ct);
                if (outcome != RadiusOutcome.Accept)
                {
                    log.LogInformation("client sign-in to {Directory}: MFA {Outcome}", directory.Id, outcome);
                    throw new ClientApiException(401, "InvalidMfaCode", "The MFA code was not accepted.");
                }
            }

            // The WorkSpace carries the name it was created with: the account name, or (trusted realms) the name as typed.
            var workspace = ResumeIfAutoStopped(FindWorkspace(registration.Scope, directory.Id, userName, request.UserName));
            var session = sessions.Issue(registration.Scope, directory.Id, workspace.Id, userName, address, deviceType, options.SessionLifetime);
            return ClientJson.Result(new
            {
                SessionToken = session.Token,
                WorkspaceId = workspace.Id,
                workspace.State,
                ExpiresAt = session.ExpiresAt.ToUnixTimeSeconds(),
            });
        });
    }

    public Task<IResult> GetSessionAsync(HttpContext context) => Answer(context, "GetSession", async () =>
    {
        var session = RequireSession(context);
        var workspace = Workspaces.Get(session.Scope, session.WorkspaceId);
        var connections = sessions.Connections(session.WorkspaceId);
        // What the desktop's streaming port speaks (CONSOLE or RFB), so the client knows how to draw it.
        var desktop = workspace?.State == "AVAILABLE" ? await runtime.GetAsync(session.WorkspaceId, context.RequestAborted) : null;
        return ClientJson.Result(new
        {
            session.WorkspaceId,
            session.DirectoryId,
            session.UserName,
            State = workspace?.State ?? "TERMINATED",
            ConnectionState = connections is { OpenCount: > 0 } ? "CONNECTED" : "DISCONNECTED",
            desktop?.StreamType,
            ExpiresAt = session.ExpiresAt.ToUnixTimeSeconds(),
        });
    });

    public Task<IResult> SignOutAsync(HttpContext context) => Answer(context, "SignOut", () =>
    {
        sessions.EndSession(RequireSession(context));
        return Task.FromResult(Results.NoContent());
    });

    /// <summary>The session named by <c>Authorization: Bearer</c> (or, for browsers opening a WebSocket, the
    /// <c>token</c> query value), valid for the caller's address.</summary>
    public ClientSession RequireSession(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : context.Request.Query["token"].FirstOrDefault();
        var (lookup, session) = sessions.Find(token, ClientAddress(context));
        return lookup switch
        {
            SessionLookup.Valid => session!,
            SessionLookup.Expired => throw ClientApiException.InvalidSession("The session has expired; sign in again."),
            SessionLookup.WrongAddress => throw ClientApiException.InvalidSession("The session was issued to another client address."),
            _ => throw ClientApiException.InvalidSession(token is null ? "A session token is required (Authorization: Bearer …)." : "The session token is not valid."),
        };
    }

    internal (WorkspaceDirectoryRecord Registration, DirectoryRecord Directory) FindRegistration(string? code)
    {
        if (!string.IsNullOrEmpty(code))
        {
            // Registration codes are unique across accounts and Regions (the client knows nothing else).
            var registration = store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories).All()
                .FirstOrDefault(r => string.Equals(r.RegistrationCode, code, StringComparison.OrdinalIgnoreCase) && r.State == "REGISTERED");
            if (registration is not null && store.Table<DirectoryRecord>(ResourceKinds.Directories).Get(registration.Scope, registration.Id) is { } directory)
                return (registration, directory);
        }
        throw new ClientApiException(404, "InvalidRegistrationCode", "The registration code is not valid.");
    }

    private static bool MfaEnabled(DirectoryRecord directory) => directory.Radius is not null && directory.RadiusStatus == "Completed";

    private WorkspaceRecord FindWorkspace(string scope, string directoryId, string userName, string typed)
    {
        var mine = Workspaces.List(scope)
            .Where(w => w.DirectoryId == directoryId && w.State != "TERMINATED"
                && (string.Equals(w.UserName, userName, StringComparison.OrdinalIgnoreCase) || string.Equals(w.UserName, typed, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(w => w.State == "TERMINATING" ? 1 : 0).ThenBy(w => w.CreatedAt).ToList();
        return mine.FirstOrDefault() ?? throw new ClientApiException(404, "NoWorkspace", $"No WorkSpace is assigned to {userName}.");
    }

    /// <summary>A STOPPED AUTO_STOP WorkSpace is started by the sign-in, as AWS resumes it; the answer is STARTING
    /// and the client waits for AVAILABLE. States nobody can connect to are refused.</summary>
    private WorkspaceRecord ResumeIfAutoStopped(WorkspaceRecord workspace)
    {
        while (true)
        {
            switch (workspace.State)
            {
                case "AVAILABLE" or "PENDING" or "STARTING" or "REBOOTING" or "REBUILDING" or "RESTORING":
                    return workspace;
                case "STOPPED" when workspace.Properties.RunningMode == "AUTO_STOP":
                    var now = time.GetUtcNow();
                    var started = workspace with { State = "STARTING", PendingAction = "START", NextTransitionAt = now + emulator.Value.Transition, StateChangedAt = now };
                    if (Workspaces.Replace(workspace, started))
                    {
                        log.LogInformation("workspace {WorkspaceId} STOPPED -> STARTING (resumed by sign-in) ({Scope})", workspace.Id, workspace.Scope);
                        return started;
                    }
                    workspace = Workspaces.Get(workspace.Scope, workspace.Id) ?? throw new ClientApiException(404, "NoWorkspace", "The WorkSpace is gone.");
                    continue;
                default:
                    throw ClientApiException.Unavailable(workspace.Id, workspace.State);
            }
        }
    }

    private object? Branding(WorkspaceDirectoryRecord registration)
    {
        var record = store.Table<ClientBrandingRecord>(ResourceKinds.ClientBranding)
            .Get(registration.Scope, ClientBrandingRecord.KeyFor(registration.Id, "DeviceTypeWeb"));
        if (record is null) return null;
        var slash = registration.Scope.IndexOf('/');
        return new
        {
            LogoUrl = record.Logo is null ? null : $"/_emulator/client-branding/{registration.Scope[..slash]}/{registration.Scope[(slash + 1)..]}/{registration.Id}/DeviceTypeWeb/logo.png",
            record.SupportEmail,
            record.SupportLink,
            record.ForgotPasswordLink,
            record.LoginMessage,
        };
    }

    internal static async Task<T> ReadAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted)
                ?? throw new ClientApiException(400, "InvalidParameter", "A JSON object body is required.");
        }
        catch (JsonException e)
        {
            throw new ClientApiException(400, "InvalidParameter", "The body is not valid JSON: " + e.Message);
        }
    }

    /// <summary>One log line per request; failures become their JSON answers.</summary>
    internal async Task<IResult> Answer(HttpContext context, string operation, Func<Task<IResult>> handler)
    {
        var watch = Stopwatch.StartNew();
        int status;
        IResult result;
        try
        {
            result = await handler();
            status = result is IStatusCodeHttpResult { StatusCode: { } s } ? s : 200;
        }
        catch (ClientApiException e)
        {
            result = e.ToResult();
            status = e.Status;
            if (status == 401 || status == 403) context.Response.Headers["Cache-Control"] = "no-store";
            log.LogInformation("client.{Operation} {Status} {Code} {Ms}ms {Address}", operation, status, e.Code, watch.ElapsedMilliseconds, ClientAddress(context));
            return result;
        }
        log.LogInformation("client.{Operation} {Status} {Ms}ms {Address}", operation, status, watch.ElapsedMilliseconds, ClientAddress(context));
        return result;
    }
}
