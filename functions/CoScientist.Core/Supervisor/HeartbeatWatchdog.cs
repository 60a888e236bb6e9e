using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Supervisor;

/// <summary>
/// The safety net under the supervisor's heartbeat. The heartbeat is a chain of delayed queue
/// messages, and a chain can die: a delivery that advanced the run's heartbeat sequence but failed
/// to send the next beat is redelivered as a stale beat and dropped, and a beat that keeps failing
/// ends in the poison queue. A run whose chain died waits forever for tasks whose worker crashed.
/// On a timer, this restarts the chain of every active run that has not changed for
/// <see cref="StaleAfter"/>, as resume does: the sequence goes up under the run's ETag, so the old
/// chain (if it was alive after all) dies out and exactly one chain goes on.
/// </summary>
public sealed partial class HeartbeatWatchdog(
    RunStore store,
    IQueueStore queues,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<HeartbeatWatchdog> logger)
{
    /// <summary>How often a host runs the watchdog (the Functions timer's schedule is the same: every five minutes).</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(5);

    /// <summary>Heartbeats a run may miss before it counts as stalled: a live chain beats every interval.</summary>
    public const int MissedBeats = 3;

    /// <summary>How long an active run may go unchanged before its chain is restarted.</summary>
    public TimeSpan StaleAfter => options.Value.HeartbeatInterval * MissedBeats;

    /// <summary>Restarts the heartbeat of each stalled run; returns their ids. Safe to run on several instances at once.</summary>
    public async Task<IReadOnlyList<string>> RestartStalledAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var cutoff = now - StaleAfter;
        var restarted = new List<string>();
        foreach (var run in (await store.ListRunsAsync(cancellationToken)).Where(r => IsStalled(r, cutoff)))
        {
            RunRecord changed;
            try
            {
                changed = await store.MutateRunAsync(
                    run.Id,
                    r => IsStalled(r, cutoff) ? r with { HeartbeatSequence = r.HeartbeatSequence + 1, UpdatedAt = now } : r,
                    cancellationToken);
            }
            catch (RunNotFoundException)
            {
                continue;
            }

            if (changed.UpdatedAt != now)
            {
                continue; // It moved meanwhile: alive after all.
            }

            // Sent at once: this beat re-issues stalled tasks now and schedules the next one.
            await queues.SendAsync(StorageNames.SupervisorQueue, new SupervisorMessage(changed.Id, changed.HeartbeatSequence).ToJson(), cancellationToken: cancellationToken);
            LogRestarted(logger, changed.Id, changed.HeartbeatSequence, now - run.UpdatedAt);
            restarted.Add(changed.Id);
        }

        return restarted;
    }

    private static bool IsStalled(RunRecord run, DateTimeOffset cutoff) =>
        run.Status is RunStatus.Pending or RunStatus.Running && run.UpdatedAt < cutoff;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: unchanged for {Idle}; heartbeat restarted as beat {Beat}")]
    private static partial void LogRestarted(ILogger logger, string runId, int beat, TimeSpan idle);
}
