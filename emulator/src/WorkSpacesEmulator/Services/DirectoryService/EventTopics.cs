using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>SNS topics that receive a directory's status notifications.</summary>
public sealed partial class DirectoryServiceHandlers
{
    private ResourceTable<EventTopicRecord> EventTopics => store.Table<EventTopicRecord>(ResourceKinds.DirectoryEventTopics);

    // Difference from AWS: the SNS topic is not looked up (Status is always Registered, never "Topic not found")
    // and no notifications are published.
    public override Task<RegisterEventTopicResult> RegisterEventTopic(RequestContext context, RegisterEventTopicRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        var name = request.TopicName!;
        // Registering the same topic again keeps the existing registration.
        if (EventTopics.Get(context.Scope, EventTopicRecord.KeyFor(directory.Id, name)) is null)
        {
            EventTopics.Put(new EventTopicRecord(EventTopicRecord.KeyFor(directory.Id, name), context.Scope, directory.Id, name,
                $"arn:aws:sns:{context.Region}:{context.Account}:{name}", "Registered", time.GetUtcNow()));
        }
        return Task.FromResult(new RegisterEventTopicResult());
    }

    public override Task<DeregisterEventTopicResult> DeregisterEventTopic(RequestContext context, DeregisterEventTopicRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (!EventTopics.Delete(context.Scope, EventTopicRecord.KeyFor(directory.Id, request.TopicName!)))
            throw new AwsException(DirectoryServiceErrors.EntityDoesNotExistException,
                $"Topic {request.TopicName} is not registered for directory {directory.Id}.");
        return Task.FromResult(new DeregisterEventTopicResult());
    }

    public override Task<DescribeEventTopicsResult> DescribeEventTopics(RequestContext context, DescribeEventTopicsRequest request, CancellationToken cancellationToken)
    {
        if (request.DirectoryId is { } directoryId) GetDirectory(context, directoryId);
        var names = request.TopicNames is { Count: > 0 } wanted ? wanted.ToHashSet(StringComparer.Ordinal) : null;
        var topics = EventTopics.List(context.Scope)
            .Where(t => (request.DirectoryId is null || t.DirectoryId == request.DirectoryId) && (names is null || names.Contains(t.TopicName)));
        return Task.FromResult(new DescribeEventTopicsResult
        {
            EventTopics = topics.Select(t => new EventTopic
            {
                DirectoryId = t.DirectoryId,
                TopicName = t.TopicName,
                TopicArn = t.TopicArn,
                CreatedDateTime = t.CreatedDateTime,
                Status = t.Status,
            }).ToList(),
        });
    }
}
