using System.Globalization;

namespace CoScientist.Core.Storage.Embedded;

/// <summary>The in-process queue store used by default: visibility timeouts and dequeue counts as in Azure Queues, on an injected clock.</summary>
public sealed class EmbeddedQueueStore(TimeProvider time) : IQueueStore
{
    private readonly Dictionary<string, List<StoredMessage>> _queues = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _sequence;

    public Task SendAsync(string queue, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var id = (++_sequence).ToString("D12", CultureInfo.InvariantCulture);
            Queue(queue).Add(new StoredMessage(id, body, now, now + (visibilityDelay ?? TimeSpan.Zero)));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueItem>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var items = new List<QueueItem>();
            foreach (var message in Queue(queue))
            {
                if (items.Count >= maxMessages)
                {
                    break;
                }

                if (message.VisibleAt > now)
                {
                    continue;
                }

                message.DequeueCount++;
                message.PopReceipt = (++_sequence).ToString("x", CultureInfo.InvariantCulture);
                message.VisibleAt = now + visibilityTimeout;
                items.Add(message.ToItem(queue));
            }

            return Task.FromResult<IReadOnlyList<QueueItem>>(items);
        }
    }

    public Task DeleteAsync(QueueItem item, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Queue(item.Queue).RemoveAll(m => m.Id == item.MessageId && m.PopReceipt == item.PopReceipt);
        }

        return Task.CompletedTask;
    }

    public Task<QueueItem> ReleaseAsync(QueueItem item, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var message = Queue(item.Queue).Find(m => m.Id == item.MessageId && m.PopReceipt == item.PopReceipt)
                ?? throw new InvalidOperationException($"Message {item.MessageId} in {item.Queue} is no longer held by this receiver.");
            message.PopReceipt = (++_sequence).ToString("x", CultureInfo.InvariantCulture);
            message.VisibleAt = time.GetUtcNow() + visibilityTimeout;
            return Task.FromResult(message.ToItem(item.Queue));
        }
    }

    public Task<int> CountAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Queue(queue).Count);
        }
    }

    public Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. Queue(queue).Take(maxMessages).Select(m => m.Body)]);
        }
    }

    private List<StoredMessage> Queue(string name)
    {
        if (!_queues.TryGetValue(name, out var list))
        {
            list = [];
            _queues[name] = list;
        }

        return list;
    }

    private sealed class StoredMessage(string id, string body, DateTimeOffset insertedAt, DateTimeOffset visibleAt)
    {
        public string Id { get; } = id;

        public string Body { get; } = body;

        public DateTimeOffset InsertedAt { get; } = insertedAt;

        public DateTimeOffset VisibleAt { get; set; } = visibleAt;

        public long DequeueCount { get; set; }

        public string PopReceipt { get; set; } = "";

        public QueueItem ToItem(string queue) => new(queue, Id, PopReceipt, Body, DequeueCount, InsertedAt);
    }
}
