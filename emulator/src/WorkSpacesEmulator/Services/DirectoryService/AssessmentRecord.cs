using WorkSpacesEmulator.Lifecycle;
using Microsoft.Extensions.Logging;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>A directory assessment of a self-managed AD environment (StartADAssessment, or one the service starts
/// for UpdateHybridAD). <c>DirectoryId</c> is set once a hybrid directory uses or is assessed by it.</summary>
public sealed record AssessmentRecord(
    string Id,
    string Scope,
    string? DirectoryId,
    string DnsName,
    IReadOnlyList<string> CustomerDnsIps,
    IReadOnlyList<string> InstanceIds,
    string VpcId,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds,
    string ReportType,         // CUSTOMER | SYSTEM
    string Status,             // Pending | InProgress | Success
    DateTimeOffset StartTime,
    DateTimeOffset LastUpdateDateTime,
    DateTimeOffset? NextTransitionAt) : IResource;

public static class AssessmentStatuses
{
    public const string Pending = "Pending";
    public const string InProgress = "InProgress";
    public const string Success = "Success";
    public const string Failed = "Failed";

    public const string Customer = "CUSTOMER";
    public const string System = "SYSTEM";

    /// <summary>The emulator's fixed assessment version.</summary>
    public const string Version = "1.0";

    /// <summary>The checks every assessment reports for each domain controller, as (Category, Name). They mirror the
    /// prerequisites of hybrid AD in the AWS documentation: DNS resolution, the AD ports, SSM management of the
    /// instances and the domain's functional level.
    /// Difference from AWS: nothing is contacted, so every check passes and the set never varies.</summary>
    public static readonly IReadOnlyList<(string Category, string Name)> Checks =
    [
        ("DNS", "DNS resolution of the domain"),
        ("Network", "Connectivity on the Active Directory ports"),
        ("Network", "Reachability from the Amazon VPC subnets"),
        ("SSM", "Instance is an SSM managed node"),
        ("ActiveDirectory", "Domain controller is healthy"),
        ("ActiveDirectory", "Domain functional level is supported"),
    ];
}

/// <summary>Assessments as a pure function: Pending → InProgress → Success, each after <c>transition</c>.</summary>
public static class AssessmentStateMachine
{
    public static AssessmentRecord Next(AssessmentRecord assessment, DateTimeOffset now, TimeSpan transition)
    {
        if (assessment.NextTransitionAt is not { } due || due > now) return assessment;
        return assessment.Status switch
        {
            AssessmentStatuses.Pending => assessment with { Status = AssessmentStatuses.InProgress, LastUpdateDateTime = now, NextTransitionAt = now + transition },
            // Difference from AWS: assessments always succeed (see AssessmentStatuses.Checks).
            AssessmentStatuses.InProgress => assessment with { Status = AssessmentStatuses.Success, LastUpdateDateTime = now, NextTransitionAt = null },
            _ => assessment with { NextTransitionAt = null },
        };
    }
}

/// <summary>One activity of UpdateHybridAD (HybridAdministratorAccount or SelfManagedInstances): Updating → Updated.</summary>
public sealed record HybridUpdateRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string UpdateType,         // ds HybridUpdateType
    string AssessmentId,
    string Status,             // ds UpdateStatus
    string InitiatedBy,
    IReadOnlyList<string>? PreviousDnsIps,
    IReadOnlyList<string>? PreviousInstanceIds,
    IReadOnlyList<string>? NewDnsIps,
    IReadOnlyList<string>? NewInstanceIds,
    string? NewSecretArn,
    DateTimeOffset StartTime,
    DateTimeOffset LastUpdatedDateTime,
    DateTimeOffset? NextTransitionAt) : IResource;

public static class HybridUpdateTypes
{
    public const string SelfManagedInstances = "SelfManagedInstances";
    public const string HybridAdministratorAccount = "HybridAdministratorAccount";
}

/// <summary>The reconciler's share of assessments and hybrid updates; called from <see cref="DirectoryDependents"/>.</summary>
internal static class HybridAdLifecycle
{
    public static void Reconcile(Store store, DateTimeOffset now, TimeSpan transition, ILogger log, CancellationToken cancellationToken)
    {
        var assessments = store.Table<AssessmentRecord>(ResourceKinds.DirectoryAssessments);
        DueTransitions.Advance(assessments, now, a => a.NextTransitionAt, a => AssessmentStateMachine.Next(a, now, transition),
            a => a.Status, a => $"assessment {a.Id}", log, cancellationToken);
        var updates = store.Table<HybridUpdateRecord>(ResourceKinds.HybridUpdates);
        var directories = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        foreach (var update in updates.All().Where(u => u.NextTransitionAt is { } due && due <= now).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The update completes with its assessment; the directory takes the new values first.
            var assessment = assessments.Get(update.Scope, update.AssessmentId);
            if (assessment is { Status: not AssessmentStatuses.Success }) continue;
            directories.Update(update.Scope, update.DirectoryId, d => update.UpdateType == HybridUpdateTypes.SelfManagedInstances
                ? d with { HybridDnsIps = update.NewDnsIps, HybridInstanceIds = update.NewInstanceIds, DnsIpAddrs = update.NewDnsIps ?? d.DnsIpAddrs }
                : d with { HybridSecretArn = update.NewSecretArn ?? d.HybridSecretArn });
            if (updates.Replace(update, update with { Status = "Updated", LastUpdatedDateTime = now, NextTransitionAt = null }))
                log.LogInformation("hybrid update {Id} of {Directory} {Type} -> Updated ({Scope})", update.Id, update.DirectoryId, update.UpdateType, update.Scope);
        }
    }

    /// <summary>Deletes a removed directory's update activities and the SYSTEM assessments made for it.</summary>
    public static void RemoveFor(Store store, DirectoryRecord directory)
    {
        var updates = store.Table<HybridUpdateRecord>(ResourceKinds.HybridUpdates);
        foreach (var update in updates.List(directory.Scope).Where(u => u.DirectoryId == directory.Id).ToList())
            updates.Delete(directory.Scope, update.Id);
        var assessments = store.Table<AssessmentRecord>(ResourceKinds.DirectoryAssessments);
        foreach (var assessment in assessments.List(directory.Scope).Where(a => a.DirectoryId == directory.Id && a.ReportType == AssessmentStatuses.System).ToList())
            assessments.Delete(directory.Scope, assessment.Id);
    }
}
