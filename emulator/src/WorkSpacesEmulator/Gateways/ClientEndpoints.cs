namespace WorkSpacesEmulator.Gateways;

/// <summary>The emulator's end-user client API (README "End-user access").</summary>
public static class ClientEndpoints
{
    public static void MapClientEndpoints(this WebApplication app)
    {
        app.MapPost("/client/v1/register", (HttpContext c, AuthenticationGateway g) => g.RegisterAsync(c));
        app.MapPost("/client/v1/authenticate", (HttpContext c, AuthenticationGateway g, CancellationToken ct) => g.AuthenticateAsync(c, ct));
        app.MapGet("/client/v1/session", (HttpContext c, AuthenticationGateway g) => g.GetSessionAsync(c));
        app.MapDelete("/client/v1/session", (HttpContext c, AuthenticationGateway g) => g.SignOutAsync(c));
        app.Map("/client/v1/stream", (HttpContext c, StreamingGateway g) => g.HandleAsync(c));
        app.MapGet("/client/v1/password-setup", (HttpContext c, PasswordSetup p) => p.DescribeAsync(c));
        app.MapPost("/client/v1/password-setup", (HttpContext c, PasswordSetup p, CancellationToken ct) => p.SetAsync(c, ct));
        WorkSpacesEmulator.Billing.BillingEndpoints.MapBillingEndpoints(app);
        app.MapWebClient();
        app.MapGet("/_emulator/outbox", (Invitations invitations) => ClientJson.Result(new { Messages = invitations.All() }));
    }

    public static void AddGateways(IServiceCollection services)
    {
        services.AddSingleton(sp => GatewayOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<WorkSpacesEmulator.Storage.SecretProtector>();
        services.AddSingleton<ClientSessions>();
        services.AddSingleton<Radius.RadiusMfa>();
        services.AddSingleton<AuthenticationGateway>();
        services.AddSingleton<StreamingGateway>();
        services.AddSingleton<WorkSpacesEmulator.Lifecycle.ILifecycleParticipant, ClientSessionLifecycle>();
        services.AddSingleton<WorkSpacesEmulator.Lifecycle.ILifecycleParticipant, RadiusProbeLifecycle>();
        WorkSpacesEmulator.Billing.BillingEndpoints.AddBilling(services);
        services.AddSingleton<Invitations>();
        services.AddSingleton<PasswordSetup>();
        services.AddSingleton<WorkSpacesEmulator.Lifecycle.ILifecycleParticipant>(sp => sp.GetRequiredService<Invitations>());
    }
}
