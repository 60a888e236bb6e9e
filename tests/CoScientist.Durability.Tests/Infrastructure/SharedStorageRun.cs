using System.Text.Json;
using CoScientist.Azure;
using CoScientist.Cli;
using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Durability.Tests.Infrastructure;

/// <summary>
/// One test's slice of an Azurite account (its own name prefix) with the settings every process
/// of the test shares: short leases, rescues and task-hub timeouts, so that crashed work comes back in seconds.
/// </summary>
internal sealed class SharedStorageRun
{
    public const string Goal = "Propose drugs approved for other indications that could be repurposed to treat acute myeloid leukemia";

    private readonly Dictionary<string, string> _settings;

    public SharedStorageRun(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        ConnectionString = connectionString;
        Prefix = AzuriteFixture.UniquePrefix();
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage:Prefix"] = Prefix,
            ["LocalHost:VisibilityTimeout"] = "00:00:04",
            ["LocalHost:RetryDelay"] = "00:00:00.200",
            ["LocalHost:MaxPollingInterval"] = "00:00:00.250",
            ["Supervisor:TaskLease"] = "00:00:06",
            ["Supervisor:RescueInterval"] = "00:00:02",
            ["Orchestration:MaxPollingInterval"] = "00:00:00.250",
            ["Orchestration:PartitionCount"] = "2",
            ["Orchestration:LeaseInterval"] = "00:00:10",
            ["Orchestration:ControlQueueVisibilityTimeout"] = "00:00:15",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }

        var clients = AzureStorageClients.Create(new AzureStorageOptions { ConnectionString = connectionString, Prefix = Prefix });
        Store = new RunStore(new AzureTableStore(clients));
        Queues = new AzureQueueStore(clients);
    }

    public string ConnectionString { get; }

    public string Prefix { get; }

    public RunStore Store { get; }

    public IQueueStore Queues { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Runs <c>cosci</c> in this process with the shared settings and --storage.</summary>
    public async Task<(int Exit, string Out, string Error)> CosciAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = _settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        settings["Llm:Provider"] = "";
        var exit = await CosciApp.InvokeAsync([.. args, "--storage", ConnectionString], new CliEnvironment(output, error, settings, Interactive: false), Ct);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary><c>cosci start</c>: the run id.</summary>
    public async Task<string> StartAsync(int proposals, int seed, params string[] extra)
    {
        var (exit, output, error) = await CosciAsync(["start", "--goal", Goal, "--max-proposals", $"{proposals}", "--seed", $"{seed}", "--json", .. extra]);
        Assert.True(exit == 0, $"cosci start exited {exit}: {error}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("runId").GetString()!;
    }

    /// <summary>A <c>cosci worker</c> process on this storage.</summary>
    public CosciProcess Worker(int concurrency, int latencyMs, params string[] extra) => Worker(concurrency, latencyMs, null, extra);

    /// <summary>A <c>cosci worker</c> process on this storage, with settings of its own on top of the shared ones.</summary>
    public CosciProcess Worker(int concurrency, int latencyMs, IReadOnlyDictionary<string, string>? settings, params string[] extra)
    {
        var environment = _settings.Concat(settings ?? new Dictionary<string, string>())
            .GroupBy(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal))
            .ToDictionary(g => g.Key, g => g.Last().Value);
        return CosciProcess.Start(
            environment,
            ["worker", "--storage", ConnectionString, "--concurrency", $"{concurrency}", "--simulated-latency-ms", $"{latencyMs}", .. extra]);
    }

    /// <summary>A <c>cosci serve</c> process on this storage.</summary>
    public CosciProcess Serve(string url) =>
        CosciProcess.Start(
            _settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value),
            ["serve", "--storage", ConnectionString, "--urls", url]);

    public async Task<RunRecord> RunAsync(string runId) => (await Store.GetRunAsync(runId, Ct))?.Value ?? throw new RunNotFoundException(runId);

    public async Task<IReadOnlyList<AgentTask>> TasksAsync(string runId) => await Store.ListTasksAsync(runId, Ct);

    /// <summary>Waits until the run ends; fails with <paramref name="context"/> (the workers' output) if it does not in time.</summary>
    public async Task<RunRecord> WaitForEndAsync(string runId, TimeSpan timeout, Func<string> context)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await RunAsync(runId);
            if (run.Status.IsTerminal())
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                // cosci status tells a stalled orchestration (its round behind the run's) from a slow one.
                var (_, status, _) = await CosciAsync("status", runId);
                Assert.Fail($"run {runId} is still {run.Status} in round {run.Round} after {timeout.TotalSeconds} s.\n{status}\n{context()}");
            }

            await Task.Delay(250, Ct);
        }
    }

    /// <summary><c>cosci status --json</c>, parsed.</summary>
    public async Task<JsonElement> StatusAsync(string runId)
    {
        var (exit, output, error) = await CosciAsync("status", runId, "--json");
        Assert.True(exit == 0, $"cosci status exited {exit}: {error}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }
}
