using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Evolution;
using CoScientist.Core.Agents.Generation;
using CoScientist.Core.Agents.MetaReviewer;
using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Agents.Ranking;
using CoScientist.Core.Agents.Reflection;
using CoScientist.Core.Agents.Supervisor;
using CoScientist.Core.Configuration;
using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoScientist.Core;

/// <summary>Wires the engine: agents, supervisor, step handlers and run service, over whatever storage, models and literature the host registers.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine. The host must register <see cref="ITableStore"/>, <see cref="IQueueStore"/>,
    /// <see cref="IAgentModelProvider"/> and the runs' orchestrations (<see cref="Orchestration.IRunOrchestrations"/>); literature defaults to the attached context only (an
    /// <see cref="ILiteratureSourceFactory"/> or <see cref="ILiteratureSource"/> the host registers adds
    /// more), and time to the system clock.
    /// </summary>
    public static IServiceCollection AddCoScientistEngine(this IServiceCollection services)
    {
        services.AddOptions<SupervisorOptions>().ValidateEach(o => o.Validate());
        services.AddRunRequestRules();
        services.AddOptions<StructuredChatOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LiteratureScanOptions>().ValidateEach(o => o.Validate());
        services.TryAddSingleton<ILiteratureSource>(NoLiterature.Instance);

        // Runs search their attached context plus what this factory makes; the host replaces it with the real sources.
        services.TryAddSingleton<ILiteratureSourceFactory>(sp => new SingleLiteratureSourceFactory(sp.GetRequiredService<ILiteratureSource>()));
        services.TryAddSingleton<RunStore>();
        services.TryAddSingleton(sp => new RunLiterature(
            sp.GetRequiredService<ILiteratureSourceFactory>(),
            sp.GetRequiredService<RunStore>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<RunLiterature>>()));
        services.TryAddSingleton<LiteratureScan>();
        services.TryAddSingleton<StructuredChat>();
        services.TryAddSingleton<SupervisorAgent>();
        services.TryAddSingleton<GenerationAgent>();
        services.TryAddSingleton<ReflectionAgent>();
        services.TryAddSingleton<RankingAgent>();
        services.TryAddSingleton(sp => new ProximityAgent(sp.GetRequiredService<IAgentModelProvider>().Embeddings));
        services.TryAddSingleton<EvolutionAgent>();
        services.TryAddSingleton<MetaReviewAgent>();
        services.TryAddSingleton<AgentSteps>();
        services.TryAddSingleton<AgentStepHandler>();
        services.TryAddSingleton<RoundSupervisor>();
        services.TryAddSingleton<QueueMessageRouter>();
        services.TryAddSingleton<RunRequestRules>();
        services.TryAddSingleton<RunService>();
        return services;
    }

    /// <summary>
    /// The server-wide run-request rules (<see cref="RunLimitsOptions"/> from the <c>RunLimits</c>
    /// section, validated on start) and <see cref="RunRequestRules"/>. Without a configuration
    /// registered, the defaults hold.
    /// </summary>
    public static IServiceCollection AddRunRequestRules(this IServiceCollection services)
    {
        services.TryAddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(_ => new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddOptions<RunLimitsOptions>()
            .BindConfiguration(RunLimitsOptions.SectionName)
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.TryAddSingleton<RunRequestRules>();
        return services;
    }
}
