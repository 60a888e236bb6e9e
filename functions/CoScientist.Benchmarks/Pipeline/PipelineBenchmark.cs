using CoScientist.Hosting;
using CoScientist.Hosting.Local;
using CoScientist.Hosting.Results;
using CoScientist.Core;
using System.Diagnostics;
using System.Globalization;
using CoScientist.Azure;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Benchmarks.Pipeline;

/// <summary>What <c>cosci bench pipeline</c> measures, and on which storage.</summary>
/// <param name="Storage">The storage account (Azurite or Azure); each run gets tables and queues of its own, removed afterwards.</param>
/// <param name="Proposals">Proposals per run.</param>
/// <param name="LatencyMs">Simulated model latency per call.</param>
/// <param name="Concurrencies">Steps at once, one run each.</param>
/// <param name="Seed">Seed of every run (the same run at each concurrency).</param>
public sealed record PipelineBenchmarkSettings(
    AzureStorageOptions Storage,
    int Proposals = 8,
    int LatencyMs = 300,
    IReadOnlyList<int>? Concurrencies = null,
    int Seed = 7,
    bool Json = false)
{
    public static readonly IReadOnlyList<int> DefaultConcurrencies = [1, 4, 8];

    public IReadOnlyList<int> EffectiveConcurrencies => Concurrencies is { Count: > 0 } c ? c : DefaultConcurrencies;
}

/// <summary>One run of the benchmark at one concurrency.</summary>
/// <param name="IdealSeconds">
/// Wall time with zero orchestration cost and perfect scheduling: per round, the longer of its
/// longest step's model time and its total model time spread over the workers, summed over rounds.
/// </param>
public sealed record PipelineRun(
    int Concurrency,
    string Status,
    int AgentSteps,
    int Rounds,
    double WallSeconds,
    double ModelSeconds,
    double IdealSeconds,
    double ParallelEfficiency,
    double StepsPerSecond,
    double OverheadMsMedian,
    double OverheadMsP95,
    double OrchestrationMsPerRound);

/// <summary>The benchmark's figures; the headline ones come from the run at the highest concurrency.</summary>
public sealed record PipelineReport(
    string Storage,
    int Proposals,
    int LatencyMs,
    double StepsPerSecond,
    double OverheadMsMedian,
    double OverheadMsP95,
    IReadOnlyDictionary<string, double> ParallelEfficiency,
    IReadOnlyList<PipelineRun> Runs);

/// <summary>Simulated runs over real storage, timed step by step.</summary>
public static class PipelineBenchmark
{
    private const string Goal = "Propose drugs approved for other indications that could be repurposed to treat acute myeloid leukemia";

    public static async Task<PipelineReport> RunAsync(PipelineBenchmarkSettings settings, Func<string, Task>? progress = null, CancellationToken cancellationToken = default)
    {
        var runs = new List<PipelineRun>();
        foreach (var concurrency in settings.EffectiveConcurrencies)
        {
            if (progress is not null)
            {
                await progress($"concurrency {concurrency}: a {settings.Proposals}-proposal run with {settings.LatencyMs} ms per model call…");
            }

            runs.Add(await RunOnceAsync(settings, concurrency, cancellationToken));
        }

        var headline = runs.MaxBy(r => r.Concurrency)!;
        return new PipelineReport(
            settings.Storage.UsesServiceUris ? "service URIs" : "connection string",
            settings.Proposals,
            settings.LatencyMs,
            headline.StepsPerSecond,
            headline.OverheadMsMedian,
            headline.OverheadMsP95,
            runs.ToDictionary(r => r.Concurrency.ToString(CultureInfo.InvariantCulture), r => r.ParallelEfficiency, StringComparer.Ordinal),
            runs);
    }

    private static async Task<PipelineRun> RunOnceAsync(PipelineBenchmarkSettings settings, int concurrency, CancellationToken cancellationToken)
    {
        var storage = new AzureStorageOptions
        {
            ConnectionString = settings.Storage.ConnectionString,
            TableServiceUri = settings.Storage.TableServiceUri,
            QueueServiceUri = settings.Storage.QueueServiceUri,
            BlobServiceUri = settings.Storage.BlobServiceUri,
            Prefix = "bench" + Guid.NewGuid().ToString("N")[..10],
            NetworkTimeout = settings.Storage.NetworkTimeout,
            MaxRetries = settings.Storage.MaxRetries,
        };
        var timings = new StepTimings();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(StepTimings.Wrap(new SimulatedModelProvider(new SimulationOptions { LatencyMs = settings.LatencyMs })));
        services.AddSingleton<IMessageObserver>(timings);
        services.Configure<LocalHostOptions>(o => o.Concurrency = concurrency);
        services.AddAzureStorage(storage);
        services.AddCoScientistEngine().AddLocalPipeline();
        await using var provider = services.BuildServiceProvider();
        var clients = provider.GetRequiredService<AzureStorageClients>();
        await provider.GetRequiredService<AzureStorageProvisioner>().EnsureCreatedAsync(cancellationToken);
        try
        {
            var request = new RunRequest(ResearchGoal.Of(Goal), new RunBudget(settings.Proposals), settings.Seed);
            var clock = Stopwatch.StartNew();
            var run = await provider.GetRequiredService<LocalRunner>().RunAsync(request, cancellationToken: cancellationToken);
            var wall = clock.Elapsed;
            return Summarize(concurrency, run.Status, wall, timings.All);
        }
        finally
        {
            await RemoveAsync(clients, CancellationToken.None);
        }
    }

    /// <summary>Turns the step timings of one run into its figures.</summary>
    public static PipelineRun Summarize(int concurrency, RunStatus status, TimeSpan wall, IReadOnlyList<StepTiming> timings)
    {
        // A redelivered step counts once, with its longest model time.
        var steps = timings.Where(t => t.IsAgentStep)
            .GroupBy(t => t.TaskId!, StringComparer.Ordinal)
            .Select(g => g.MaxBy(t => t.ModelTime)!)
            .ToList();
        // The orchestration's own latency per round: from the end of a round's last step to the start of the
        // next round's first (reporting the round, the orchestration's turn, planning, and the queue pickup).
        var rounds = steps.Where(t => t.Round is not null).GroupBy(t => t.Round!.Value).OrderBy(g => g.Key).ToList();
        var gaps = rounds.Zip(rounds.Skip(1), (done, next) => (next.Min(t => t.StartedAt) - done.Max(t => t.EndedAt)).TotalMilliseconds).ToList();
        var ideal = steps
            .GroupBy(t => t.Round ?? 0)
            .Sum(round => Math.Max(round.Max(t => t.ModelTime.TotalSeconds), round.Sum(t => t.ModelTime.TotalSeconds) / concurrency));
        var overheads = steps.Select(t => t.Overhead.TotalMilliseconds).ToList();
        return new PipelineRun(
            concurrency,
            status.ToString().ToLowerInvariant(),
            steps.Count,
            rounds.Count,
            Math.Round(wall.TotalSeconds, 2),
            Math.Round(steps.Sum(t => t.ModelTime.TotalSeconds), 2),
            Math.Round(ideal, 2),
            wall > TimeSpan.Zero ? Math.Round(ideal / wall.TotalSeconds, 3) : 0,
            wall > TimeSpan.Zero ? Math.Round(steps.Count / wall.TotalSeconds, 2) : 0,
            Math.Round(Percentile(overheads, 0.5), 1),
            Math.Round(Percentile(overheads, 0.95), 1),
            Math.Round(Percentile(gaps, 0.5), 1));
    }

    /// <summary>The nearest-rank percentile (0 for no values).</summary>
    public static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static async Task RemoveAsync(AzureStorageClients clients, CancellationToken cancellationToken)
    {
        var removals = new List<Task>();
        removals.AddRange(StorageNames.AllTables.Select(t => clients.GetTableClient(t).DeleteAsync(cancellationToken)));
        removals.AddRange(AzureStorageProvisioner.Queues.Select(q => clients.GetQueueClient(q).DeleteIfExistsAsync(cancellationToken)));
        removals.Add(clients.GetPayloadContainer().DeleteIfExistsAsync(cancellationToken: cancellationToken));
        await Task.WhenAll(removals);
    }
}
