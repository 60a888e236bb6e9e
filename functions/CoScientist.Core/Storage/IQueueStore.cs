namespace CoScientist.Core.Storage;

/// <summary>A received queue message, with what is needed to delete it or extend its lease.</summary>
public sealed record QueueItem(string Queue, string MessageId, string PopReceipt, string Body, long DequeueCount, DateTimeOffset InsertedAt);

/// <summary>
/// The queue port, shaped like Azure Queues: a received message is invisible for a visibility
/// timeout and comes back unless deleted; each receive raises its dequeue count.
/// </summary>
public interface IQueueStore
{
    Task SendAsync(string queue, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QueueItem>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    Task DeleteAsync(QueueItem item, CancellationToken cancellationToken = default);

    /// <summary>Makes the message visible again after <paramref name="visibilityTimeout"/>; returns the message with its new pop receipt.</summary>
    Task<QueueItem> ReleaseAsync(QueueItem item, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Messages in the queue, visible or not (approximate on Azure).</summary>
    Task<int> CountAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Reads messages without receiving them (for status reports of poison queues).</summary>
    Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default);
}
