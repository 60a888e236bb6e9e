using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Supervisor;

/// <summary>What planning found or did; the run's orchestration decides its next wait from it.</summary>
public enum PlanOutcomeKind
{
    /// <summary>A new round was committed and its tasks sent.</summary>
    Planned,

    /// <summary>The current round still has open tasks; pending ones were woken again.</summary>
    Waiting,

    /// <summary>The scientist paused the run: nothing runs until a resume or stop.</summary>
    Paused,

    /// <summary>The run has ended (completed, stopped, failed, or it does not exist).</summary>
    Ended,
}

/// <param name="Round">The run's current round after planning.</param>
/// <param name="Detail">The run's status in words, for the orchestration's output.</param>
public sealed record PlanOutcome(PlanOutcomeKind Kind, int Round, string Detail);

/// <summary>What a rescue of a round that went quiet found and did.</summary>
/// <param name="RoundDone">Every task of the round has ended (or the run moved on): plan next.</param>
/// <param name="Halted">The run has ended, is paused, or does not exist: plan next, which reports which.</param>
/// <param name="EndedTasks">Tasks of the round that have ended: progress shows as a higher count.</param>
/// <param name="Resent">Wake-ups sent again for pending tasks and tasks whose lease expired.</param>
/// <param name="Held">Tasks a live worker holds (lease not expired): the round is moving.</param>
/// <param name="Stalled">Ids of the tasks woken again, for the failure reason.</param>
public sealed record RescueOutcome(bool RoundDone, bool Halted, int EndedTasks, int Resent, int Held, IReadOnlyList<string> Stalled);

/// <summary>
/// The supervisor's side of a run's orchestration: the activities that plan the next round, rescue a
/// round whose tasks went quiet, and fail a run that cannot go on. Each is idempotent, because an
/// activity runs at least once: task ids are deterministic, a planned task already stored is kept,
/// the run changes only under its ETag, and a wake-up sent twice is claimed once.
/// </summary>
public sealed partial class RoundSupervisor(
    RunStore store,
    IQueueStore queues,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<RoundSupervisor> logger)
{
    /// <summary>Plans lost to a concurrent change of the run (the scientist's feedback, say) before planning gives up for now.</summary>
    private const int MaxPlanAttempts = 8;

    private readonly SupervisorOptions _options = options.Value;

    /// <summary>
    /// Plans the run's next round once its current one has ended, or ends the run; when the round is
    /// still open, wakes its pending tasks again (their messages may have been consumed while the run
    /// was paused, or lost with a planning activity that crashed after committing).
    /// </summary>
    public async Task<PlanOutcome> PlanAsync(string runId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryPlanAsync(runId, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxPlanAttempts)
            {
                // The scientist (or a duplicate activity) changed the run meanwhile: plan again from what is stored now.
            }
        }
    }

    private async Task<PlanOutcome> TryPlanAsync(string runId, CancellationToken cancellationToken)
    {
        using var activity = StepTelemetry.StartSupervisorStep(runId);
        var stored = await store.GetRunAsync(runId, cancellationToken);
        if (stored is null)
        {
            return new PlanOutcome(PlanOutcomeKind.Ended, 0, $"No run '{runId}' is stored.");
        }

        var run = stored.Value;
        if (Halted(run) is { } halted)
        {
            return halted;
        }

        // Most calls come when a round has ended; when it has not, one read of the tasks settles that,
        // instead of the whole run. (Ended tasks stay ended, and no later round exists while a task of
        // this one is open, so a stale run record can only send us down the full path.)
        if (run.RoundTasks.Count > 0)
        {
            var round = run.RoundTasks.ToHashSet(StringComparer.Ordinal);
            var open = (await store.ListTasksAsync(run.Id, cancellationToken)).Where(t => !t.IsTerminal && round.Contains(t.Id)).ToList();
            if (open.Count > 0)
            {
                foreach (var task in open.Where(t => t.Status == AgentTaskStatus.Pending))
                {
                    await WakeAsync(task, cancellationToken);
                }

                return new PlanOutcome(PlanOutcomeKind.Waiting, run.Round, $"round {run.Round} running");
            }
        }

        // Decide from the run as read with the snapshot, and write under that ETag: a run read
        // earlier could be a round behind the tasks and outputs read now.
        var snapshot = await RunSnapshot.LoadAsync(store, run.Id, _options.KFactor, cancellationToken);
        run = snapshot.Run;
        if (Halted(run) is { } haltedNow)
        {
            return haltedNow;
        }

        var now = time.GetUtcNow();
        var roundTasks = run.RoundTasks.ToHashSet(StringComparer.Ordinal);
        var current = snapshot.Tasks.Where(t => roundTasks.Contains(t.Id)).ToList();
        if (current.Any(t => !t.IsTerminal))
        {
            return new PlanOutcome(PlanOutcomeKind.Waiting, run.Round, $"round {run.Round} running");
        }

        if (run.Finalizing)
        {
            var finished = await FinishAsync(run.Id, current, now, cancellationToken);
            return new PlanOutcome(PlanOutcomeKind.Ended, run.Round, StatusWords(finished));
        }

        var plan = new RoundPlanner(_options).Plan(snapshot.UpTo(run.Round), now);
        if (plan.Refusal is not null)
        {
            var refused = await FailAsync(run.Id, plan.Refusal, cancellationToken);
            return new PlanOutcome(PlanOutcomeKind.Ended, run.Round, StatusWords(refused));
        }

        // Tasks first, then the run: a crash in between re-plans the same ids next time.
        foreach (var task in plan.Tasks)
        {
            if (!await TryPlaceAsync(task, cancellationToken))
            {
                throw new ConcurrencyConflictException($"Run {run.Id}: task {task.Id} was taken while round {plan.Round} was planned.");
            }
        }

        var board = snapshot.UpTo(run.Round).Leaderboard;
        await store.UpdateRunAsync(
            run with
            {
                Status = RunStatus.Running,
                Round = plan.Round,
                RoundTasks = [.. plan.Tasks.Select(t => t.Id)],
                Finalizing = plan.Finalizing,
                StopReason = plan.StopReason ?? run.StopReason,
                SupervisorSteps = run.SupervisorSteps + 1,
                Leaderboard = board.Ratings.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 6), StringComparer.Ordinal),
                Scans = plan.ScanPlanned is { } scanId ? [.. run.Scans.Select(s => s.Id == scanId ? s with { PlannedRound = plan.Round } : s)] : run.Scans,
                UpdatedAt = now,
            },
            snapshot.RunETag,
            cancellationToken);

        // Written once the round is committed (a losing plan never writes it), before any task is woken.
        await store.SaveDocumentAsync(run.Id, RoundReadModel.DocumentName(plan.Round), snapshot.ToReadModel(plan.Round), cancellationToken);
        await CancelOrphansAsync(run.Id, plan, cancellationToken);
        foreach (var task in plan.Tasks)
        {
            await WakeAsync(task, cancellationToken);
        }

        LogPlanned(logger, run.Id, plan.Round, plan.Tasks.Count, plan.Finalizing);
        return new PlanOutcome(PlanOutcomeKind.Planned, plan.Round, plan.Finalizing ? $"round {plan.Round}: the research overview" : $"round {plan.Round} running");
    }

    /// <summary>
    /// Wakes again the tasks of <paramref name="round"/> that are pending or whose worker's lease
    /// expired (a lost message, a killed worker), and reports whether the round is moving.
    /// </summary>
    public async Task<RescueOutcome> RescueAsync(string runId, int round, CancellationToken cancellationToken = default)
    {
        var run = (await store.GetRunAsync(runId, cancellationToken))?.Value;
        if (run is null || Halted(run) is not null)
        {
            return new RescueOutcome(false, true, 0, 0, 0, []);
        }

        if (run.Round != round)
        {
            return new RescueOutcome(true, false, 0, 0, 0, []);
        }

        var ids = run.RoundTasks.ToHashSet(StringComparer.Ordinal);
        var tasks = (await store.ListTasksAsync(runId, cancellationToken)).Where(t => ids.Contains(t.Id)).ToList();
        if (tasks.All(t => t.IsTerminal))
        {
            return new RescueOutcome(true, false, tasks.Count, 0, 0, []);
        }

        var now = time.GetUtcNow();
        var stalled = tasks.Where(t => t.Status == AgentTaskStatus.Pending || (t.Status == AgentTaskStatus.Running && t.LeaseUntil < now)).ToList();
        foreach (var task in stalled)
        {
            await WakeAsync(task, cancellationToken);
            LogReissued(logger, task.RunId, task.Id);
        }

        var held = tasks.Count(t => t.Status == AgentTaskStatus.Running && t.LeaseUntil >= now);
        return new RescueOutcome(false, false, tasks.Count(t => t.IsTerminal), stalled.Count, held, [.. stalled.Select(t => t.Id)]);
    }

    /// <summary>Ends the run as failed with <paramref name="reason"/>, unless it has ended already.</summary>
    public async Task<RunRecord> FailAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var run = await store.MutateRunAsync(runId, r => r.Status.IsTerminal() ? r : r with
        {
            Status = RunStatus.Failed,
            StopReason = reason,
            UpdatedAt = now,
            CompletedAt = now,
        }, cancellationToken);
        LogRefused(logger, runId, reason);
        return run;
    }

    /// <summary>Sends the task's wake-up to its agent's queue; a duplicate is claimed once.</summary>
    private Task WakeAsync(Messaging.AgentTask task, CancellationToken cancellationToken) =>
        queues.SendAsync(task.Kind.Queue(), new StepMessage(task.RunId, task.Id).ToJson(), cancellationToken: cancellationToken);

    private static PlanOutcome? Halted(RunRecord run) => run.Status switch
    {
        _ when run.Status.IsTerminal() => new PlanOutcome(PlanOutcomeKind.Ended, run.Round, StatusWords(run)),
        RunStatus.Paused => new PlanOutcome(PlanOutcomeKind.Paused, run.Round, "paused"),
        _ => null,
    };

    private static string StatusWords(RunRecord run) =>
        run.StopReason is { Length: > 0 } reason ? $"{run.Status.ToString().ToLowerInvariant()}: {reason}" : run.Status.ToString().ToLowerInvariant();

    /// <summary>
    /// Adds a planned task. An existing task with its id is fine when it is the same task; a
    /// pending one with other inputs, or a cancelled one, was left by a superseded plan and never
    /// ran, so it is replaced.
    /// Anything else means the round moved on: false.
    /// </summary>
    private async Task<bool> TryPlaceAsync(Messaging.AgentTask task, CancellationToken cancellationToken)
    {
        if (await store.TryAddTaskAsync(task, cancellationToken))
        {
            return true;
        }

        var existing = await store.GetTaskAsync(task.RunId, task.Id, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        if (existing.Value.Status != AgentTaskStatus.Cancelled
            && existing.Value.Kind == task.Kind
            && RunStore.Serialize(existing.Value.Input) == RunStore.Serialize(task.Input))
        {
            return true;
        }

        if (existing.Value.Status is not (AgentTaskStatus.Pending or AgentTaskStatus.Cancelled))
        {
            return false;
        }

        try
        {
            await store.UpdateTaskAsync(task, existing.ETag, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    /// <summary>Tasks a losing plan inserted for this round: not in the committed round, never woken, marked cancelled.</summary>
    private async Task CancelOrphansAsync(string runId, RoundPlan plan, CancellationToken cancellationToken)
    {
        var planned = plan.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in (await store.ListStoredTasksAsync(runId, cancellationToken))
                     .Where(t => t.Value.Round == plan.Round && t.Value.Status == AgentTaskStatus.Pending && !planned.Contains(t.Value.Id)))
        {
            try
            {
                await store.UpdateTaskAsync(orphan.Value with { Status = AgentTaskStatus.Cancelled, Error = "Planned by a supervisor step whose plan was superseded." }, orphan.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Someone else touched it; the run's round list already keeps it from running.
            }
        }
    }

    private async Task<RunRecord> FinishAsync(string runId, IReadOnlyList<Messaging.AgentTask> finalTasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overviewFailed = finalTasks.Any(t => t.Kind == TaskKind.Overview && t.Status == AgentTaskStatus.Failed);
        var run = await store.MutateRunAsync(runId, r => r.Status.IsTerminal() ? r : r with
        {
            Status = r.StopRequested ? RunStatus.Stopped : RunStatus.Completed,
            StopReason = overviewFailed ? $"{r.StopReason} The research overview could not be written." : r.StopReason,
            UpdatedAt = now,
            CompletedAt = now,
        }, cancellationToken);
        LogFinished(logger, runId);
        return run;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: planned round {Round} with {TaskCount} tasks (final: {Final})")]
    private static partial void LogPlanned(ILogger logger, string runId, int round, int taskCount, bool final);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished")]
    private static partial void LogFinished(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} failed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: re-issued stalled task {TaskId}")]
    private static partial void LogReissued(ILogger logger, string runId, string taskId);
}
