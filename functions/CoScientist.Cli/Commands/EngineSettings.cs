using System.CommandLine;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Messaging;

namespace CoScientist.Cli.Commands;

/// <summary>
/// How a command composes the engine: which model, which storage, how many steps at once, which
/// queues. Shared by <c>run</c>, <c>start</c>, <c>worker</c>, <c>resume</c>, <c>status</c> and <c>export</c>.
/// </summary>
internal sealed record EngineSettings
{
    public static readonly Option<string?> Storage = new("--storage")
    {
        Description = "Azure Storage connection string (\"UseDevelopmentStorage=true\" for Azurite). Default: the Storage settings, else (for run) in memory.",
    };

    public static readonly Option<int?> SimulatedLatencyMs = new("--simulated-latency-ms")
    {
        Description = "Make each simulated model call take this many milliseconds (to study or interrupt a run).",
    };

    public static readonly Option<string[]> Queues = new("--queues")
    {
        Description = "Queues this worker takes, by agent or queue name (default: all). E.g. --queues generation reflection.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    public LlmProvider? Provider { get; init; }

    /// <summary>The connection string from --storage; never printed, it may hold a key.</summary>
    public string? StorageConnection { get; init; }

    public int? Concurrency { get; init; }

    /// <summary>Use the in-memory store even when storage is configured (rehearsals).</summary>
    public bool InMemory { get; init; }

    public int? SimulatedLatencyMilliseconds { get; init; }

    public IReadOnlyList<string> QueueNames { get; init; } = [];

    public static string? ReadStorage(ParseResult parse)
    {
        var storage = parse.GetValue(Storage);
        if (storage is not null && string.IsNullOrWhiteSpace(storage))
        {
            throw new UsageException("--storage is empty: give a connection string, e.g. \"UseDevelopmentStorage=true\".");
        }

        return storage?.Trim();
    }

    public static int? ReadLatency(ParseResult parse)
    {
        var latency = parse.GetValue(SimulatedLatencyMs);
        if (latency is < 0 or > 600_000)
        {
            throw new UsageException($"--simulated-latency-ms must be between 0 and 600000 (got {latency}).");
        }

        return latency;
    }

    /// <summary>Accepts queue names (cosci-ranking) and agent names (ranking, meta-review).</summary>
    public static IReadOnlyList<string> ReadQueues(ParseResult parse)
    {
        var names = parse.GetValue(Queues) ?? [];
        var queues = new List<string>();
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var normalized = name.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal);
            var queue = StorageNames.AllQueues.FirstOrDefault(q =>
                string.Equals(q, name, StringComparison.OrdinalIgnoreCase) || q["cosci-".Length..].Replace("-", "", StringComparison.Ordinal) == normalized);
            if (queue is null)
            {
                throw new UsageException($"--queues: '{name}' is not a queue; use {string.Join(", ", StorageNames.AllQueues.Select(q => q["cosci-".Length..]))}.");
            }

            if (!queues.Contains(queue))
            {
                queues.Add(queue);
            }
        }

        return queues;
    }

    public static int? ReadConcurrency(ParseResult parse, Option<int?> option)
    {
        var concurrency = parse.GetValue(option);
        if (concurrency is <= 0 or > 256)
        {
            throw new UsageException($"--concurrency must be between 1 and 256 (got {concurrency}).");
        }

        return concurrency;
    }
}
