using CoScientist.Core;
using CoScientist.Api.Contracts;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Api.Estimates;
using CoScientist.Hosting.Local;
using CoScientist.Core.Runs;
using CoScientist.Simulation;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Supervisor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoScientist.Hosting.Estimates;

/// <summary>
/// What a run would spend, measured as <c>cosci estimate</c> measures it: a rehearsal on the
/// simulated model, in memory, with the same goal, budgets and seed, priced at the server's models
/// for each slot. Nothing reaches a real model and nothing is stored. One rehearsal at a time per
/// server, so a burst of estimates queues instead of taking every core.
/// </summary>
public sealed class RunEstimator(IAgentModelProvider serverModels, IOptions<SupervisorOptions> supervisorOptions, IOptions<SimulationOptions> simulationOptions) : IRunEstimator
{
    public const string Method = "Measured on a simulated run with the same goal, budgets and seed; real models write answers of other lengths, so treat it as an order of magnitude.";

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public async Task<EstimateResponse> EstimateAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RehearseAsync(request, cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<EstimateResponse> RehearseAsync(RunRequest request, CancellationToken cancellationToken)
    {
        // The server's simulation settings, as the simulated run and cosci estimate use them: the run's own
        // seed drives its planning; the simulated model keeps its configured seed.
        using var simulated = AgentModelProvider.Create(new LlmOptions { Provider = LlmProvider.Simulated }, simulationOptions.Value);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAgentModelProvider>(simulated);
        services.AddSingleton<ITableStore, EmbeddedTableStore>();
        services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        // The server's scheduling settings, so the rehearsal plans the rounds the real run will.
        services.AddSingleton(supervisorOptions);
        services.AddCoScientistEngine().AddLocalPipeline();
        await using var provider = services.BuildServiceProvider();
        var run = await provider.GetRequiredService<LocalRunner>().RunAsync(request with { Scan = false }, cancellationToken: cancellationToken);
        var snapshot = await RunSnapshot.LoadAsync(provider.GetRequiredService<RunStore>(), run.Id, cancellationToken: cancellationToken);

        var slots = PriceSlots(snapshot, serverModels);
        var input = slots.Sum(s => s.InputTokens);
        var output = slots.Sum(s => s.OutputTokens);
        return new EstimateResponse("", slots.Sum(s => s.Calls), input, output, input + output, slots.Sum(s => s.CostUsd), slots, Method);
    }

    /// <summary>A rehearsed run's calls and tokens per agent slot, priced at <paramref name="models"/>' model for each slot.</summary>
    public static IReadOnlyList<SlotEstimateView> PriceSlots(RunSnapshot snapshot, IAgentModelProvider models)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(models);
        return snapshot.Tasks
            .Where(t => t.Usage.Calls > 0)
            .GroupBy(t => ModelSlot.For(t).Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var model = models.GetModel(ModelSlot.For(g.First()));
                var usage = g.Aggregate(StepUsage.None, (u, t) => u.Add(t.Usage));
                return new SlotEstimateView(g.Key, model.ModelId, usage.Calls, usage.InputTokens, usage.OutputTokens, Math.Round(model.Price.Cost(usage.InputTokens, usage.OutputTokens), 6));
            })
            .OrderBy(s => s.Slot, StringComparer.Ordinal)
            .ToList();
    }
}
