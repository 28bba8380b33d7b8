using Microsoft.Extensions.Logging;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Lifecycle;

/// <summary>The one "advance every due record by one step" loop that the reconciler participants share.</summary>
public static class DueTransitions
{
    /// <summary>For every record whose <paramref name="dueAt"/> has passed, asks <paramref name="next"/> for its next
    /// version: null means the record is gone (removed by <paramref name="remove"/>, or deleted from the table), the same
    /// reference means nothing to do. Changes are stored optimistically — losing a race to a request is fine, the next
    /// tick sees the new record — and a change of <paramref name="status"/> is logged as one line.</summary>
    public static void Advance<T>(ResourceTable<T> table, DateTimeOffset now, Func<T, DateTimeOffset?> dueAt, Func<T, T?> next,
        Func<T, string> status, Func<T, string> describe, ILogger log, CancellationToken cancellationToken, Action<T>? remove = null)
        where T : class, IResource
    {
        foreach (var record in table.All().Where(r => dueAt(r) is { } due && due <= now).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var updated = next(record);
            if (updated is null)
            {
                if (remove is not null) remove(record);
                else table.Delete(record.Scope, record.Id);
                log.LogInformation("{What} {From} -> Deleted ({Scope})", describe(record), status(record), record.Scope);
            }
            else if (!ReferenceEquals(updated, record) && table.Replace(record, updated) && status(updated) != status(record))
                log.LogInformation("{What} {From} -> {To} ({Scope})", describe(record), status(record), status(updated), record.Scope);
        }
    }
}
