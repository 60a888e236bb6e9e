using CoScientist.Core;
using CoScientist.Core.Llm;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Hosting;
using CoScientist.Hosting.Local;
using CoScientist.Hosting.Orchestration;
using CoScientist.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Orchestration.Tests;

/// <summary>
/// The real composition of <c>cosci run</c>: the engine and the local pipeline over the embedded store
/// and the simulated model, the run's loop an orchestration on the Durable Task Framework in memory.
/// </summary>
public sealed class LocalRunOrchestrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LocalRunner_WholeRun_EndsTheRunAndItsOrchestrationCompletes()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<ITableStore, EmbeddedTableStore>();
        services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAgentModelProvider>(new SimulatedModelProvider(new SimulationOptions { Seed = 3 }));
        services.Configure<LocalHostOptions>(o => o.Concurrency = 4);
        services.AddCoScientistEngine().AddLocalPipeline();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));

        // Held past the runner's own hold: the runner stops working once the run has ended, which may be
        // just before the orchestration records the end of its last plan.
        await using var worker = await provider.GetRequiredService<LocalOrchestrationEngine>().HoldWorkerAsync(timeout.Token);
        var run = await provider.GetRequiredService<LocalRunner>().RunAsync(
            new RunRequest(ResearchGoal.Of("Propose approved drugs that could be repurposed to slow liver fibrosis"), new RunBudget(MaxProposals: 6), 5),
            cancellationToken: timeout.Token);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.True(run.Round > 1);
        var orchestrations = provider.GetRequiredService<IRunOrchestrations>();
        RunOrchestrationState? state;
        while ((state = await orchestrations.GetStateAsync(run.Id, timeout.Token)) is { IsRunning: true })
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.NotNull(state);
        Assert.Equal("completed", state.Status);
        Assert.StartsWith("completed", state.Phase, StringComparison.Ordinal);
    }
}
