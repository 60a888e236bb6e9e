using CoScientist.Hosting.Local;
using CoScientist.Hosting;
using CoScientist.Core;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CoScientist.Testing.Llm;
using Microsoft.Extensions.Time.Testing;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>
/// The engine as a host wires it (<c>AddCoScientistEngine</c>), over the embedded stores, a manual
/// clock and the scripted chat client. The runs' orchestrations are the local engine's (in memory) unless
/// a test passes its own <see cref="IRunOrchestrations"/> to observe what the engine asks of them.
/// </summary>
public sealed class EngineHarness : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public EngineHarness(Action<SupervisorOptions>? supervisor = null, Action<LocalHostOptions>? host = null, int maxAnswerAttempts = 2, ITableStore? tables = null, Func<IQueueStore, IQueueStore>? wrapQueues = null, IRunOrchestrations? orchestrations = null)
    {
        Tables = tables ?? new EmbeddedTableStore();
        Queues = new EmbeddedQueueStore(Clock);
        Models = new FakeModelProvider(Chat, new ModelPrice(1m, 4m));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ITableStore>(Tables);
        services.AddSingleton(wrapQueues?.Invoke(Queues) ?? Queues);
        services.AddSingleton<IAgentModelProvider>(Models);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        if (orchestrations is not null)
        {
            services.AddSingleton(orchestrations);
        }

        services.AddCoScientistEngine().AddLocalPipeline();
        services.Configure<StructuredChatOptions>(o => o.MaxAttempts = maxAnswerAttempts);
        services.Configure<SupervisorOptions>(o =>
        {
            o.ParallelWidth = 4;
            o.MaxTaskAttempts = 3;
            o.TaskLease = TimeSpan.FromMinutes(10);
            o.KFactor = KFactorSchedule.Constant(32);
            o.Stability = new TopStability(3, 3, 4);
            o.Pairing = new PairingOptions { TopSize = 4, MaxMatchesPerEntrantPerRound = 2 };
            supervisor?.Invoke(o);
        });
        services.Configure<LocalHostOptions>(o =>
        {
            o.Concurrency = 1;
            o.MaxDequeueCount = 3;
            o.RetryDelay = TimeSpan.Zero;
            o.VisibilityTimeout = TimeSpan.FromMinutes(5);
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(5);
            host?.Invoke(o);
        });
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Clock { get; } = new(TestData.Now);

    public ITableStore Tables { get; }

    public EmbeddedQueueStore Queues { get; }

    public ScriptedChatClient Chat { get; } = new();

    public FakeModelProvider Models { get; }

    public ServiceProvider Services { get; }

    public RunStore Store => Services.GetRequiredService<RunStore>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task<RunRecord> CreateRunAsync(RunRecord? run = null)
    {
        run ??= TestData.Run(plan: TestData.SafePlan, round: 1);
        Assert.True(await Store.TryCreateRunAsync(run, Ct));
        return run;
    }

    /// <summary>Adds a task; one of the run's current round is committed to the round, as the supervisor does.</summary>
    public async Task<AgentTask> AddTaskAsync(AgentTask task, bool commitToRound = true)
    {
        Assert.True(await Store.TryAddTaskAsync(task, Ct));
        if (commitToRound)
        {
            await Store.MutateRunAsync(task.RunId, r => r.Round == task.Round && !r.RoundTasks.Contains(task.Id) ? r with { RoundTasks = [.. r.RoundTasks, task.Id] } : r, Ct);
        }

        return task;
    }

    public async Task<Stored<AgentTask>> TaskAsync(string id, string runId = "run-1") =>
        await Store.GetTaskAsync(runId, id, Ct) ?? throw new InvalidOperationException($"No task {id}.");

    public async Task<Stored<RunRecord>> RunAsync(string runId = "run-1") =>
        await Store.GetRunAsync(runId, Ct) ?? throw new InvalidOperationException($"No run {runId}.");

    /// <summary>Every message in a queue, visible or not.</summary>
    public Task<IReadOnlyList<string>> MessagesAsync(string queue) => Queues.PeekAsync(queue, 1000, Ct);

    public async Task<int> MessageCountAsync() => (await Task.WhenAll(StorageNames.AllQueues.Select(q => Queues.CountAsync(q, Ct)))).Sum();

    /// <summary>Disposes the services; the orchestration engine among them can only be disposed asynchronously.</summary>
    public void Dispose() => Services.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
