using CoScientist.Agents;
using CoScientist.Agents.Evolution;
using CoScientist.Agents.Generation;
using CoScientist.Agents.MetaReviewer;
using CoScientist.Agents.Proximity;
using CoScientist.Agents.Ranking;
using CoScientist.Agents.Reflection;
using CoScientist.Agents.Supervisor;
using CoScientist.Configuration;
using CoScientist.Literature;
using CoScientist.Llm;
using CoScientist.Pipeline;
using CoScientist.Runs;
using CoScientist.Storage;
using CoScientist.Supervisor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoScientist;

/// <summary>Wires the engine: agents, supervisor, step handlers and run service, over whatever storage, models and literature the host registers.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine. The host must register <see cref="ITableStore"/>, <see cref="IQueueStore"/>
    /// and <see cref="IAgentModelProvider"/>; literature defaults to the attached context only (an
    /// <see cref="ILiteratureSourceFactory"/> or <see cref="ILiteratureSource"/> the host registers adds
    /// more), and time to the system clock.
    /// </summary>
    public static IServiceCollection AddCoScientistEngine(this IServiceCollection services)
    {
        services.AddOptions<SupervisorOptions>().ValidateEach(o => o.Validate());
        services.AddRunRequestRules();
        services.AddOptions<StructuredChatOptions>();
        services.AddOptions<LocalHostOptions>().ValidateEach(o => o.Validate());
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
        services.TryAddSingleton<SupervisorStep>();
        services.TryAddSingleton<HeartbeatWatchdog>();
        services.TryAddSingleton<QueueMessageRouter>();
        services.TryAddSingleton<LocalPipelineHost>();
        services.TryAddSingleton<PoisonQueues>();
        services.TryAddSingleton<RunRequestRules>();
        services.TryAddSingleton<RunService>();
        services.TryAddSingleton<LocalRunner>();
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
