using System.Text.RegularExpressions;

namespace CoScientist.Hosting.Orchestration;

/// <summary>
/// How local hosts (<c>cosci run</c>, <c>worker</c>, <c>serve</c>, <c>resume</c>) run the runs'
/// orchestrations on the Durable Task Framework over Azure Storage (the <c>Orchestration</c> section).
/// The Azure Functions app sets the same things in host.json (<c>extensions.durableTask</c>).
/// The defaults are shorter than the framework's so that a killed worker costs seconds, not minutes.
/// </summary>
public sealed partial class OrchestrationOptions
{
    public const string SectionName = "Orchestration";

    /// <summary>
    /// The task hub: its queues and tables in the storage account. Empty means <c>cosci{prefix}local</c>,
    /// never the deployed app's <c>CoScientistHub</c>, so a laptop pointed at the deployment's account
    /// does not take the app's orchestrations. Letters and digits, starting with a letter, 3 to 45.
    /// </summary>
    public string TaskHub { get; set; } = "";

    /// <summary>
    /// Longest wait between polls of an idle task-hub queue. Polling backs off to this when nothing
    /// comes, so it bounds the delay a round's completion waits before the next plan; each poll of each
    /// queue is one storage transaction.
    /// </summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Control queues (partitions) of the task hub; competing workers share them by leases.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>How long a worker's lease on a partition lasts unrenewed: how long a killed worker's orchestrations wait for another.</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a dequeued orchestration message stays hidden: a worker killed just after an activity
    /// ended leaves its orchestration waiting this long (the framework's default is five minutes). It
    /// must outlast an orchestrator turn on a busy machine, or two workers replay the same turn.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a dequeued activity stays hidden: a killed activity runs again after this. The framework
    /// renews it 30 s before it runs out, so it must be over 30 s (one minute; the framework's default is five).
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest wait for one read or write of the partition table, through which workers share the task
    /// hub's partitions. The framework's 2 s is too short for a storage emulator on a busy machine.
    /// </summary>
    public TimeSpan PartitionTableTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The task hub name in use for a storage prefix.</summary>
    public string TaskHubFor(string storagePrefix) =>
        string.IsNullOrWhiteSpace(TaskHub) ? $"cosci{storagePrefix}local" : TaskHub;

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(TaskHub) && !TaskHubName().IsMatch(TaskHub))
        {
            yield return $"{SectionName}:TaskHub '{TaskHub}' must be 3 to 45 letters and digits, starting with a letter.";
        }

        if (string.Equals(TaskHub, DeployedTaskHub, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{SectionName}:TaskHub must not be the deployed app's task hub ({DeployedTaskHub}): a local worker would take its orchestrations.";
        }

        if (MaxPollingInterval < TimeSpan.FromMilliseconds(100) || MaxPollingInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{SectionName}:MaxPollingInterval must be between 100 ms and one minute.";
        }

        if (PartitionCount is < 1 or > 16)
        {
            yield return $"{SectionName}:PartitionCount must be between 1 and 16.";
        }

        if (LeaseInterval < TimeSpan.FromSeconds(5) || ControlQueueVisibilityTimeout < TimeSpan.FromSeconds(5) || PartitionTableTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"{SectionName}:LeaseInterval and ControlQueueVisibilityTimeout must be at least 5 seconds, PartitionTableTimeout at least 1 second.";
        }

        if (WorkItemVisibilityTimeout <= TimeSpan.FromSeconds(40))
        {
            yield return $"{SectionName}:WorkItemVisibilityTimeout must be over 40 seconds: the framework renews a running activity 30 seconds before it runs out.";
        }
    }

    /// <summary>The task hub of the Azure Functions app (host.json <c>extensions.durableTask.hubName</c>).</summary>
    public const string DeployedTaskHub = "CoScientistHub";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubName();
}
