using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;

namespace CoScientist.Simulation.Tests.Fakes;

/// <summary>Delivers every message twice, as an at-least-once queue may.</summary>
internal sealed class DuplicatingQueueStore(TimeProvider time) : IQueueStore
{
    private readonly EmbeddedQueueStore _inner = new(time);

    public int Sent { get; private set; }

    public async Task SendAsync(string queue, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        Sent++;
        await _inner.SendAsync(queue, body, visibilityDelay, cancellationToken);
        await _inner.SendAsync(queue, body, visibilityDelay, cancellationToken);
    }

    public Task<IReadOnlyList<QueueItem>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        _inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

    public Task DeleteAsync(QueueItem item, CancellationToken cancellationToken = default) => _inner.DeleteAsync(item, cancellationToken);

    public Task<QueueItem> ReleaseAsync(QueueItem item, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        _inner.ReleaseAsync(item, visibilityTimeout, cancellationToken);

    public Task<int> CountAsync(string queue, CancellationToken cancellationToken = default) => _inner.CountAsync(queue, cancellationToken);

    public Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default) =>
        _inner.PeekAsync(queue, maxMessages, cancellationToken);
}
