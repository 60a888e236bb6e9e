using CoScientist.Core.Storage;

namespace CoScientist.Testing.Storage;

/// <summary>Sends every message twice, as an at-least-once queue may deliver it: duplicates at their worst.</summary>
public sealed class DuplicatingQueueStore(IQueueStore inner) : IQueueStore
{
    private int _sent;

    /// <summary>Messages the caller sent (each stored twice).</summary>
    public int Sent => Volatile.Read(ref _sent);

    public async Task SendAsync(string queue, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        await inner.SendAsync(queue, body, visibilityDelay, cancellationToken);
        await inner.SendAsync(queue, body, visibilityDelay, cancellationToken);
        Interlocked.Increment(ref _sent);
    }

    public Task<IReadOnlyList<QueueItem>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

    public Task DeleteAsync(QueueItem item, CancellationToken cancellationToken = default) => inner.DeleteAsync(item, cancellationToken);

    public Task<QueueItem> ReleaseAsync(QueueItem item, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        inner.ReleaseAsync(item, visibilityTimeout, cancellationToken);

    public Task<int> CountAsync(string queue, CancellationToken cancellationToken = default) => inner.CountAsync(queue, cancellationToken);

    public Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default) =>
        inner.PeekAsync(queue, maxMessages, cancellationToken);
}
