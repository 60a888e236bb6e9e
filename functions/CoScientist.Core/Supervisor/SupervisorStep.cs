using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Supervisor;

/// <summary>
/// The supervisor's queue-driven step. Woken after every agent step and by its heartbeat, it
/// plans the next round once the current one has finished, re-issues tasks whose lease expired,
/// and ends the run. Safe to run twice or concurrently: task ids are deterministic and the run
/// changes only under its ETag.
/// </summary>
public sealed partial class SupervisorStep(
    RunStore store,
    IQueueStore queues,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<SupervisorStep> logger)
{
    private readonly SupervisorOptions _options = options.Value;

    public async Task HandleAsync(SupervisorMessage message, CancellationToken cancellationToken = default)
    {
        using var activity = StepTelemetry.StartSupervisorStep(message.RunId, message.Heartbeat);
        var stored = await store.GetRunAsync(message.RunId, cancellationToken);
        if (stored is null)
        {
            throw new MalformedMessageException($"Supervisor message for unknown run '{message.RunId}'.");
        }

        var run = stored.Value;
        if (run.Status.IsTerminal() || run.Status == RunStatus.Paused)
        {
            return; // A paused run's heartbeat chain ends here; resume starts a new one.
        }

        if (message.Heartbeat is { } beat)
        {
            if (beat != run.HeartbeatSequence)
            {
                return; // A stale or duplicated heartbeat: let the chain die out.
            }

            // Only the delivery that advances the chain schedules the next beat.
            var advanced = await TryAdvanceHeartbeatAsync(stored, beat, cancellationToken);
            if (advanced is null)
            {
                return;
            }

            await queues.SendAsync(StorageNames.SupervisorQueue, new SupervisorMessage(run.Id, beat + 1).ToJson(), _options.HeartbeatInterval, cancellationToken);
            stored = advanced;
            run = stored.Value;
        }

        // Most wake-ups come while the round is still running: one read of the tasks settles that,
        // instead of the whole run. (Terminal tasks stay terminal, and no later round exists while
        // a task of this one is open, so a stale run record can only send us down the full path.)
        if (message.Heartbeat is null && run.RoundTasks.Count > 0)
        {
            var open = (await store.ListTasksAsync(run.Id, cancellationToken))
                .Any(t => !t.IsTerminal && run.RoundTasks.Contains(t.Id));
            if (open)
            {
                return;
            }
        }

        // Decide from the run as read with the snapshot, and write under that ETag: a run read
        // earlier could be a round behind the tasks and outputs read now.
        var snapshot = await RunSnapshot.LoadAsync(store, run.Id, _options.KFactor, cancellationToken);
        run = snapshot.Run;
        if (run.Status.IsTerminal() || run.Status == RunStatus.Paused)
        {
            return;
        }

        var now = time.GetUtcNow();
        var roundTasks = run.RoundTasks.ToHashSet(StringComparer.Ordinal);
        var current = snapshot.Tasks.Where(t => roundTasks.Contains(t.Id)).ToList();
        if (current.Any(t => !t.IsTerminal))
        {
            if (message.Heartbeat is not null)
            {
                await ReissueStalledAsync(current, now, cancellationToken);
            }

            return;
        }

        if (run.Finalizing)
        {
            await FinishAsync(run.Id, current, now, cancellationToken);
            return;
        }

        var plan = new RoundPlanner(_options).Plan(snapshot.UpTo(run.Round), now);
        if (plan.Refusal is not null)
        {
            await store.MutateRunAsync(run.Id, r => r.Status.IsTerminal() ? r : r with
            {
                Status = RunStatus.Failed,
                StopReason = plan.Refusal,
                UpdatedAt = now,
                CompletedAt = now,
            }, cancellationToken);
            LogRefused(logger, run.Id, plan.Refusal);
            return;
        }

        // Tasks first, then the run: a crash in between re-plans the same ids next time.
        foreach (var task in plan.Tasks)
        {
            if (!await TryPlaceAsync(task, cancellationToken))
            {
                return; // The task was taken meanwhile: this plan is out of date.
            }
        }

        var board = snapshot.UpTo(run.Round).Leaderboard;
        try
        {
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
        }
        catch (ConcurrencyConflictException)
        {
            return; // Another supervisor planned this round, or the scientist changed the run; its own wake-up follows.
        }

        await CancelOrphansAsync(run.Id, plan, cancellationToken);
        foreach (var task in plan.Tasks)
        {
            await queues.SendAsync(task.Kind.Queue(), new StepMessage(run.Id, task.Id).ToJson(), cancellationToken: cancellationToken);
        }

        LogPlanned(logger, run.Id, plan.Round, plan.Tasks.Count, plan.Finalizing);
    }

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

    /// <summary>Advances the heartbeat under the run's ETag; null when another delivery advanced it first.</summary>
    private async Task<Stored<RunRecord>?> TryAdvanceHeartbeatAsync(Stored<RunRecord> stored, int beat, CancellationToken cancellationToken)
    {
        while (stored.Value.HeartbeatSequence == beat)
        {
            try
            {
                var next = stored.Value with { HeartbeatSequence = beat + 1 };
                return new Stored<RunRecord>(next, await store.UpdateRunAsync(next, stored.ETag, cancellationToken));
            }
            catch (ConcurrencyConflictException)
            {
                stored = await store.GetRunAsync(stored.Value.Id, cancellationToken) ?? throw new RunNotFoundException(stored.Value.Id);
            }
        }

        return null;
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

    private async Task FinishAsync(string runId, IReadOnlyList<Messaging.AgentTask> finalTasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overviewFailed = finalTasks.Any(t => t.Kind == TaskKind.Overview && t.Status == AgentTaskStatus.Failed);
        await store.MutateRunAsync(runId, r => r.Status.IsTerminal() ? r : r with
        {
            Status = r.StopRequested ? RunStatus.Stopped : RunStatus.Completed,
            StopReason = overviewFailed ? $"{r.StopReason} The research overview could not be written." : r.StopReason,
            UpdatedAt = now,
            CompletedAt = now,
        }, cancellationToken);
        LogFinished(logger, runId);
    }

    private async Task ReissueStalledAsync(IReadOnlyList<Messaging.AgentTask> tasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var task in tasks.Where(t => t.Status == AgentTaskStatus.Pending
                                              || (t.Status == AgentTaskStatus.Running && t.LeaseUntil < now)))
        {
            await queues.SendAsync(task.Kind.Queue(), new StepMessage(task.RunId, task.Id).ToJson(), cancellationToken: cancellationToken);
            LogReissued(logger, task.RunId, task.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: planned round {Round} with {TaskCount} tasks (final: {Final})")]
    private static partial void LogPlanned(ILogger logger, string runId, int round, int taskCount, bool final);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished")]
    private static partial void LogFinished(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: re-issued stalled task {TaskId}")]
    private static partial void LogReissued(ILogger logger, string runId, string taskId);
}
