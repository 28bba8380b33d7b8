using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Applications: DescribeApplications, AssociateWorkspaceApplication, DisassociateWorkspaceApplication,
// DeployWorkspaceApplications, DescribeApplicationAssociations, DescribeWorkspaceAssociations,
// DescribeBundleAssociations, DescribeImageAssociations.
public sealed partial class WorkSpacesHandlers
{
    private static readonly DateTimeOffset CatalogueCreated = new(2023, 11, 16, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] WindowsDesktops = ["WINDOWS_10", "WINDOWS_11", "WINDOWS_SERVER_2016", "WINDOWS_SERVER_2019", "WINDOWS_SERVER_2022"];
    private static readonly string[] AllComputes = ["VALUE", "STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN", "GENERALPURPOSE_4XLARGE", "GENERALPURPOSE_8XLARGE"];
    private static readonly string[] DeveloperComputes = ["STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN", "GENERALPURPOSE_4XLARGE", "GENERALPURPOSE_8XLARGE"];

    // Difference from AWS: a small fixed catalogue of Amazon-provided applications with emulator-chosen ids; AWS's
    // catalogue (and its ids) is larger and changes over time. Every application is AVAILABLE.
    internal static readonly IReadOnlyList<WorkSpaceApplicationInfo> ApplicationCatalogue =
    [
        new("wsa-3kbdp5w8r", "Microsoft Office 2021 LTSC Professional Plus (64-bit)", "Microsoft Office LTSC Professional Plus 2021 (64-bit)",
            "LICENSED", WindowsDesktops, AllComputes, ["wsa-7qx2mzc4t"]),
        new("wsa-7qx2mzc4t", "Microsoft 365 Apps for enterprise", "Microsoft 365 Apps for enterprise (64-bit)",
            "LICENSED", WindowsDesktops, AllComputes, ["wsa-3kbdp5w8r"]),
        new("wsa-9vn4hj6ye", "Microsoft Visual Studio 2022 Professional", "Microsoft Visual Studio Professional 2022",
            "LICENSED", WindowsDesktops, DeveloperComputes, ["wsa-5gt8wrb1k"]),
        new("wsa-5gt8wrb1k", "Microsoft Visual Studio 2022 Enterprise", "Microsoft Visual Studio Enterprise 2022",
            "LICENSED", WindowsDesktops, DeveloperComputes, ["wsa-9vn4hj6ye"]),
    ];

    private ResourceTable<ApplicationAssociationRecord> ApplicationAssociations =>
        store.Table<ApplicationAssociationRecord>(ResourceKinds.ApplicationAssociations);

    public override Task<DescribeApplicationsResult> DescribeApplications(RequestContext context, DescribeApplicationsRequest request, CancellationToken ct)
    {
        IEnumerable<WorkSpaceApplicationInfo> selected = ApplicationCatalogue;
        if (request.ApplicationIds is { } ids) selected = selected.Where(a => ids.Contains(a.Id));
        if (request.ComputeTypeNames is { } computes) selected = selected.Where(a => computes.Any(a.SupportedComputeTypeNames.Contains));
        if (request.OperatingSystemNames is { } systems) selected = selected.Where(a => systems.Any(a.SupportedOperatingSystemNames.Contains));
        if (request.LicenseType is { } license) selected = selected.Where(a => a.LicenseType == license);
        // Every catalogue application is owned by AMAZON; accounts cannot bring their own.
        if (request.Owner is { } owner && owner != "AMAZON") selected = [];
        var listing = "apps:" + string.Join(",", request.ApplicationIds ?? []) + "|" + string.Join(",", request.ComputeTypeNames ?? []) + "|"
            + string.Join(",", request.OperatingSystemNames ?? []) + "|" + request.LicenseType + "|" + request.Owner;
        var page = Paging.Take(selected.ToList(), request.MaxResults ?? 25, request.NextToken, listing, InvalidToken);
        return Task.FromResult(new DescribeApplicationsResult
        {
            Applications = page.Items.Select(a => new WorkSpaceApplication
            {
                ApplicationId = a.Id,
                Name = a.Name,
                Description = a.Description,
                LicenseType = a.LicenseType,
                Owner = "AMAZON",
                State = "AVAILABLE",
                Created = CatalogueCreated,
                SupportedComputeTypeNames = a.SupportedComputeTypeNames.ToList(),
                SupportedOperatingSystemNames = a.SupportedOperatingSystemNames.ToList(),
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<AssociateWorkspaceApplicationResult> AssociateWorkspaceApplication(RequestContext context, AssociateWorkspaceApplicationRequest request, CancellationToken ct)
    {
        var application = CatalogueApplication(request.ApplicationId!);
        ApplicationAssociationRecord association;
        lock (_gate)
        {
            var workspace = LiveWorkspace(context, request.WorkspaceId!);
            var os = workspace.Properties.OperatingSystemName;
            if (os is null || !application.SupportedOperatingSystemNames.Contains(os))
                throw new AwsException(WorkSpacesErrors.OperatingSystemNotCompatibleException,
                    $"The application {application.Id} does not support the operating system {os ?? "UNKNOWN"} of the WorkSpace {workspace.Id}.");
            if (!application.SupportedComputeTypeNames.Contains(workspace.Properties.ComputeTypeName))
                throw new AwsException(WorkSpacesErrors.ComputeNotCompatibleException,
                    $"The application {application.Id} does not support the compute type {workspace.Properties.ComputeTypeName} of the WorkSpace {workspace.Id}.");
            var existing = ApplicationAssociations.List(context.Scope).Where(a => a.WorkspaceId == workspace.Id && a.State != "REMOVED").ToList();
            if (existing.Any(a => a.ApplicationId == application.Id))
                throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException,
                    $"The application {application.Id} is already associated with the WorkSpace {workspace.Id}.");
            var clash = existing.FirstOrDefault(a => application.IncompatibleWith.Contains(a.ApplicationId) && a.State is not ("PENDING_UNINSTALL_DEPLOYMENT" or "UNINSTALLING"));
            if (clash is not null)
                throw new AwsException(WorkSpacesErrors.IncompatibleApplicationsException,
                    $"The application {application.Id} cannot be installed together with the application {clash.ApplicationId} on the WorkSpace {workspace.Id}.");
            var now = Now;
            // A REMOVED association is replaced by the new one.
            association = new ApplicationAssociationRecord(ApplicationAssociationRecord.KeyFor(workspace.Id, application.Id), context.Scope,
                workspace.Id, application.Id, "PENDING_INSTALL_DEPLOYMENT", null, now, now);
            ApplicationAssociations.Put(association);
        }
        return Task.FromResult(new AssociateWorkspaceApplicationResult { Association = ToWire(association) });
    }

    public override Task<DisassociateWorkspaceApplicationResult> DisassociateWorkspaceApplication(RequestContext context, DisassociateWorkspaceApplicationRequest request, CancellationToken ct)
    {
        var application = CatalogueApplication(request.ApplicationId!);
        ApplicationAssociationRecord? changed;
        lock (_gate)
        {
            var workspace = LiveWorkspace(context, request.WorkspaceId!);
            var key = ApplicationAssociationRecord.KeyFor(workspace.Id, application.Id);
            var association = ApplicationAssociations.Get(context.Scope, key);
            if (association is null || association.State is "REMOVED" or "PENDING_UNINSTALL_DEPLOYMENT")
                throw new AwsException(WorkSpacesErrors.ResourceNotFoundException,
                    $"The application {application.Id} is not associated with the WorkSpace {workspace.Id}.",
                    members: new Dictionary<string, string> { ["ResourceId"] = application.Id });
            if (association.State is "INSTALLING" or "UNINSTALLING")
                throw new AwsException(WorkSpacesErrors.ResourceInUseException,
                    $"The application {application.Id} is {association.State} on the WorkSpace {workspace.Id}; try again when the deployment has finished.",
                    members: new Dictionary<string, string> { ["ResourceId"] = application.Id });
            // Never installed: nothing to uninstall, the association is simply REMOVED.
            var next = association.State == "PENDING_INSTALL_DEPLOYMENT" ? "REMOVED" : "PENDING_UNINSTALL_DEPLOYMENT";
            changed = ApplicationAssociations.Update(context.Scope, key, a => a with { State = next, NextTransitionAt = null, LastUpdatedTime = Now });
        }
        return Task.FromResult(new DisassociateWorkspaceApplicationResult { Association = changed is null ? null : ToWire(changed) });
    }

    public override Task<DeployWorkspaceApplicationsResult> DeployWorkspaceApplications(RequestContext context, DeployWorkspaceApplicationsRequest request, CancellationToken ct)
    {
        var force = request.Force ?? false;
        var deployed = new List<ApplicationAssociationRecord>();
        lock (_gate)
        {
            var workspace = LiveWorkspace(context, request.WorkspaceId!);
            var associations = ApplicationAssociations.List(context.Scope).Where(a => a.WorkspaceId == workspace.Id)
                .OrderBy(a => a.Created).ThenBy(a => a.ApplicationId, StringComparer.Ordinal).ToList();
            if (associations.Any(a => a.State is "INSTALLING" or "UNINSTALLING"))
                throw new AwsException(WorkSpacesErrors.ResourceInUseException,
                    $"A deployment of applications to the WorkSpace {workspace.Id} is already in progress.",
                    members: new Dictionary<string, string> { ["ResourceId"] = workspace.Id });
            if (workspace.State != "AVAILABLE")
                // Difference from AWS: the error for deploying to a WorkSpace that is not running is not documented
                // (DeployWorkspaceApplications models no InvalidResourceStateException); the emulator answers OperationNotSupportedException.
                throw new AwsException(WorkSpacesErrors.OperationNotSupportedException,
                    $"The WorkSpace {workspace.Id} is {workspace.State}; applications can be deployed only to an AVAILABLE WorkSpace.");
            var due = TransitionDue;
            foreach (var a in associations)
            {
                // Force retries the associations whose earlier deployment failed.
                var next = a.State switch
                {
                    "PENDING_INSTALL_DEPLOYMENT" or "PENDING_INSTALL" => "INSTALLING",
                    "PENDING_UNINSTALL_DEPLOYMENT" or "PENDING_UNINSTALL" => "UNINSTALLING",
                    "ERROR" when force => "INSTALLING",
                    _ => null,
                };
                var record = next is null ? a : ApplicationAssociations.Update(context.Scope, a.Id, r => r with { State = next, NextTransitionAt = due, LastUpdatedTime = Now }) ?? a;
                deployed.Add(record);
            }
        }
        return Task.FromResult(new DeployWorkspaceApplicationsResult
        {
            Deployment = new WorkSpaceApplicationDeployment { Associations = deployed.Select(ToWire).ToList() },
        });
    }

    public override Task<DescribeApplicationAssociationsResult> DescribeApplicationAssociations(RequestContext context, DescribeApplicationAssociationsRequest request, CancellationToken ct)
    {
        var application = CatalogueApplication(request.ApplicationId!);
        var types = request.AssociatedResourceTypes!;
        // Difference from AWS: applications are associated only with WorkSpaces, so BUNDLE and IMAGE select nothing.
        IReadOnlyList<ApplicationAssociationRecord> selected = types.Contains("WORKSPACE")
            ? ApplicationAssociations.List(context.Scope).Where(a => a.ApplicationId == application.Id)
                .OrderBy(a => a.Created).ThenBy(a => a.Id, StringComparer.Ordinal).ToList()
            : [];
        var listing = "app-associations:" + application.Id + "|" + string.Join(",", types.Distinct().Order(StringComparer.Ordinal));
        var page = Paging.Take(selected, request.MaxResults ?? 25, request.NextToken, listing, InvalidToken);
        return Task.FromResult(new DescribeApplicationAssociationsResult
        {
            Associations = page.Items.Select(a => new ApplicationResourceAssociation
            {
                ApplicationId = a.ApplicationId,
                AssociatedResourceId = a.WorkspaceId,
                AssociatedResourceType = "WORKSPACE",
                Created = a.Created,
                LastUpdatedTime = a.LastUpdatedTime,
                State = a.State,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<DescribeWorkspaceAssociationsResult> DescribeWorkspaceAssociations(RequestContext context, DescribeWorkspaceAssociationsRequest request, CancellationToken ct)
    {
        var workspace = Workspaces.Get(context.Scope, request.WorkspaceId!) ?? throw WorkspaceNotFound(request.WorkspaceId!);
        var associations = request.AssociatedResourceTypes!.Contains("APPLICATION")
            ? ApplicationAssociations.List(context.Scope).Where(a => a.WorkspaceId == workspace.Id)
                .OrderBy(a => a.Created).ThenBy(a => a.ApplicationId, StringComparer.Ordinal).Select(ToWire).ToList()
            : [];
        return Task.FromResult(new DescribeWorkspaceAssociationsResult { Associations = associations });
    }

    public override Task<DescribeBundleAssociationsResult> DescribeBundleAssociations(RequestContext context, DescribeBundleAssociationsRequest request, CancellationToken ct)
    {
        var bundleId = request.BundleId!;
        if (FindBundle(context.Scope, bundleId) is null)
            throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The bundle {bundleId} could not be found.",
                members: new Dictionary<string, string> { ["ResourceId"] = bundleId });
        // Difference from AWS: applications cannot be associated with bundles in the emulator, so the list is always empty.
        return Task.FromResult(new DescribeBundleAssociationsResult { Associations = [] });
    }

    public override Task<DescribeImageAssociationsResult> DescribeImageAssociations(RequestContext context, DescribeImageAssociationsRequest request, CancellationToken ct)
    {
        var imageId = request.ImageId!;
        if (!PublicImageIds.Contains(imageId)) OwnedImage(context, imageId);
        // Difference from AWS: applications cannot be associated with images in the emulator, so the list is always empty.
        return Task.FromResult(new DescribeImageAssociationsResult { Associations = [] });
    }

    private static WorkSpaceApplicationInfo CatalogueApplication(string id) =>
        ApplicationCatalogue.FirstOrDefault(a => a.Id == id)
        ?? throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The application {id} could not be found.",
            members: new Dictionary<string, string> { ["ResourceId"] = id });

    /// <summary>A WorkSpace of the caller that is not (being) terminated.</summary>
    private WorkspaceRecord LiveWorkspace(RequestContext context, string id)
    {
        var workspace = Workspaces.Get(context.Scope, id);
        if (workspace is null || workspace.State is "TERMINATING" or "TERMINATED") throw WorkspaceNotFound(id);
        return workspace;
    }

    private static WorkspaceResourceAssociation ToWire(ApplicationAssociationRecord a) => new()
    {
        WorkspaceId = a.WorkspaceId,
        AssociatedResourceId = a.ApplicationId,
        AssociatedResourceType = "APPLICATION",
        Created = a.Created,
        LastUpdatedTime = a.LastUpdatedTime,
        State = a.State,
    };
}
