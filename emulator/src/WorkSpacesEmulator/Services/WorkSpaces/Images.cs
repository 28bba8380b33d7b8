using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;
using WireOperatingSystem = WorkSpacesEmulator.ServiceModels.WorkSpaces.OperatingSystem;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Custom images: CreateWorkspaceImage, CopyWorkspaceImage, ImportWorkspaceImage, DescribeWorkspaceImages,
// DeleteWorkspaceImage, DescribeWorkspaceImagePermissions, UpdateWorkspaceImagePermission.
public sealed partial class WorkSpacesHandlers
{
    private const int MaxImages = 40;             // per account and Region

    private ResourceTable<WorkspaceImageRecord> WorkspaceImages => store.Table<WorkspaceImageRecord>(ResourceKinds.Images);

    /// <summary>Image ids of the Amazon-owned catalog (referenced by public bundles only).</summary>
    private static readonly HashSet<string> PublicImageIds = PublicBundles.All.Select(b => b.ImageId).ToHashSet(StringComparer.Ordinal);

    public override Task<CreateWorkspaceImageResult> CreateWorkspaceImage(RequestContext context, CreateWorkspaceImageRequest request, CancellationToken ct)
    {
        var tags = ValidTags(request.Tags);
        WorkspaceImageRecord image;
        lock (_gate)
        {
            CheckNewImage(context, request.Name!);
            var source = Workspaces.Get(context.Scope, request.WorkspaceId!) ?? throw WorkspaceNotFound(request.WorkspaceId!);
            var tenancy = WorkspaceDirectories.Get(context.Scope, source.DirectoryId)?.Tenancy == "DEDICATED" ? "DEDICATED" : "DEFAULT";
            var protocol = source.Properties.Protocols.FirstOrDefault() ?? "WSP";
            image = new WorkspaceImageRecord(ids.Next("wsi-", 9, Ids.LowerAlnum), context.Scope, request.Name!, request.Description,
                source.Properties.OperatingSystemName ?? "WINDOWS_SERVER_2022", protocol, tenancy, "PENDING", TransitionDue, Now,
                "CREATE", source.Id, [], tags);
            // The source is SUSPENDED while it is captured and returns to AVAILABLE when the image is due.
            Update(context, source.Id, w => w.State == "AVAILABLE" && w.PendingAction is null
                ? w with { State = "SUSPENDED", PendingAction = WorkspaceStateMachine.ImageCaptureAction, NextTransitionAt = image.NextTransitionAt, StateChangedAt = Now }
                : throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The WorkSpace {w.Id} is {w.State}{(w.PendingAction is null ? "" : " with a pending " + w.PendingAction)}; an image can be created only from an AVAILABLE WorkSpace."));
            WorkspaceImages.Put(image);
        }
        return Task.FromResult(new CreateWorkspaceImageResult
        {
            ImageId = image.Id,
            Name = image.Name,
            Description = image.Description,
            OperatingSystem = new WireOperatingSystem { Type = image.OperatingSystemType },
            State = image.State,
            RequiredTenancy = image.RequiredTenancy,
            Created = image.Created,
            OwnerAccountId = image.OwnerAccountId,
        });
    }

    public override Task<CopyWorkspaceImageResult> CopyWorkspaceImage(RequestContext context, CopyWorkspaceImageRequest request, CancellationToken ct)
    {
        var tags = ValidTags(request.Tags);
        var sourceId = request.SourceImageId!;
        var sourceRegion = request.SourceRegion!;
        // The caller's own image in the source Region, or another account's image shared with the caller there.
        var source = WorkspaceImages.Get(context.Account + "/" + sourceRegion, sourceId)
            ?? WorkspaceImages.All().FirstOrDefault(i => i.Id == sourceId && i.Region == sourceRegion && i.SharedAccountIds.Contains(context.Account))
            ?? throw ImageNotFound(sourceId);
        if (source.State != "AVAILABLE")
            throw new AwsException(WorkSpacesErrors.ResourceUnavailableException, $"The image {sourceId} is {source.State}; only an AVAILABLE image can be copied.",
                members: new Dictionary<string, string> { ["ResourceId"] = sourceId });
        WorkspaceImageRecord copy;
        lock (_gate)
        {
            CheckNewImage(context, request.Name!);
            // Difference from AWS: a copy without a Description keeps the source's description (AWS's choice is not documented).
            copy = new WorkspaceImageRecord(ids.Next("wsi-", 9, Ids.LowerAlnum), context.Scope, request.Name!, request.Description ?? source.Description,
                source.OperatingSystemName, source.Protocol, source.RequiredTenancy, "PENDING", TransitionDue, Now, "COPY", source.Id, [], tags);
            WorkspaceImages.Put(copy);
        }
        return Task.FromResult(new CopyWorkspaceImageResult { ImageId = copy.Id });
    }

    public override Task<ImportWorkspaceImageResult> ImportWorkspaceImage(RequestContext context, ImportWorkspaceImageRequest request, CancellationToken ct)
    {
        var tags = ValidTags(request.Tags);
        var process = request.IngestionProcess!;
        // Difference from AWS: the AMI is not looked up (the emulator has no EC2 images) and BYOL need not be enabled
        // on the account; the image is a Windows 10 desktop whose protocol follows the ingestion process
        // (_WSP and _BYOP → WSP, the others → PCOIP).
        var protocol = process.EndsWith("_WSP", StringComparison.Ordinal) || process.EndsWith("_BYOP", StringComparison.Ordinal) ? "WSP" : "PCOIP";
        WorkspaceImageRecord image;
        lock (_gate)
        {
            CheckNewImage(context, request.ImageName!);
            image = new WorkspaceImageRecord(ids.Next("wsi-", 9, Ids.LowerAlnum), context.Scope, request.ImageName!, request.ImageDescription,
                "WINDOWS_10", protocol, "DEDICATED", "PENDING", TransitionDue, Now, "IMPORT", request.Ec2ImageId, [], tags);
            WorkspaceImages.Put(image);
        }
        return Task.FromResult(new ImportWorkspaceImageResult { ImageId = image.Id });
    }

    public override Task<DescribeWorkspaceImagesResult> DescribeWorkspaceImages(RequestContext context, DescribeWorkspaceImagesRequest request, CancellationToken ct)
    {
        IEnumerable<WorkspaceImageRecord> selected = request.ImageType switch
        {
            "OWNED" => WorkspaceImages.List(context.Scope),
            "SHARED" => SharedWithCaller(context),
            // Without ImageIds or ImageType: the account's own images ("all images in the account").
            _ when request.ImageIds is null => WorkspaceImages.List(context.Scope),
            _ => WorkspaceImages.List(context.Scope).Concat(SharedWithCaller(context)),
        };
        if (request.ImageIds is { } wanted)
        {
            var set = wanted.ToHashSet(StringComparer.Ordinal);
            selected = selected.Where(i => set.Contains(i.Id));
        }
        var listing = "images:" + (request.ImageType ?? "") + ":" + (request.ImageIds is null ? "" : string.Join(",", request.ImageIds));
        var page = Paging.Take(selected.ToList(), request.MaxResults ?? 25, request.NextToken, listing, InvalidToken);
        return Task.FromResult(new DescribeWorkspaceImagesResult { Images = page.Items.Select(ToWire).ToList(), NextToken = page.NextToken });
    }

    public override Task<DeleteWorkspaceImageResult> DeleteWorkspaceImage(RequestContext context, DeleteWorkspaceImageRequest request, CancellationToken ct)
    {
        var id = request.ImageId!;
        if (PublicImageIds.Contains(id))
            throw new AwsException(WorkSpacesErrors.AccessDeniedException, $"The image {id} is owned by Amazon and cannot be deleted.");
        lock (_gate)   // CreateWorkspaceBundle checks the image under the same gate
        {
            // Difference from AWS (as documented): DeleteWorkspaceImage lists no ResourceNotFoundException, so deleting
            // an image that does not exist (or no longer exists) succeeds.
            var image = WorkspaceImages.Get(context.Scope, id);
            if (image is null) return Task.FromResult(new DeleteWorkspaceImageResult());
            var bundles = Bundles.List(context.Scope).Where(b => b.ImageId == id).Select(b => b.Id).ToList();
            if (bundles.Count > 0)
                throw new AwsException(WorkSpacesErrors.ResourceAssociatedException,
                    $"The image {id} is used by the bundles {string.Join(", ", bundles)}. Delete them first.");
            if (image.SharedAccountIds.Count > 0)
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The image {id} is shared with {string.Join(", ", image.SharedAccountIds)}. Unshare it first.");
            if (image.State == "PENDING")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException, $"The image {id} is PENDING and cannot be deleted until it is AVAILABLE.");
            WorkspaceImages.Delete(context.Scope, id);
        }
        return Task.FromResult(new DeleteWorkspaceImageResult());
    }

    public override Task<DescribeWorkspaceImagePermissionsResult> DescribeWorkspaceImagePermissions(RequestContext context,
        DescribeWorkspaceImagePermissionsRequest request, CancellationToken ct)
    {
        var image = OwnedImage(context, request.ImageId!);
        var page = Paging.Take(image.SharedAccountIds, request.MaxResults ?? 25, request.NextToken, "image-permissions:" + image.Id, InvalidToken);
        return Task.FromResult(new DescribeWorkspaceImagePermissionsResult
        {
            ImageId = image.Id,
            ImagePermissions = page.Items.Select(a => new ImagePermission { SharedAccountId = a }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<UpdateWorkspaceImagePermissionResult> UpdateWorkspaceImagePermission(RequestContext context,
        UpdateWorkspaceImagePermissionRequest request, CancellationToken ct)
    {
        var account = request.SharedAccountId!;
        if (account == context.Account) throw InvalidParameter("An image cannot be shared with the account that owns it.");
        lock (_gate)   // DeleteWorkspaceImage checks the shares under the same gate
        {
            // Replace, not Put: CreateTags may change the image's tags concurrently (outside the gate).
            while (!ShareOrUnshare(context, request.ImageId!, account, request.AllowCopyImage == true)) { }
        }
        return Task.FromResult(new UpdateWorkspaceImagePermissionResult());
    }

    private bool ShareOrUnshare(RequestContext context, string imageId, string account, bool allow)
    {
        var image = OwnedImage(context, imageId);
        IReadOnlyList<string> shared;
        if (allow)
        {
            if (image.State != "AVAILABLE")
                throw new AwsException(WorkSpacesErrors.ResourceUnavailableException, $"The image {image.Id} is {image.State}; only an AVAILABLE image can be shared.",
                    members: new Dictionary<string, string> { ["ResourceId"] = image.Id });
            shared = image.SharedAccountIds.Contains(account) ? image.SharedAccountIds : [.. image.SharedAccountIds, account];
        }
        else
        {
            // "This permission can be revoked only after an image has been shared." Difference from AWS: the error for
            // revoking a permission never granted is not documented; the emulator answers InvalidParameterValuesException.
            if (!image.SharedAccountIds.Contains(account))
                throw InvalidParameter($"The image {image.Id} is not shared with the account {account}.");
            shared = image.SharedAccountIds.Where(a => a != account).ToList();
        }
        return ReferenceEquals(shared, image.SharedAccountIds) || WorkspaceImages.Replace(image, image with { SharedAccountIds = shared });
    }

    /// <summary>Images of other accounts in the caller's Region that are shared with the caller.</summary>
    private IEnumerable<WorkspaceImageRecord> SharedWithCaller(RequestContext context) =>
        WorkspaceImages.All()
            .Where(i => i.Region == context.Region && i.OwnerAccountId != context.Account && i.SharedAccountIds.Contains(context.Account))
            .OrderBy(i => i.Created).ThenBy(i => i.Id, StringComparer.Ordinal);

    /// <summary>Name uniqueness and the quota, checked under the gate before an image is stored.</summary>
    private void CheckNewImage(RequestContext context, string name)
    {
        var existing = WorkspaceImages.List(context.Scope);
        if (existing.Any(i => i.Name == name))
            throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException, $"An image named {name} already exists.");
        if (existing.Count >= MaxImages)
            throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"The maximum number of images ({MaxImages}) has been reached.");
    }

    private static IReadOnlyList<TagPair> ValidTags(List<Tag>? wire)
    {
        var tags = FromWire(wire);
        if (tags.Any(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
            throw InvalidParameter("Tag keys starting with 'aws:' are reserved for AWS use.");
        if (tags.Count > MaxTags)
            throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"A resource can have at most {MaxTags} tags.");
        return TagList.Merge([], tags);
    }

    private WorkspaceImageRecord OwnedImage(RequestContext context, string id) =>
        WorkspaceImages.Get(context.Scope, id) ?? throw ImageNotFound(id);

    private static AwsException ImageNotFound(string id) =>
        new(WorkSpacesErrors.ResourceNotFoundException, $"The image {id} could not be found.", members: new Dictionary<string, string> { ["ResourceId"] = id });

    private static WorkspaceImage ToWire(WorkspaceImageRecord i) => new()
    {
        ImageId = i.Id,
        Name = i.Name,
        Description = i.Description,
        OperatingSystem = new WireOperatingSystem { Type = i.OperatingSystemType },
        State = i.State,
        RequiredTenancy = i.RequiredTenancy,
        ErrorCode = i.ErrorCode,
        ErrorMessage = i.ErrorMessage,
        Created = i.Created,
        OwnerAccountId = i.OwnerAccountId,
    };
}
