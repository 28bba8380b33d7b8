using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// DescribeWorkspaceBundles (public catalog + the caller's custom bundles).
public sealed partial class WorkSpacesHandlers
{
    /// <summary>DescribeWorkspaceBundles has no Limit member; AWS pages it with NextToken.</summary>
    private const int BundlePageSize = 25;

    private static readonly IReadOnlyList<WorkspaceBundle> PublicBundleShapes = PublicBundles.All.Select(b => new WorkspaceBundle
    {
        BundleId = b.BundleId,
        Name = b.Name,
        Owner = "AMAZON",
        Description = b.Description,
        ImageId = b.ImageId,
        RootStorage = new RootStorage { Capacity = b.RootCapacity },
        UserStorage = new UserStorage { Capacity = b.UserCapacity },
        ComputeType = new ComputeType { Name = b.ComputeType },
        State = "AVAILABLE",
        BundleType = "REGULAR",
        CreationTime = PublicBundles.CreationTime,
        LastUpdatedTime = PublicBundles.LastUpdatedTime,
    }).ToList();

    public override Task<DescribeWorkspaceBundlesResult> DescribeWorkspaceBundles(RequestContext context, DescribeWorkspaceBundlesRequest request, CancellationToken ct)
    {
        if (request.Owner is not null && request.BundleIds is not null)
            throw InvalidParameter("The Owner and BundleIds parameters cannot be combined.");

        IReadOnlyList<WorkspaceBundle> bundles;
        string listing;
        if (request.BundleIds is { } wanted)
        {
            var found = new List<WorkspaceBundle>(wanted.Count);
            foreach (var id in wanted.Distinct())
            {
                if (PublicBundles.Find(id) is not null) found.Add(PublicBundleShapes.First(b => b.BundleId == id));
                else if (Bundles.Get(context.Scope, id) is { } custom) found.Add(ToWire(context, custom));
            }
            bundles = found;
            listing = "bundles:ids";
        }
        else if (request.Owner == "AMAZON")
        {
            bundles = PublicBundleShapes;
            listing = "bundles:AMAZON";
        }
        else if (request.Owner is null || request.Owner == context.Account)
        {
            bundles = Bundles.List(context.Scope).Select(b => ToWire(context, b)).ToList();
            listing = "bundles:self";
        }
        else
        {
            bundles = [];
            listing = "bundles:other";
        }
        var page = Paging.Take(bundles, BundlePageSize, request.NextToken, listing, InvalidToken);
        return Task.FromResult(new DescribeWorkspaceBundlesResult { Bundles = page.Items.ToList(), NextToken = page.NextToken });
    }

    private static WorkspaceBundle ToWire(RequestContext context, BundleRecord b) => new()
    {
        BundleId = b.Id,
        Name = b.Name,
        Owner = context.Account,
        Description = b.Description,
        ImageId = b.ImageId,
        RootStorage = new RootStorage { Capacity = b.RootCapacity },
        UserStorage = new UserStorage { Capacity = b.UserCapacity },
        ComputeType = new ComputeType { Name = b.ComputeType },
        State = b.State,
        BundleType = "REGULAR",
        CreationTime = b.CreationTime,
        LastUpdatedTime = b.LastUpdatedTime,
    };

    /// <summary>What a WorkSpace launched from a bundle runs with, for public and custom bundles alike.</summary>
    private sealed record BundleFacts(string BundleId, string ComputeType, int RootGib, int UserGib, string OperatingSystemName, string Protocol);

    private BundleFacts? FindBundle(string scope, string bundleId)
    {
        if (PublicBundles.Find(bundleId) is { } p)
            return new BundleFacts(p.BundleId, p.ComputeType, int.Parse(p.RootCapacity), int.Parse(p.UserCapacity), p.OperatingSystemName, p.Protocol);
        if (Bundles.Get(scope, bundleId) is { } c)
        {
            // A custom bundle runs what its image was captured from; assume Windows Server 2022 / WSP when the image
            // is neither one of the caller's nor one of the catalog's.
            var image = WorkspaceImages.Get(scope, c.ImageId);
            var source = PublicBundles.All.FirstOrDefault(b => b.ImageId == c.ImageId);
            return new BundleFacts(c.Id, c.ComputeType, int.TryParse(c.RootCapacity, out var r) ? r : 80, int.TryParse(c.UserCapacity, out var u) ? u : 10,
                image?.OperatingSystemName ?? source?.OperatingSystemName ?? "WINDOWS_SERVER_2022", image?.Protocol ?? source?.Protocol ?? "WSP");
        }
        return null;
    }
}
