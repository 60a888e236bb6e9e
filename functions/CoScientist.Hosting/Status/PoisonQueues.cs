using System.Text.Json;
using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Hosting.Status;


/// <summary>Reads the poison queues without taking messages off them.</summary>
public sealed class PoisonQueues(IQueueStore queues)
{
    /// <summary>Azure Queues peeks at most 32 messages.</summary>
    public const int PeekLimit = 32;

    public async Task<PoisonSummary> SummarizeAsync(string runId, CancellationToken cancellationToken = default)
    {
        var byQueue = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var unreadable = 0;
        var truncated = false;
        foreach (var queue in StorageNames.AllQueues)
        {
            var poison = queue + StorageNames.PoisonSuffix;
            var bodies = await queues.PeekAsync(poison, PeekLimit, cancellationToken);
            truncated |= bodies.Count >= PeekLimit;
            foreach (var body in bodies)
            {
                var named = RunIdOf(body);
                if (named is null)
                {
                    unreadable++;
                }
                else if (named == runId)
                {
                    byQueue[poison] = byQueue.GetValueOrDefault(poison) + 1;
                }
            }
        }

        return new PoisonSummary(byQueue.Values.Sum(), byQueue, unreadable, truncated);
    }

    /// <summary>The run a message body names, or null when the body is not a message at all.</summary>
    public static string? RunIdOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("runId", out var id)
                && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
