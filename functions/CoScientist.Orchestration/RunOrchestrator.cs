using CoScientist.Core.Orchestration;
using CoScientist.Core.Supervisor;
using CoScientist.Orchestration.Activities;
using Microsoft.DurableTask;

namespace CoScientist.Orchestration;

/// <summary>
/// The loop of one run (instance id = run id): plan a round, then wait until the round's last step
/// reports it ended (<see cref="RunEvent"/>) or a durable timer fires, in which case the round's
/// stalled tasks are woken again; after <see cref="RunOrchestrationInput.MaxStalledRescues"/> rescues
/// in a row with nothing moving, the run fails with the reason. A paused run waits for the scientist
/// without a timer. Every few rounds the history continues as new, keeping replays short.
/// The agent steps themselves run on their own queues; this only decides when to plan.
/// </summary>
/// <remarks>
/// Replayed from its history on every event, so it decides only from its input, activity results
/// and events, never from the clock or configuration. One waiter for <see cref="RunEvent.Name"/> is
/// kept across timer rounds, so no event is ever handed to a waiter that was given up.
/// </remarks>
public sealed class RunOrchestrator : TaskOrchestrator<RunOrchestrationInput, string>
{
    public const string Name = "RunOrchestrator";

    /// <summary>Activities retry a few times before the loop counts a failure as a stall (storage briefly away, say).</summary>
    private static readonly TaskOptions Retries = TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <summary>Runs the loop from the context's own input: what a Durable Functions orchestration trigger calls.</summary>
    public Task<string> OrchestrateAsync(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RunAsync(context, context.GetInput<RunOrchestrationInput>() ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} has no input."));
    }

    public override async Task<string> RunAsync(TaskOrchestrationContext context, RunOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var state = input;
        var mustPlan = !input.Waiting;
        var planned = 0;
        Task<string>? signal = null;
        while (true)
        {
            if (mustPlan)
            {
                mustPlan = false;
                PlanOutcome plan;
                try
                {
                    plan = await context.CallActivityAsync<PlanOutcome>(PlanRoundActivity.Name, state.RunId, Retries);
                }
                catch (TaskFailedException ex)
                {
                    state = state with { Stalls = state.Stalls + 1 };
                    if (state.Stalls >= state.MaxStalledRescues)
                    {
                        return await FailAsync(context, state, $"The supervisor could not plan round {state.Round + 1}: {ex.FailureDetails?.ErrorMessage ?? ex.Message}");
                    }

                    context.SetCustomStatus($"planning failed ({state.Stalls}); trying again");
                    await context.CreateTimer(state.RescueInterval, CancellationToken.None);
                    mustPlan = true;
                    continue;
                }

                switch (plan.Kind)
                {
                    case PlanOutcomeKind.Ended:
                        context.SetCustomStatus(plan.Detail);
                        return plan.Detail;
                    case PlanOutcomeKind.Planned:
                        state = state with { Round = plan.Round, Paused = false, Stalls = 0, EndedTasks = 0 };
                        planned++;
                        if (planned >= state.RoundsPerHistory)
                        {
                            // Events that arrived meanwhile stay with the new history.
                            context.ContinueAsNew(state with { Waiting = true }, preserveUnprocessedEvents: true);
                            return plan.Detail;
                        }

                        break;
                    default:
                        state = state with { Round = plan.Round, Paused = plan.Kind == PlanOutcomeKind.Paused };
                        break;
                }
            }

            context.SetCustomStatus(state.Paused ? "paused" : $"waiting for round {state.Round}");
            signal ??= context.WaitForExternalEvent<string>(RunEvent.Name);
            if (!state.Paused)
            {
                using var timerCancel = new CancellationTokenSource();
                var timer = context.CreateTimer(state.RescueInterval, timerCancel.Token);
                if (await Task.WhenAny(signal, timer) == timer)
                {
                    var rescue = await RescueAsync(context, state);
                    if (rescue.RoundDone || rescue.Halted)
                    {
                        mustPlan = true;
                        continue;
                    }

                    var moving = rescue.EndedTasks > state.EndedTasks || rescue.Held > 0;
                    state = state with { EndedTasks = rescue.EndedTasks, Stalls = moving ? 0 : state.Stalls + 1 };
                    if (state.Stalls >= state.MaxStalledRescues)
                    {
                        return await FailAsync(
                            context,
                            state,
                            $"Round {state.Round} made no progress through {state.Stalls} rescues {state.RescueInterval.TotalMinutes:0.#} minutes apart: no worker took tasks {string.Join(", ", rescue.Stalled.Take(5))}{(rescue.Stalled.Count > 5 ? ", …" : "")}.");
                    }

                    continue;
                }

                timerCancel.Cancel();
            }

            var runEvent = RunEvent.FromPayload(await signal);
            signal = null;
            if (runEvent.Kind == RunEventKind.RoundCompleted && runEvent.Round < state.Round)
            {
                continue; // A late or duplicated report of a round already left.
            }

            mustPlan = true;
        }
    }

    private static async Task<RescueOutcome> RescueAsync(TaskOrchestrationContext context, RunOrchestrationInput state)
    {
        try
        {
            return await context.CallActivityAsync<RescueOutcome>(RescueRoundActivity.Name, new RescueRequest(state.RunId, state.Round), Retries);
        }
        catch (TaskFailedException)
        {
            return new RescueOutcome(false, false, state.EndedTasks, 0, 0, []); // Counts as a rescue that saw nothing move.
        }
    }

    private static async Task<string> FailAsync(TaskOrchestrationContext context, RunOrchestrationInput state, string reason)
    {
        context.SetCustomStatus("failed");
        return await context.CallActivityAsync<string>(FailRunActivity.Name, new FailRunRequest(state.RunId, reason), Retries);
    }
}
