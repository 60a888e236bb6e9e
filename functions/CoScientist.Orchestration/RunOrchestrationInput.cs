using CoScientist.Core.Supervisor;

namespace CoScientist.Orchestration;

/// <summary>
/// What a run's orchestration starts (or continues as new) with. The timing settings travel in the
/// input rather than being read from configuration, because an orchestrator must decide the same way
/// each time it is replayed.
/// </summary>
/// <param name="Round">The round the run is in, as the orchestration last learnt.</param>
/// <param name="Waiting">Start by waiting for <see cref="Round"/> instead of planning (a history continued as new right after planning).</param>
/// <param name="Paused">The run was paused when the orchestration last looked.</param>
/// <param name="Stalls">Rescues in a row that found nothing moving.</param>
/// <param name="EndedTasks">Tasks of the round that had ended at the last rescue: a higher count is progress.</param>
public sealed record RunOrchestrationInput(
    string RunId,
    TimeSpan RescueInterval,
    int MaxStalledRescues,
    int RoundsPerHistory,
    int Round = 0,
    bool Waiting = false,
    bool Paused = false,
    int Stalls = 0,
    int EndedTasks = 0)
{
    /// <summary>A new run's orchestration, timed by the supervisor settings.</summary>
    public static RunOrchestrationInput Start(string runId, SupervisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(runId, options.RescueInterval, options.MaxStalledRescues, options.RoundsPerHistory);
    }
}
