using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Services.Iam;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// The AWS rules test suites usually skip, enforced in strict mode (EMULATOR_STRICT), and the encryption-key check
// every mode makes.
public sealed partial class WorkSpacesHandlers
{
    /// <summary>The AZ ids where WorkSpaces Personal runs, per Region (AWS's "Availability Zones for WorkSpaces
    /// Personal" table). A Region not listed is not checked.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SupportedZoneIds = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["us-east-1"] = ["use1-az2", "use1-az4", "use1-az6"],
        ["us-west-2"] = ["usw2-az1", "usw2-az2", "usw2-az3"],
        ["ap-south-1"] = ["aps1-az1", "aps1-az2", "aps1-az3"],
        ["ap-northeast-1"] = ["apne1-az1", "apne1-az4"],
        ["ap-northeast-2"] = ["apne2-az1", "apne2-az3"],
        ["ap-southeast-1"] = ["apse1-az1", "apse1-az2"],
        ["ap-southeast-2"] = ["apse2-az1", "apse2-az3"],
        ["ca-central-1"] = ["cac1-az1", "cac1-az2"],
        ["eu-central-1"] = ["euc1-az2", "euc1-az3"],
        ["eu-west-1"] = ["euw1-az1", "euw1-az2", "euw1-az3"],
        ["eu-west-2"] = ["euw2-az2", "euw2-az3"],
        ["sa-east-1"] = ["sae1-az1", "sae1-az3"],
    };

    private bool Strict => options.Value.Strict;

    /// <summary>Strict mode: the account's workspaces_DefaultRole must exist (IAM) and the subnets must be in AZs
    /// WorkSpaces supports.</summary>
    private void EnforceStrictRegistrationRules(RequestContext context, IReadOnlyList<string> subnetIds)
    {
        if (!Strict) return;
        if (store.Table<RoleRecord>(ResourceKinds.IamRoles).Get(context.Account, IamService.DefaultRoleName.ToLowerInvariant()) is null)
            throw new AwsException(WorkSpacesErrors.WorkspacesDefaultRoleNotFoundException,
                $"The {IamService.DefaultRoleName} role could not be found. Create it in IAM (trusting workspaces.amazonaws.com, with " +
                "AmazonWorkSpacesServiceAccess and AmazonWorkSpacesSelfServiceAccess attached) before registering a directory.");
        if (!SupportedZoneIds.TryGetValue(context.Region, out var zones)) return;
        foreach (var id in subnetIds)
            if (network.Subnets.Get(context.Scope, id) is { } subnet && !zones.Contains(subnet.AvailabilityZoneId))
                throw new AwsException(WorkSpacesErrors.InvalidParameterValuesException,
                    $"The subnet {id} is in Availability Zone {subnet.AvailabilityZone} ({subnet.AvailabilityZoneId}), which WorkSpaces does not support. " +
                    $"Supported AZ ids in {context.Region}: {string.Join(", ", zones)}.");
    }

    /// <summary>Per-item checks of CreateWorkspaces: the volume encryption key must exist and be enabled (every mode);
    /// strict mode also requires a DEDICATED directory for a BYOL bundle (its image requires dedicated tenancy).</summary>
    private (string? Code, string? Message) CheckCreateRules(RequestContext context, WorkspaceRequest item, WorkspaceDirectoryRecord directory, string bundleId)
    {
        var encrypted = item.RootVolumeEncryptionEnabled == true || item.UserVolumeEncryptionEnabled == true;
        if (encrypted || item.VolumeEncryptionKey is not null)
        {
            var (_, code, message) = kms.ForEncryption(context, item.VolumeEncryptionKey ?? Kms.KmsHandlers.WorkSpacesAlias);
            if (code is not null) return (code, message);
        }
        var imageId = Bundles.Get(context.Scope, bundleId)?.ImageId;
        if (Strict && imageId is not null && WorkspaceImages.Get(context.Scope, imageId)?.RequiredTenancy == "DEDICATED" && directory.Tenancy != "DEDICATED")
            return ("InvalidParameterValuesException",
                $"The bundle's image {imageId} is a BYOL image: WorkSpaces from it need a directory registered with Tenancy DEDICATED.");
        return (null, null);
    }
}
