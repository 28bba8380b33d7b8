using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Directory assessments of self-managed AD environments (the prerequisite of CreateHybridAD).
/// Pending → InProgress → Success is finished by the directory reconciler.</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>Documented default quota of CUSTOMER assessments per account (SYSTEM ones do not count).</summary>
    public const int CustomerAssessmentsLimit = 100;

    private ResourceTable<AssessmentRecord> Assessments => store.Table<AssessmentRecord>(ResourceKinds.DirectoryAssessments);

    private readonly Lock _assessmentGate = new();

    public override Task<StartADAssessmentResult> StartADAssessment(RequestContext context, StartADAssessmentRequest request, CancellationToken cancellationToken)
    {
        // "You must provide exactly one DirectoryId or AssessmentConfiguration."
        if ((request.DirectoryId is null) == (request.AssessmentConfiguration is null))
            throw DsErrors.InvalidParameter("Exactly one of DirectoryId or AssessmentConfiguration must be specified.");
        AssessmentRecord assessment;
        if (request.DirectoryId is { } directoryId)
        {
            var directory = GetHybridDirectory(context, directoryId);
            assessment = NewAssessment(context, directory.Id, directory.Name, directory.HybridDnsIps ?? [], directory.HybridInstanceIds ?? [],
                directory.VpcId, directory.SubnetIds, directory.SecurityGroupId is { } g ? [g] : [], AssessmentStatuses.Customer);
        }
        else
        {
            var config = request.AssessmentConfiguration!;
            if (string.IsNullOrEmpty(config.DnsName)) throw DsErrors.InvalidParameter("AssessmentConfiguration.DnsName must be specified.");
            if (config.CustomerDnsIps is not { Count: 2 })
                throw DsErrors.InvalidParameter("AssessmentConfiguration.CustomerDnsIps must contain exactly two IP addresses.");
            if (config.InstanceIds is not { Count: 2 })
                throw DsErrors.InvalidParameter("AssessmentConfiguration.InstanceIds must contain exactly two instance IDs, in the order of CustomerDnsIps.");
            var placement = ResolvePlacement(context, config.VpcSettings?.VpcId, config.VpcSettings?.SubnetIds);
            var groups = config.SecurityGroupIds ?? [];
            foreach (var groupId in groups)
            {
                var group = network.SecurityGroups.Get(context.Scope, groupId)
                    ?? throw DsErrors.InvalidParameter($"Invalid security group ID: the security group {groupId} does not exist.");
                if (group.VpcId != placement.Vpc.Id)
                    throw DsErrors.InvalidParameter($"The security group {groupId} is not in the VPC {placement.Vpc.Id}.");
            }
            // Difference from AWS: the instances (EC2 or SSM managed nodes) are not looked up; only their ID pattern is checked by the model.
            assessment = NewAssessment(context, null, config.DnsName, config.CustomerDnsIps, config.InstanceIds,
                placement.Vpc.Id, placement.Subnets.Select(s => s.Id).ToList(), groups.ToList(), AssessmentStatuses.Customer);
        }
        return Task.FromResult(new StartADAssessmentResult { AssessmentId = assessment.Id });
    }

    public override Task<DescribeADAssessmentResult> DescribeADAssessment(RequestContext context, DescribeADAssessmentRequest request, CancellationToken cancellationToken)
    {
        var a = GetAssessment(context, request.AssessmentId!);
        return Task.FromResult(new DescribeADAssessmentResult
        {
            Assessment = new Assessment
            {
                AssessmentId = a.Id,
                DirectoryId = a.DirectoryId,
                DnsName = a.DnsName,
                StartTime = a.StartTime,
                LastUpdateDateTime = a.LastUpdateDateTime,
                Status = a.Status,
                CustomerDnsIps = a.CustomerDnsIps.ToList(),
                VpcId = a.VpcId,
                SubnetIds = a.SubnetIds.ToList(),
                SecurityGroupIds = a.SecurityGroupIds.ToList(),
                SelfManagedInstanceIds = a.InstanceIds.ToList(),
                ReportType = a.ReportType,
                Version = AssessmentStatuses.Version,
            },
            // One report per self-managed domain controller, once the checks have run.
            AssessmentReports = a.Status != AssessmentStatuses.Success ? [] : a.CustomerDnsIps.Select(ip => new AssessmentReport
            {
                DomainControllerIp = ip,
                Validations = AssessmentStatuses.Checks.Select(c => new AssessmentValidation
                {
                    Category = c.Category,
                    Name = c.Name,
                    Status = AssessmentStatuses.Success,
                    StartTime = a.StartTime,
                    LastUpdateDateTime = a.LastUpdateDateTime,
                }).ToList(),
            }).ToList(),
        });
    }

    public override Task<ListADAssessmentsResult> ListADAssessments(RequestContext context, ListADAssessmentsRequest request, CancellationToken cancellationToken)
    {
        if (request.DirectoryId is { } directoryId) GetDirectory(context, directoryId);
        var matches = Assessments.List(context.Scope)
            .Where(a => request.DirectoryId is null || a.DirectoryId == request.DirectoryId)
            .OrderBy(a => a.StartTime).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var limit = request.Limit is > 0 ? request.Limit.Value : DefaultPageSize;
        var page = Paging.Take(matches, limit, request.NextToken, "ds.ListADAssessments:" + request.DirectoryId, DsErrors.InvalidNextToken);
        return Task.FromResult(new ListADAssessmentsResult
        {
            Assessments = page.Items.Select(a => new AssessmentSummary
            {
                AssessmentId = a.Id,
                DirectoryId = a.DirectoryId,
                DnsName = a.DnsName,
                StartTime = a.StartTime,
                LastUpdateDateTime = a.LastUpdateDateTime,
                Status = a.Status,
                CustomerDnsIps = a.CustomerDnsIps.ToList(),
                ReportType = a.ReportType,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<DeleteADAssessmentResult> DeleteADAssessment(RequestContext context, DeleteADAssessmentRequest request, CancellationToken cancellationToken)
    {
        var assessment = GetAssessment(context, request.AssessmentId!);
        // Only customer-created assessments can be deleted, and not while they run.
        if (assessment.ReportType != AssessmentStatuses.Customer)
            throw DsErrors.Client($"Assessment {assessment.Id} was created by the service and cannot be deleted.");
        if (assessment.Status is AssessmentStatuses.Pending or AssessmentStatuses.InProgress)
            throw DsErrors.Client($"Assessment {assessment.Id} is {assessment.Status} and cannot be deleted until it completes.");
        Assessments.Delete(context.Scope, assessment.Id);
        return Task.FromResult(new DeleteADAssessmentResult { AssessmentId = assessment.Id });
    }

    private AssessmentRecord NewAssessment(RequestContext context, string? directoryId, string dnsName, IReadOnlyList<string> dnsIps,
        IReadOnlyList<string> instanceIds, string vpcId, IReadOnlyList<string> subnetIds, IReadOnlyList<string> securityGroupIds, string reportType)
    {
        lock (_assessmentGate)
        {
            if (reportType == AssessmentStatuses.Customer
                && Assessments.List(context.Scope).Count(a => a.ReportType == AssessmentStatuses.Customer) >= CustomerAssessmentsLimit)
                throw new AwsException(DirectoryServiceErrors.ADAssessmentLimitExceededException,
                    $"Your account has reached the limit of {CustomerAssessmentsLimit} CUSTOMER directory assessments. Delete assessments to free up capacity.");
            string id;
            do id = ids.Next("da-", 18, Ids.Hex); while (Assessments.Get(context.Scope, id) is not null);
            var now = time.GetUtcNow();
            var record = new AssessmentRecord(id, context.Scope, directoryId, dnsName, dnsIps.ToList(), instanceIds.ToList(), vpcId,
                subnetIds.ToList(), securityGroupIds.ToList(), reportType, AssessmentStatuses.Pending, now, now, now + options.Value.Transition);
            Assessments.Put(record);
            return record;
        }
    }

    private AssessmentRecord GetAssessment(RequestContext context, string assessmentId) =>
        Assessments.Get(context.Scope, assessmentId)
        ?? throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException, $"Assessment {assessmentId} does not exist.");
}
