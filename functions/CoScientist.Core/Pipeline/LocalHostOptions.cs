namespace CoScientist.Pipeline;

/// <summary>Queue-trigger settings of the local host, mirroring the Azure Functions host.json queue settings.</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>Messages handled at once across all queues.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Deliveries of one message before it goes to the poison queue (Functions' maxDequeueCount).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a received message stays invisible while its step runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay before a failed message is visible again (Functions' visibilityTimeout on failure).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between polls of an empty queue (Functions' maxPollingInterval).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
