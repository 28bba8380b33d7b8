using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>The CA enrollment policy that lets domain members enroll certificates through an AWS Private CA
/// Connector for AD: InProgress → Success and Disabling → Disabled by the reconciler.</summary>
public sealed partial class DirectoryServiceHandlers
{
    // Difference from AWS: the PcaConnectorArn is not checked against Private CA Connector for AD (no EntityDoesNotExistException for an unknown connector).
    public override Task<EnableCAEnrollmentPolicyResult> EnableCAEnrollmentPolicy(RequestContext context, EnableCAEnrollmentPolicyRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        UpdateCertificateDirectory(context, request.DirectoryId!, d =>
        {
            RequireActive(d, "the CA enrollment policy can only be enabled for an Active directory");
            switch (d.CaEnrollmentStatus)
            {
                case CaEnrollmentStatuses.InProgress:
                    throw new AwsException(DirectoryServiceErrors.EnableAlreadyInProgressException,
                        $"The CA enrollment policy of directory {d.Id} is already being enabled.");
                case CaEnrollmentStatuses.Success:
                    throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException,
                        $"A CA enrollment policy is already enabled for directory {d.Id}.");
                case CaEnrollmentStatuses.Disabling:
                    throw DsErrors.Client($"The CA enrollment policy of directory {d.Id} is being disabled; try again when it is Disabled.");
            }
            return d with
            {
                CaEnrollmentStatus = CaEnrollmentStatuses.InProgress,
                PcaConnectorArn = request.PcaConnectorArn,
                CaEnrollmentLastUpdatedDateTime = now,
                CaEnrollmentDueAt = now + options.Value.Transition,
            };
        });
        return Task.FromResult(new EnableCAEnrollmentPolicyResult());
    }

    public override Task<DisableCAEnrollmentPolicyResult> DisableCAEnrollmentPolicy(RequestContext context, DisableCAEnrollmentPolicyRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        UpdateCertificateDirectory(context, request.DirectoryId!, d =>
        {
            RequireActive(d, "the CA enrollment policy can only be disabled for an Active directory");
            switch (d.CaEnrollmentStatus)
            {
                case null or CaEnrollmentStatuses.Disabled:
                    throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException,
                        $"No CA enrollment policy is enabled for directory {d.Id}.");
                case CaEnrollmentStatuses.Disabling:
                    throw new AwsException(DirectoryServiceErrors.DisableAlreadyInProgressException,
                        $"The CA enrollment policy of directory {d.Id} is already being disabled.");
            }
            return d with { CaEnrollmentStatus = CaEnrollmentStatuses.Disabling, CaEnrollmentLastUpdatedDateTime = now, CaEnrollmentDueAt = now + options.Value.Transition };
        });
        return Task.FromResult(new DisableCAEnrollmentPolicyResult());
    }

    public override Task<DescribeCAEnrollmentPolicyResult> DescribeCAEnrollmentPolicy(RequestContext context, DescribeCAEnrollmentPolicyRequest request, CancellationToken cancellationToken)
    {
        var directory = GetCertificateDirectory(context, request.DirectoryId!);
        // A directory that never had a policy reports Disabled.
        return Task.FromResult(new DescribeCAEnrollmentPolicyResult
        {
            DirectoryId = directory.Id,
            PcaConnectorArn = directory.PcaConnectorArn,
            CaEnrollmentPolicyStatus = directory.CaEnrollmentStatus ?? CaEnrollmentStatuses.Disabled,
            LastUpdatedDateTime = directory.CaEnrollmentLastUpdatedDateTime,
        });
    }
}
