using CoScientist.Orchestration.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoScientist.Orchestration;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>The run orchestrator and its activities, for whichever Durable host runs them (activities need the engine's <c>RoundSupervisor</c>).</summary>
    public static IServiceCollection AddRunOrchestrationActivities(this IServiceCollection services)
    {
        services.TryAddSingleton<RunOrchestrator>();
        services.TryAddSingleton<PlanRoundActivity>();
        services.TryAddSingleton<RescueRoundActivity>();
        services.TryAddSingleton<FailRunActivity>();
        return services;
    }
}
