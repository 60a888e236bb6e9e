using CoScientist.Core.Messaging;

namespace CoScientist.Hosting.Local;

/// <summary>
/// Queue-trigger settings of the local host, mirroring the Azure Functions host.json queue
/// settings (<c>batchSize</c>, <c>newBatchThreshold</c>, <c>maxDequeueCount</c>,
/// <c>visibilityTimeout</c>, <c>maxPollingInterval</c>).
/// </summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>Azure Queues hands out at most 32 messages per receive.</summary>
    public const int MaxBatchSize = 32;

    /// <summary>Agent steps handled at once by this process, across all queues.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Messages fetched from one queue in one receive (Functions' batchSize).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// A queue is polled for a new batch once its messages in flight drop to this many
    /// (Functions' newBatchThreshold); null means half the batch size, as in Functions.
    /// </summary>
    public int? NewBatchThreshold { get; set; }

    /// <summary>The queues this process listens to; empty means all of them (a worker may take a subset).</summary>
    public IList<string> Queues { get; set; } = [];

    /// <summary>Deliveries of one message before it goes to the poison queue (Functions' maxDequeueCount).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// How long a received message stays invisible while its step runs. The host renews the lease
    /// at half this time, so only a crashed process lets a message reappear.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay before a failed message is visible again (Functions' visibilityTimeout on failure).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between polls of an empty queue (Functions' maxPollingInterval).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// On shutdown (Ctrl-C, SIGTERM, the work done), how long steps already running may take to finish
    /// before they are abandoned: a step cut off has paid for model calls that its redelivery pays for
    /// again. Zero abandons them at once. Stays under the web host's 30-second shutdown limit.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? (BatchSize / 2);

    /// <summary>The queues to listen to, in a fixed order.</summary>
    public IReadOnlyList<string> ListenedQueues => Queues.Count == 0 ? StorageNames.AllQueues : [.. Queues];

    public IEnumerable<string> Validate()
    {
        const string Section = SectionName;
        if (Concurrency is < 1 or > 256)
        {
            yield return $"{Section}:Concurrency must be between 1 and 256 (got {Concurrency}).";
        }

        if (BatchSize is < 1 or > MaxBatchSize)
        {
            yield return $"{Section}:BatchSize must be between 1 and {MaxBatchSize} (got {BatchSize}).";
        }

        if (NewBatchThreshold is < 0)
        {
            yield return $"{Section}:NewBatchThreshold must not be negative (got {NewBatchThreshold}).";
        }

        foreach (var queue in Queues.Where(q => !StorageNames.AllQueues.Contains(q)))
        {
            yield return $"{Section}:Queues: '{queue}' is not a co-scientist queue (use {string.Join(", ", StorageNames.AllQueues)}).";
        }

        if (MaxDequeueCount < 1)
        {
            yield return $"{Section}:MaxDequeueCount must be at least 1 (got {MaxDequeueCount}).";
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:VisibilityTimeout must be at least one second (got {VisibilityTimeout}).";
        }

        if (ShutdownGrace < TimeSpan.Zero || ShutdownGrace > TimeSpan.FromSeconds(25))
        {
            yield return $"{Section}:ShutdownGrace must be between 0 and 25 seconds, inside the host's 30-second shutdown limit (got {ShutdownGrace}).";
        }

        if (RetryDelay < TimeSpan.Zero || MaxPollingInterval <= TimeSpan.Zero)
        {
            yield return $"{Section}:RetryDelay must not be negative and MaxPollingInterval must be positive.";
        }
    }
}
