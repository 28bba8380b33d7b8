using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Custom bundles: CreateWorkspaceBundle, UpdateWorkspaceBundle, DeleteWorkspaceBundle (DescribeWorkspaceBundles
// and the bundle lookup of CreateWorkspaces are in Bundles.cs).
public sealed partial class WorkSpacesHandlers
{
    private const int MaxCustomBundles = 50;      // per account and Region; public bundles do not count

    /// <summary>Root volume of a custom bundle created without RootStorage.</summary>
    private const string DefaultRootCapacity = "80";

    public override Task<CreateWorkspaceBundleResult> CreateWorkspaceBundle(RequestContext context, CreateWorkspaceBundleRequest request, CancellationToken ct)
    {
        var name = request.BundleName!;
        var compute = request.ComputeType?.Name ?? throw InvalidParameter("The compute type (ComputeType.Name) is required.");
        var user = Capacity(request.UserStorage?.Capacity, "UserStorage");
        // Difference from AWS: RootStorage defaults to 80 GiB when omitted, and any positive sizes are accepted
        // (AWS allows only certain root/user volume combinations per compute type).
        var root = request.RootStorage is null ? DefaultRootCapacity : Capacity(request.RootStorage.Capacity, "RootStorage");
        var tags = ValidTags(request.Tags);
        BundleRecord bundle;
        lock (_gate)
        {
            UsableImage(context, request.ImageId!);
            var existing = Bundles.List(context.Scope);
            if (existing.Any(b => b.Name == name))
                throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException, $"A bundle named {name} already exists.");
            if (existing.Count >= MaxCustomBundles)
                throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, $"The maximum number of custom bundles ({MaxCustomBundles}) has been reached.");
            var now = Now;
            // Difference from AWS: a new custom bundle is AVAILABLE at once (there is nothing to build).
            bundle = new BundleRecord(ids.Bundle(), context.Scope, name, request.BundleDescription, request.ImageId!, compute, root, user,
                "AVAILABLE", now, now, tags);
            Bundles.Put(bundle);
        }
        return Task.FromResult(new CreateWorkspaceBundleResult { WorkspaceBundle = ToWire(context, bundle) });
    }

    public override Task<UpdateWorkspaceBundleResult> UpdateWorkspaceBundle(RequestContext context, UpdateWorkspaceBundleRequest request, CancellationToken ct)
    {
        var bundleId = request.BundleId ?? throw InvalidParameter("The BundleId parameter is required.");
        var imageId = request.ImageId ?? throw InvalidParameter("The ImageId parameter is required.");
        lock (_gate)
        {
            UsableImage(context, imageId);
            // WorkSpaces already launched from the bundle keep their image until they are rebuilt or migrated.
            // Replace, not Put: CreateTags may change the bundle's tags concurrently (outside the gate).
            var bundle = CustomBundle(context, bundleId);
            Bundles.Update(context.Scope, bundle.Id, b => b.ImageId == imageId ? b : b with { ImageId = imageId, LastUpdatedTime = Now });
        }
        return Task.FromResult(new UpdateWorkspaceBundleResult());
    }

    public override Task<DeleteWorkspaceBundleResult> DeleteWorkspaceBundle(RequestContext context, DeleteWorkspaceBundleRequest request, CancellationToken ct)
    {
        var bundleId = request.BundleId ?? throw InvalidParameter("The BundleId parameter is required.");
        lock (_gate)   // CreateWorkspaces takes the gate too, so no WorkSpace is launched from a bundle being deleted
        {
            var bundle = CustomBundle(context, bundleId);
            var users = Workspaces.List(context.Scope).Where(w => w.BundleId == bundle.Id && w.State != "TERMINATED").Select(w => w.Id).ToList();
            if (users.Count > 0)
                throw new AwsException(WorkSpacesErrors.ResourceAssociatedException,
                    $"The bundle {bundle.Id} is used by the WorkSpaces {string.Join(", ", users)}. Terminate them first.");
            Bundles.Delete(context.Scope, bundle.Id);
        }
        return Task.FromResult(new DeleteWorkspaceBundleResult());
    }

    /// <summary>A custom bundle of the caller; Amazon-owned bundles cannot be changed.</summary>
    private BundleRecord CustomBundle(RequestContext context, string id)
    {
        if (PublicBundles.Find(id) is not null) throw InvalidParameter($"The bundle {id} is owned by Amazon and cannot be changed or deleted.");
        return Bundles.Get(context.Scope, id)
            ?? throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The bundle {id} could not be found.",
                members: new Dictionary<string, string> { ["ResourceId"] = id });
    }

    /// <summary>A bundle is made from an AVAILABLE image the caller owns (a shared image must be copied first).</summary>
    private WorkspaceImageRecord UsableImage(RequestContext context, string imageId)
    {
        if (PublicImageIds.Contains(imageId))
            throw InvalidParameter($"The image {imageId} is owned by Amazon; a custom bundle needs an image you own.");
        var image = OwnedImage(context, imageId);
        if (image.State != "AVAILABLE")
            throw new AwsException(WorkSpacesErrors.ResourceUnavailableException, $"The image {imageId} is {image.State}; a bundle needs an AVAILABLE image.",
                members: new Dictionary<string, string> { ["ResourceId"] = imageId });
        return image;
    }

    private static string Capacity(string? value, string member)
    {
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var gib) || gib <= 0)
            throw InvalidParameter($"{member}.Capacity must be a size in GiB (for example 80), not '{value}'.");
        return gib.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
