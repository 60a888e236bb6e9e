using CoScientist.Orchestration.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoScientist.Orchestration;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>The run orchestration's activities, for whichever Durable host runs them (they need the engine's <c>RoundSupervisor</c>).</summary>
    public static IServiceCollection AddRunOrchestrationActivities(this IServiceCollection services)
    {
        services.TryAddSingleton<PlanRoundActivity>();
        services.TryAddSingleton<RescueRoundActivity>();
        services.TryAddSingleton<FailRunActivity>();
        return services;
    }
}
