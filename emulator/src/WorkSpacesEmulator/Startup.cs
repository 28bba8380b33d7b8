using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Lifecycle;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.DirectoryService.Data;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator;

/// <summary>Wires the layers: protocol → handlers → storage/desktops, plus the reconciler.</summary>
public static class Startup
{
    public static void AddEmulator(IServiceCollection services)
    {
        // Options are read when first resolved, so hosts (and test hosts) can still add configuration.
        services.AddSingleton(sp =>
        {
            var options = new EmulatorOptions();
            EmulatorOptions.Bind(options, sp.GetRequiredService<IConfiguration>());
            return Options.Create(options);
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IIdGenerator, RandomIdGenerator>();
        services.AddSingleton<Store>();
        services.AddSingleton(sp => DesktopRuntimeFactory.Create(sp));

        // Domain services shared across the slices.
        services.AddSingleton<Ec2Network>();
        services.AddSingleton<Ec2Routing>();
        services.AddSingleton<DirectoryQueries>();
        // Domain controllers behind Simple AD / Microsoft AD (Docker) or none (records), the per-directory user stores,
        // and how end users' directory credentials are checked (LDAP bind for DC-backed directories and AD Connector,
        // stored hash for simulated ones).
        services.AddSingleton(sp => WorkSpacesEmulator.Directories.DomainControllers.CreateRuntime(sp));
        services.AddSingleton<WorkSpacesEmulator.Directories.DomainControllers>();
        services.AddSingleton<WorkSpacesEmulator.Directories.DirectoryUserStores>();
        services.AddSingleton<WorkSpacesEmulator.Directories.TrustedRealms>();
        services.AddSingleton<WorkSpacesEmulator.Directories.RealmMemberships>();
        services.AddSingleton<WorkSpacesEmulator.Directories.DirectoryComputers>();
        services.AddSingleton<WorkSpacesEmulator.Directories.StoredHashAuthenticator>();
        services.AddSingleton<WorkSpacesEmulator.Directories.LdapAuthenticator>();
        services.AddSingleton<WorkSpacesEmulator.Directories.IDirectoryAuthenticator, WorkSpacesEmulator.Directories.DirectoryAuthenticator>();

        // Operation handlers (one class per service, split by capability into partial files).
        services.AddSingleton<WorkSpacesHandlers>();
        services.AddSingleton<DirectoryServiceHandlers>();
        services.AddSingleton<DirectoryServiceDataHandlers>();
        services.AddSingleton<IQueryService, Ec2QueryService>();
        services.AddSingleton<WorkSpacesEmulator.Services.Iam.IamService>();
        services.AddSingleton<IQueryService>(sp => sp.GetRequiredService<WorkSpacesEmulator.Services.Iam.IamService>());
        services.AddSingleton<IQueryService, WorkSpacesEmulator.Services.Sts.StsService>();

        services.AddSingleton<IJsonServiceEndpoint>(sp => new JsonServiceEndpoint<IWorkSpacesOperations>(
            ServiceModel.Load("workspaces"), sp.GetRequiredService<WorkSpacesHandlers>(), WorkSpacesOperationTable.All, typeof(WorkSpacesOperationsBase)));
        services.AddSingleton<IJsonServiceEndpoint>(sp => new JsonServiceEndpoint<IDirectoryServiceOperations>(
            ServiceModel.Load("ds"), sp.GetRequiredService<DirectoryServiceHandlers>(), DirectoryServiceOperationTable.All, typeof(DirectoryServiceOperationsBase)));
        services.AddSingleton<IJsonServiceEndpoint>(sp => new JsonServiceEndpoint<IDirectoryServiceDataOperations>(
            ServiceModel.Load("ds-data"), sp.GetRequiredService<DirectoryServiceDataHandlers>(), DirectoryServiceDataOperationTable.All, typeof(DirectoryServiceDataOperationsBase)));
        services.AddSingleton<WorkSpacesEmulator.Protocol.Auth.RequestAuthenticator>();
        services.AddSingleton<WorkSpacesEmulator.Protocol.Auth.EdgeGuard>();
        services.AddSingleton<WorkSpacesEmulator.Services.Kms.KmsHandlers>();
        services.AddSingleton<IJsonServiceEndpoint>(sp => new JsonServiceEndpoint<WorkSpacesEmulator.ServiceModels.KeyManagementService.IKeyManagementServiceOperations>(
            ServiceModel.Load("kms"), sp.GetRequiredService<WorkSpacesEmulator.Services.Kms.KmsHandlers>(),
            WorkSpacesEmulator.ServiceModels.KeyManagementService.KeyManagementServiceOperationTable.All,
            typeof(WorkSpacesEmulator.ServiceModels.KeyManagementService.KeyManagementServiceOperationsBase)));
        services.AddSingleton<ReadCache>();
        services.AddSingleton<Logging.RequestLog>();
        services.AddSingleton<EdgeRouter>();

        // Lifecycles, driven by the reconciler.
        services.AddSingleton<WorkSpacesEmulator.Directories.DomainControllerLifecycle>();
        services.AddSingleton<ILifecycleParticipant, DirectoryLifecycle>();
        services.AddSingleton<ILifecycleParticipant, WorkspaceDirectoryLifecycle>();
        services.AddSingleton<ILifecycleParticipant, WorkspaceLifecycle>();
        services.AddSingleton<ILifecycleParticipant, ConnectionAliasAndAccountLifecycle>();
        services.AddSingleton<ILifecycleParticipant, ImageLifecycle>();
        services.AddSingleton<ILifecycleParticipant, ConnectClientAddInLifecycle>();
        services.AddSingleton<ILifecycleParticipant, PoolLifecycle>();
        services.AddSingleton<ILifecycleParticipant, ApplicationAssociationLifecycle>();
        // End-user access: authentication and streaming gateways, sessions, RADIUS MFA (Gateways/).
        WorkSpacesEmulator.Gateways.ClientEndpoints.AddGateways(services);
        services.AddSingleton<Reconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<Reconciler>());
    }
}
