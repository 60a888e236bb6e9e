using CoScientist.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Azure;

/// <summary>Creates every table, queue (with its poison queue) and the payload container the pipeline uses; safe to run at every start.</summary>
public sealed partial class AzureStorageProvisioner(AzureStorageClients clients, ILogger<AzureStorageProvisioner>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>The queues created: every queue of <see cref="StorageNames.AllQueues"/> and its poison queue.</summary>
    public static IReadOnlyList<string> Queues { get; } =
        [.. StorageNames.AllQueues.SelectMany(q => new[] { q, q + StorageNames.PoisonSuffix })];

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var creations = new List<Task>();
        creations.AddRange(StorageNames.AllTables.Select(t => clients.GetTableClient(t).CreateIfNotExistsAsync(cancellationToken)));
        creations.AddRange(Queues.Select(q => clients.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        creations.Add(clients.GetPayloadContainer().CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        await Task.WhenAll(creations);
        LogProvisioned(_logger, StorageNames.AllTables.Count, Queues.Count, clients.Prefix);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {Tables} tables, {Queues} queues and the payload container (prefix '{Prefix}')")]
    private static partial void LogProvisioned(ILogger logger, int tables, int queues, string prefix);
}
