using CoScientist.Core.Supervisor;
using Microsoft.DurableTask;

namespace CoScientist.Orchestration.Activities;

/// <summary>Plans the run's next round, or ends the run (<see cref="RoundSupervisor.PlanAsync"/>). Idempotent: it runs at least once.</summary>
public sealed class PlanRoundActivity(RoundSupervisor supervisor) : TaskActivity<string, PlanOutcome>
{
    public const string Name = "PlanRound";

    public override Task<PlanOutcome> RunAsync(TaskActivityContext context, string input) => PlanAsync(input, CancellationToken.None);

    /// <summary>What the Azure Functions activity trigger calls, with the invocation's cancellation.</summary>
    public Task<PlanOutcome> PlanAsync(string runId, CancellationToken cancellationToken) => supervisor.PlanAsync(runId, cancellationToken);
}
