using CoScientist.Core.Supervisor;
using CoScientist.Orchestration;
using CoScientist.Orchestration.Activities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CoScientist.Functions.Functions.Orchestration;

/// <summary>
/// Each run's loop under Durable Functions: the orchestration trigger runs <see cref="RunOrchestrator"/>
/// (the class local hosts run on the Durable Task Framework) and each activity trigger calls its
/// activity class. Written by hand: the class-based source generator is not available.
/// </summary>
public sealed class RunOrchestrationFunctions(RunOrchestrator orchestrator, PlanRoundActivity plan, RescueRoundActivity rescue, FailRunActivity fail)
{
    [Function(RunOrchestrator.Name)]
    public Task<string> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        orchestrator.OrchestrateAsync(context);

    [Function(PlanRoundActivity.Name)]
    public Task<PlanOutcome> PlanRound([ActivityTrigger] string runId, CancellationToken cancellationToken) =>
        plan.PlanAsync(runId, cancellationToken);

    [Function(RescueRoundActivity.Name)]
    public Task<RescueOutcome> RescueRound([ActivityTrigger] RescueRequest request, CancellationToken cancellationToken) =>
        rescue.RescueAsync(request, cancellationToken);

    [Function(FailRunActivity.Name)]
    public Task<string> FailRun([ActivityTrigger] FailRunRequest request, CancellationToken cancellationToken) =>
        fail.FailAsync(request, cancellationToken);
}
