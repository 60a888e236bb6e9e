using CoScientist.Core.Tournament;

namespace CoScientist.Core.Supervisor;

/// <summary>How the supervisor schedules work. Defaults suit runs of 10 to 100 proposals.</summary>
public sealed class SupervisorOptions
{
    public const string SectionName = "Supervisor";

    /// <summary>Most tasks of one kind per round: the parallelism a round offers the workers.</summary>
    public int ParallelWidth { get; set; } = 8;

    /// <summary>
    /// Most tasks one run puts on the queues in one round, whatever its budget: runs share the agent queues,
    /// so a run with a huge budget (hundreds of entrants, each due a match) must not bury another run's
    /// tasks behind one enormous round; capped rounds let runs interleave round by round.
    /// </summary>
    public int MaxTasksPerRound { get; set; } = 64;

    /// <summary>Share of the proposal budget spent on generation; evolution writes the rest.</summary>
    public double GenerationShare { get; set; } = 0.6;

    /// <summary>A meta-review at most every this many rounds.</summary>
    public int MetaReviewEvery { get; set; } = 3;

    /// <summary>How many leaders get deep verification, observation and simulation reviews.</summary>
    public int DeepReviewTop { get; set; } = 3;

    /// <summary>Games a proposal plays before a tournament-informed review.</summary>
    public int TournamentReviewAfterGames { get; set; } = 4;


    /// <summary>Time a worker holds a task before a rescue may give it to another.</summary>
    public TimeSpan TaskLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a run's orchestration waits for its round to complete before it rescues the round:
    /// wakes again its pending tasks and those whose worker's lease expired.
    /// </summary>
    public TimeSpan RescueInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Rescues in a row that find a round with nothing moving (no task ended, none held by a live
    /// worker) before the run fails with the reason: with the defaults, 20 minutes without progress.
    /// </summary>
    public int MaxStalledRescues { get; set; } = 10;

    /// <summary>Rounds an orchestration plans before it continues as new, which keeps its history short.</summary>
    public int RoundsPerHistory { get; set; } = 5;

    /// <summary>Attempts of one task before it fails for good (transient errors only; malformed answers fail at once).</summary>
    public int MaxTaskAttempts { get; set; } = 3;

    /// <summary>Specific Aims pages written with the overview, for the leading proposals.</summary>
    public int SpecificAimsForTop { get; set; } = 3;

    public PairingOptions Pairing { get; set; } = PairingOptions.Default;

    public KFactorSchedule KFactor { get; set; } = KFactorSchedule.Default;

    public TopStability Stability { get; set; } = TopStability.Default;

    public TopSeparation Separation { get; set; } = TopSeparation.Default;

    /// <summary>
    /// Which rule ends a tournament whose top is settled: the interval rule (the top is
    /// separated from the rest with the configured confidence) or the stability rule (the same
    /// top for some rounds). Chosen with the tournament benchmark.
    /// </summary>
    public StopRuleKind StopRule { get; set; } = StopRuleKind.Separation;

    public IEnumerable<string> Validate()
    {
        if (ParallelWidth < 1)
        {
            yield return "Supervisor:ParallelWidth must be at least 1.";
        }

        if (MaxTasksPerRound < ParallelWidth || MaxTasksPerRound > 10_000)
        {
            yield return $"Supervisor:MaxTasksPerRound must be between Supervisor:ParallelWidth ({ParallelWidth}) and 10000 (got {MaxTasksPerRound}).";
        }

        if (GenerationShare is <= 0 or > 1)
        {
            yield return "Supervisor:GenerationShare must be in (0, 1].";
        }

        if (TaskLease <= TimeSpan.Zero || RescueInterval <= TimeSpan.Zero)
        {
            yield return "Supervisor:TaskLease and Supervisor:RescueInterval must be positive.";
        }

        if (MaxStalledRescues < 1 || RoundsPerHistory < 1)
        {
            yield return "Supervisor:MaxStalledRescues and Supervisor:RoundsPerHistory must be at least 1.";
        }

        if (Separation.Confidence is <= 0.5 or >= 1 || Separation.TopSize < 1)
        {
            yield return "Supervisor:Separation:Confidence must be in (0.5, 1) and Supervisor:Separation:TopSize at least 1.";
        }

        if (MaxTaskAttempts < 1)
        {
            yield return "Supervisor:MaxTaskAttempts must be at least 1.";
        }
    }
}
