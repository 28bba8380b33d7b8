using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>The import job behind an ImportCustomWorkspaceImage image (Id = the image id). The image itself is a
/// <see cref="WorkspaceImageRecord"/> that <see cref="ImageLifecycle"/> moves PENDING → AVAILABLE; the job's state is
/// derived from it.</summary>
/// <param name="CompletesAt">When the image is due to become AVAILABLE (the job's LastUpdatedTime once COMPLETED).</param>
public sealed record CustomImageImportRecord(
    string Id,
    string Scope,
    string? Ec2ImageId,
    string? Ec2ImportTaskId,
    string? ImageBuildVersionArn,
    string InfrastructureConfigurationArn,
    DateTimeOffset Created,
    DateTimeOffset CompletesAt) : IResource;

// ImportCustomWorkspaceImage, DescribeCustomWorkspaceImageImport and CreateUpdatedWorkspaceImage: new custom images that
// start PENDING and become AVAILABLE through the image lifecycle, like created, copied and imported ones.
public sealed partial class WorkSpacesHandlers
{
    private ResourceTable<CustomImageImportRecord> CustomImageImports => store.Table<CustomImageImportRecord>(ResourceKinds.CustomImageImports);

    public override Task<ImportCustomWorkspaceImageResult> ImportCustomWorkspaceImage(RequestContext context, ImportCustomWorkspaceImageRequest request, CancellationToken ct)
    {
        var tags = ValidTags(request.Tags);
        var source = request.ImageSource!;   // a union: the model validation guarantees exactly one member
        // Difference from AWS: neither the source (AMI, import task or Image Builder image) nor the infrastructure
        // configuration is looked up, no Image Builder instance runs, and the import never fails. DCV and BYOP images
        // stream with WSP (DCV's wire name), PCOIP ones with PCOIP; the compute type is not kept.
        var protocol = request.Protocol == "PCOIP" ? "PCOIP" : "WSP";
        var os = request.OsVersion == "Windows_11" ? "WINDOWS_11" : "WINDOWS_10";
        WorkspaceImageRecord image;
        lock (_gate)
        {
            CheckNewImage(context, request.ImageName!);
            var now = Now;
            image = new WorkspaceImageRecord(ids.Next("wsi-", 9, Ids.LowerAlnum), context.Scope, request.ImageName!, request.ImageDescription,
                os, protocol, "DEDICATED", "PENDING", TransitionDue, now, "IMPORT_CUSTOM",
                source.Ec2ImageId ?? source.Ec2ImportTaskId ?? source.ImageBuildVersionArn, [], tags);
            CustomImageImports.Put(new CustomImageImportRecord(image.Id, context.Scope, source.Ec2ImageId, source.Ec2ImportTaskId,
                source.ImageBuildVersionArn, request.InfrastructureConfigurationArn!, now, image.NextTransitionAt ?? now));
            WorkspaceImages.Put(image);
        }
        return Task.FromResult(new ImportCustomWorkspaceImageResult { ImageId = image.Id, State = "PENDING" });
    }

    public override Task<DescribeCustomWorkspaceImageImportResult> DescribeCustomWorkspaceImageImport(RequestContext context, DescribeCustomWorkspaceImageImportRequest request, CancellationToken ct)
    {
        var id = request.ImageId!;
        var job = CustomImageImports.Get(context.Scope, id) ?? throw ImageNotFound(id);
        var image = WorkspaceImages.Get(context.Scope, id) ?? throw ImageNotFound(id);   // deleted since
        var now = Now;
        // Difference from AWS: of the job's workflow states the emulator reports only IN_PROGRESS, COMPLETED and ERROR,
        // with a progress that grows linearly until the image is due.
        var (state, progress, updated) = image.State switch
        {
            "AVAILABLE" => ("COMPLETED", 100, job.CompletesAt),
            "ERROR" => ("ERROR", 0, job.CompletesAt),
            _ => ("IN_PROGRESS", Progress(job, now), now < job.CompletesAt ? now : job.CompletesAt),
        };
        return Task.FromResult(new DescribeCustomWorkspaceImageImportResult
        {
            ImageId = image.Id,
            InfrastructureConfigurationArn = job.InfrastructureConfigurationArn,
            State = state,
            ProgressPercentage = progress,
            Created = job.Created,
            LastUpdatedTime = updated,
            ImageSource = new ImageSourceIdentifier
            {
                Ec2ImageId = job.Ec2ImageId,
                Ec2ImportTaskId = job.Ec2ImportTaskId,
                ImageBuildVersionArn = job.ImageBuildVersionArn,
            },
            ErrorDetails = image.State == "ERROR"
                ? [new CustomWorkspaceImageImportErrorDetails { ErrorCode = image.ErrorCode, ErrorMessage = image.ErrorMessage }]
                : null,
        });
    }

    private static int Progress(CustomImageImportRecord job, DateTimeOffset now)
    {
        var total = (job.CompletesAt - job.Created).TotalSeconds;
        if (total <= 0) return 99;
        return Math.Clamp((int)((now - job.Created).TotalSeconds * 100 / total), 0, 99);
    }

    public override Task<CreateUpdatedWorkspaceImageResult> CreateUpdatedWorkspaceImage(RequestContext context, CreateUpdatedWorkspaceImageRequest request, CancellationToken ct)
    {
        var tags = ValidTags(request.Tags);
        var sourceId = request.SourceImageId!;
        WorkspaceImageRecord image;
        lock (_gate)
        {
            var source = OwnedImage(context, sourceId);
            if (source.State != "AVAILABLE")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    $"The image {sourceId} is {source.State}; only an AVAILABLE image can be updated.");
            CheckNewImage(context, request.Name!);
            // Difference from AWS: there are no WorkSpaces agent or driver updates to apply, so every AVAILABLE image can be
            // "updated" (AWS refuses with OperationNotSupportedException when the image is already up to date) and the new
            // image is an identical copy.
            image = new WorkspaceImageRecord(ids.Next("wsi-", 9, Ids.LowerAlnum), context.Scope, request.Name!, request.Description,
                source.OperatingSystemName, source.Protocol, source.RequiredTenancy, "PENDING", TransitionDue, Now, "UPDATE", source.Id, [], tags);
            WorkspaceImages.Put(image);
        }
        return Task.FromResult(new CreateUpdatedWorkspaceImageResult { ImageId = image.Id });
    }
}
