using CoScientist.Core.Determinism;
using CoScientist.Core.Agents;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Pipeline;

/// <summary>
/// Handles one agent-step queue message: claims the task under its ETag, runs it, records its
/// usage, and tells the run's orchestration when it ended the last open task of its round. A
/// redelivered message for an ended task only repeats that check (the first delivery may have died
/// before telling); a task another worker holds is left to it; a transient failure is thrown so the
/// queue retries.
/// </summary>
public sealed partial class AgentStepHandler(
    RunStore store,
    IRunOrchestrations orchestrations,
    AgentSteps steps,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<AgentStepHandler> logger)
{
    private readonly SupervisorOptions _options = options.Value;
    private int _executed;

    /// <summary>Agent steps this handler claimed and ran (whatever their outcome): the measure of duplicate work across workers.</summary>
    public int StepsExecuted => _executed;

    public async Task HandleAsync(StepMessage message, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetTaskAsync(message.RunId, message.TaskId, cancellationToken)
            ?? throw new MalformedMessageException($"No task '{message.TaskId}' in run '{message.RunId}'.");
        var task = stored.Value;
        if (task.IsTerminal)
        {
            var current = (await store.GetRunAsync(task.RunId, cancellationToken))?.Value;
            await ReportIfRoundEndedAsync(task, current, cancellationToken);
            return;
        }

        var snapshot = await RunSnapshot.LoadForRoundAsync(store, task.RunId, task.Round, _options.KFactor, cancellationToken);
        var run = snapshot.Run;
        var now = time.GetUtcNow();
        if (run.Status.IsTerminal())
        {
            await TryUpdateAsync(task with { Status = AgentTaskStatus.Cancelled, CompletedAt = now }, stored.ETag, cancellationToken);
            return;
        }

        if (!run.RoundTasks.Contains(task.Id))
        {
            // Not part of a committed round: either its plan lost to another (cancel it), or the
            // supervisor has not committed its round yet (leave it; the wake-up comes after).
            if (task.Round <= run.Round)
            {
                await TryUpdateAsync(task with { Status = AgentTaskStatus.Cancelled, CompletedAt = now, Error = "Not part of the committed round." }, stored.ETag, cancellationToken);
            }

            return;
        }

        if (run.Status == RunStatus.Paused)
        {
            return; // Resume wakes the round's pending tasks again.
        }

        if (task.Status == AgentTaskStatus.Running && task.LeaseUntil > now)
        {
            return; // Another worker holds it; if that worker dies, the orchestration's rescue wakes it again after the lease.
        }

        var claimed = task with { Status = AgentTaskStatus.Running, Attempts = task.Attempts + 1, LeaseUntil = now + _options.TaskLease };
        var etag = await TryUpdateAsync(claimed, stored.ETag, cancellationToken);
        if (etag is null)
        {
            return; // Claimed by someone else between read and write.
        }

        Interlocked.Increment(ref _executed);

        var meter = new UsageMeter(StableHash.Combine(run.Seed, StableHash.Of(task.Id)));
        var context = new AgentContext(run, snapshot.UpTo(task.Round - 1).LatestMetaReview, task.Id, task.Round, now, meter);
        using var telemetry = StepTelemetry.StartAgentStep(claimed, meter);
        try
        {
            await steps.ExecuteAsync(claimed, snapshot, context, cancellationToken);
        }
        catch (Exception ex) when ((IsPermanent(ex) || claimed.Attempts >= _options.MaxTaskAttempts) && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            telemetry.End(StepOutcome.Failed, ex);
            LogStepFailed(logger, task.RunId, task.Id, claimed.Attempts, ex.Message);
            await TryUpdateAsync(
                claimed with { Status = AgentTaskStatus.Failed, Error = ex.Message, LeaseUntil = null, CompletedAt = time.GetUtcNow(), Usage = claimed.Usage.Add(meter.Total) },
                etag,
                cancellationToken);
            await ReportIfRoundEndedAsync(task, run, cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Transient: give the task back (keeping what it spent) and let the queue retry the message.
            telemetry.End(StepOutcome.Retried, ex);
            LogStepRetry(logger, task.RunId, task.Id, claimed.Attempts, ex.Message);
            await TryUpdateAsync(claimed with { Status = AgentTaskStatus.Pending, LeaseUntil = null, Error = ex.Message, Usage = claimed.Usage.Add(meter.Total) }, etag, cancellationToken);
            throw;
        }

        telemetry.End(StepOutcome.Completed);
        await TryUpdateAsync(
            claimed with { Status = AgentTaskStatus.Completed, Error = null, LeaseUntil = null, CompletedAt = time.GetUtcNow(), Usage = claimed.Usage.Add(meter.Total) },
            etag,
            cancellationToken);
        await ReportIfRoundEndedAsync(task, run, cancellationToken);
    }

    private static bool IsPermanent(Exception ex) => ex is ModelAnswerException or InvalidTaskException or ArgumentException;

    /// <summary>
    /// Raises <see cref="RunEventKind.RoundCompleted"/> when every task of the run's current round has
    /// ended. Each step writes its own end before reading the others', so of two steps ending the
    /// last two tasks at once, at least the later reader sees both ended: a round never goes
    /// unreported, and a duplicate report is ignored by the orchestration. <paramref name="run"/> may be the
    /// run as read when the step began: its round and round tasks do not change while the round is open.
    /// </summary>
    private async Task ReportIfRoundEndedAsync(AgentTask task, RunRecord? run, CancellationToken cancellationToken)
    {
        if (run is null || run.Status.IsTerminal() || run.Round != task.Round || !run.RoundTasks.Contains(task.Id))
        {
            return; // The run has moved on or ended: nobody waits for this round.
        }

        var round = run.RoundTasks.ToHashSet(StringComparer.Ordinal);
        var open = (await store.ListTasksAsync(task.RunId, cancellationToken)).Any(t => round.Contains(t.Id) && !t.IsTerminal);
        if (!open)
        {
            await orchestrations.RaiseAsync(task.RunId, RunEvent.RoundCompleted(task.Round), cancellationToken);
        }
    }

    private async Task<string?> TryUpdateAsync(AgentTask task, string etag, CancellationToken cancellationToken)
    {
        try
        {
            return await store.UpdateTaskAsync(task, etag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: task {TaskId} failed for good after {Attempts} attempt(s): {Error}")]
    private static partial void LogStepFailed(ILogger logger, string runId, string taskId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: task {TaskId} attempt {Attempts} failed, will retry: {Error}")]
    private static partial void LogStepRetry(ILogger logger, string runId, string taskId, int attempts, string error);
}
