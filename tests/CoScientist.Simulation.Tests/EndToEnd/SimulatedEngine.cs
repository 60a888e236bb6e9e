using CoScientist.Hosting.Local;
using CoScientist.Hosting;
using CoScientist.Core;
using CoScientist.Core.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Supervisor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Simulation.Tests.EndToEnd;

/// <summary>The whole engine in one process over the embedded store and the simulated model, as <c>cosci run</c> wires it.</summary>
internal sealed class SimulatedEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public SimulatedEngine(int seed, int concurrency = 4, ModelPrice? price = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<ITableStore, EmbeddedTableStore>();
        services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAgentModelProvider>(new SimulatedModelProvider(new SimulationOptions { Seed = seed }, price));
        services.Configure<LocalHostOptions>(o => o.Concurrency = concurrency);
        configure?.Invoke(services);
        services.AddCoScientistEngine().AddLocalPipeline();
        _services = services.BuildServiceProvider();
    }

    public RunStore Store => _services.GetRequiredService<RunStore>();

    public IQueueStore Queues => _services.GetRequiredService<IQueueStore>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public async Task<(RunRecord Run, RunSnapshot Snapshot)> RunAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var run = await Get<LocalRunner>().RunAsync(request, cancellationToken: timeout.Token);
        return (run, await RunSnapshot.LoadAsync(Store, run.Id, cancellationToken: cancellationToken));
    }

    public static RunRequest Request(string goal = "Propose drugs approved for other indications that could be repurposed to treat acute myeloid leukemia", int proposals = 24, int seed = 7, int? matches = null, decimal? budgetUsd = null) =>
        new(ResearchGoal.Of(goal), new RunBudget(proposals, matches, MaxCostUsd: budgetUsd), seed);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
