using System.Security.Cryptography;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Hybrid AD: a Managed AD directory (Edition Hybrid) extending self-managed domain controllers, created
/// from a successful assessment, and its updates (admin secret, self-managed instances), Updating → Updated.</summary>
public sealed partial class DirectoryServiceHandlers
{
    public const string HybridEdition = "Hybrid";

    private ResourceTable<HybridUpdateRecord> HybridUpdates => store.Table<HybridUpdateRecord>(ResourceKinds.HybridUpdates);

    public override Task<CreateHybridADResult> CreateHybridAD(RequestContext context, CreateHybridADRequest request, CancellationToken cancellationToken)
    {
        var assessment = GetAssessment(context, request.AssessmentId!);
        if (assessment.Status != AssessmentStatuses.Success)
            throw DsErrors.InvalidParameter($"Assessment {assessment.Id} is {assessment.Status}; a hybrid directory needs a successful assessment.");
        if (assessment.DirectoryId is { } used && Directories.Get(context.Scope, used) is not null)
            throw DsErrors.Client($"Assessment {assessment.Id} was already used for directory {used}.");
        // A hybrid directory is a Managed AD directory of the Hybrid edition (DirectoryType has no hybrid value).
        // Difference from AWS: the secret is not read from Secrets Manager; the admin user gets a random password.
        var directory = Create(context, new DirectorySpec(DirectoryTypes.MicrosoftAD, assessment.DnsName, null, null, null, HybridEdition,
            assessment.VpcId, assessment.SubnetIds, null, request.Tags, RandomNumberGenerator.GetHexString(32) + "aA1!"));
        UpdateDirectory(context, directory.Id, d => d with
        {
            HybridSecretArn = request.SecretArn,
            HybridInstanceIds = assessment.InstanceIds,
            HybridDnsIps = assessment.CustomerDnsIps,
        });
        Assessments.Update(context.Scope, assessment.Id, a => a with { DirectoryId = directory.Id });
        return Task.FromResult(new CreateHybridADResult { DirectoryId = directory.Id });
    }

    public override Task<UpdateHybridADResult> UpdateHybridAD(RequestContext context, UpdateHybridADRequest request, CancellationToken cancellationToken)
    {
        var directory = GetHybridDirectory(context, request.DirectoryId!);
        if (request.HybridAdministratorAccountUpdate is null && request.SelfManagedInstancesSettings is null)
            throw DsErrors.InvalidParameter("Specify HybridAdministratorAccountUpdate or SelfManagedInstancesSettings.");
        RequireActive(directory, "a hybrid directory can only be updated when Active");
        var instances = request.SelfManagedInstancesSettings;
        if (instances is not null && (instances.CustomerDnsIps is not { Count: 2 } || instances.InstanceIds is not { Count: 2 }))
            throw DsErrors.InvalidParameter("SelfManagedInstancesSettings needs exactly two CustomerDnsIps and two InstanceIds.");
        lock (_updateGate)
        {
            if (HybridUpdates.List(context.Scope).Any(u => u.DirectoryId == directory.Id && u.Status == "Updating"))
                throw DsErrors.Client($"An update of hybrid directory {directory.Id} is already in progress.");
            // The service reassesses the environment as it will be after the update (a SYSTEM assessment).
            var assessment = NewAssessment(context, directory.Id, directory.Name, instances?.CustomerDnsIps ?? directory.HybridDnsIps ?? [],
                instances?.InstanceIds ?? directory.HybridInstanceIds ?? [], directory.VpcId, directory.SubnetIds,
                directory.SecurityGroupId is { } g ? [g] : [], AssessmentStatuses.System);
            var now = time.GetUtcNow();
            void Add(string type, IReadOnlyList<string>? newDns, IReadOnlyList<string>? newInstances, string? secret)
            {
                string id;
                do id = ids.Next("hu-", 10, Ids.Hex); while (HybridUpdates.Get(context.Scope, id) is not null);
                var isInstances = type == HybridUpdateTypes.SelfManagedInstances;
                HybridUpdates.Put(new HybridUpdateRecord(id, context.Scope, directory.Id, type, assessment.Id, "Updating", context.Account,
                    isInstances ? directory.HybridDnsIps : null, isInstances ? directory.HybridInstanceIds : null, newDns, newInstances, secret,
                    now, now, now + options.Value.Transition));
            }
            if (request.HybridAdministratorAccountUpdate is { } admin)
                Add(HybridUpdateTypes.HybridAdministratorAccount, null, null, admin.SecretArn);
            if (instances is not null)
                Add(HybridUpdateTypes.SelfManagedInstances, instances.CustomerDnsIps!.ToList(), instances.InstanceIds!.ToList(), null);
            return Task.FromResult(new UpdateHybridADResult { DirectoryId = directory.Id, AssessmentId = assessment.Id });
        }
    }

    public override Task<DescribeHybridADUpdateResult> DescribeHybridADUpdate(RequestContext context, DescribeHybridADUpdateRequest request, CancellationToken cancellationToken)
    {
        var directory = GetHybridDirectory(context, request.DirectoryId!);
        var matches = HybridUpdates.List(context.Scope)
            .Where(u => u.DirectoryId == directory.Id && (request.UpdateType is null || u.UpdateType == request.UpdateType))
            .OrderByDescending(u => u.StartTime).ThenBy(u => u.Id, StringComparer.Ordinal).ToList();
        var page = Paging.Take(matches, DefaultPageSize, request.NextToken,
            "ds.DescribeHybridADUpdate:" + directory.Id + ":" + request.UpdateType, DsErrors.InvalidNextToken);
        List<HybridUpdateInfoEntry> Entries(string type) => page.Items.Where(u => u.UpdateType == type).Select(u => new HybridUpdateInfoEntry
        {
            Status = u.Status,
            InitiatedBy = u.InitiatedBy,
            AssessmentId = u.AssessmentId,
            StartTime = u.StartTime,
            LastUpdatedDateTime = u.LastUpdatedDateTime,
            // The admin account's values are secrets: AWS reports them without DNS or instance values.
            NewValue = new HybridUpdateValue { DnsIps = u.NewDnsIps?.ToList(), InstanceIds = u.NewInstanceIds?.ToList() },
            PreviousValue = new HybridUpdateValue { DnsIps = u.PreviousDnsIps?.ToList(), InstanceIds = u.PreviousInstanceIds?.ToList() },
        }).ToList();
        return Task.FromResult(new DescribeHybridADUpdateResult
        {
            UpdateActivities = new HybridUpdateActivities
            {
                SelfManagedInstances = Entries(HybridUpdateTypes.SelfManagedInstances),
                HybridAdministratorAccount = Entries(HybridUpdateTypes.HybridAdministratorAccount),
            },
            NextToken = page.NextToken,
        });
    }

    private DirectoryRecord GetHybridDirectory(RequestContext context, string directoryId)
    {
        var directory = Directories.Get(context.Scope, directoryId)
            ?? throw new AwsException(DirectoryServiceErrors.DirectoryDoesNotExistException, $"Directory {directoryId} does not exist.");
        if (directory.Edition != HybridEdition)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, $"Directory {directoryId} is not a hybrid directory.");
        return directory;
    }
}
