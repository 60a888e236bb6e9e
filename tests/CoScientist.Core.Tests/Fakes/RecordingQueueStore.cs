using System.Collections.Concurrent;
using CoScientist.Core.Storage;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>A queue store that records receives and lease updates, and can fail the next receives.</summary>
public sealed class RecordingQueueStore(IQueueStore inner) : IQueueStore
{
    private int _failuresToInject;

    /// <summary>Each receive: the queue, how many messages were asked for and how many came.</summary>
    public ConcurrentQueue<(string Queue, int Asked, int Got)> Receives { get; } = new();

    /// <summary>Each visibility update: the message and the new timeout.</summary>
    public ConcurrentQueue<(string MessageId, TimeSpan Visibility)> Releases { get; } = new();

    public void FailNextReceives(int count) => Volatile.Write(ref _failuresToInject, count);

    public Task SendAsync(string queue, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default) =>
        inner.SendAsync(queue, body, visibilityDelay, cancellationToken);

    public async Task<IReadOnlyList<QueueItem>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Decrement(ref _failuresToInject) >= 0)
        {
            throw new IOException("storage unreachable (injected)");
        }

        var items = await inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);
        Receives.Enqueue((queue, maxMessages, items.Count));
        return items;
    }

    public Task DeleteAsync(QueueItem item, CancellationToken cancellationToken = default) => inner.DeleteAsync(item, cancellationToken);

    public async Task<QueueItem> ReleaseAsync(QueueItem item, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var released = await inner.ReleaseAsync(item, visibilityTimeout, cancellationToken);

        // Recorded once the new timeout holds, so a test that sees the release can rely on it.
        Releases.Enqueue((item.MessageId, visibilityTimeout));
        return released;
    }

    public Task<int> CountAsync(string queue, CancellationToken cancellationToken = default) => inner.CountAsync(queue, cancellationToken);

    public Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default) =>
        inner.PeekAsync(queue, maxMessages, cancellationToken);
}
