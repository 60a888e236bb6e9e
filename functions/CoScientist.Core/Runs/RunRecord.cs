using CoScientist.Core.Supervisor;

namespace CoScientist.Core.Runs;

/// <summary>
/// The state of one run, stored in the runs table and changed only under its ETag.
/// Everything else a run holds (tasks, proposals, reviews, matches) lives in its own table.
/// </summary>
public sealed record RunRecord
{
    public required string Id { get; init; }

    public required ResearchGoal Goal { get; init; }

    public required RunBudget Budget { get; init; }

    public required int Seed { get; init; }

    /// <summary>Provider and model as shown to users, e.g. "simulated" or "azure-openai gpt-4.1".</summary>
    public required string ModelDescription { get; init; }

    public bool Simulated { get; init; }

    public RunStatus Status { get; init; } = RunStatus.Pending;

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The last round the supervisor planned; tasks of this round are in flight.</summary>
    public int Round { get; init; }

    /// <summary>
    /// The tasks of the current round, committed together with <see cref="Round"/> under the run's
    /// ETag. Tasks a losing plan inserted for the same round are not in it and never run.
    /// </summary>
    public IReadOnlyList<string> RoundTasks { get; init; } = [];

    /// <summary>True once the supervisor scheduled the final overview.</summary>
    public bool Finalizing { get; init; }

    /// <summary>How many times the supervisor planned a round (its own step count).</summary>
    public int SupervisorSteps { get; init; }

    public ResearchPlan? Plan { get; init; }

    /// <summary>Why the run ended or was refused, in words for the scientist.</summary>
    public string? StopReason { get; init; }

    /// <summary>Set by the scientist; honoured at the next supervisor step.</summary>
    public bool StopRequested { get; init; }

    public IReadOnlyList<ScientistFeedback> Feedback { get; init; } = [];

    /// <summary>Elo per proposal as of the last supervisor step; always equal to a replay of the match log.</summary>
    public IReadOnlyDictionary<string, double> Leaderboard { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Whether the agents search the literature sources the host configured. Off, they read only the
    /// run's attached context. True when absent, so runs stored before the field search as they did.
    /// </summary>
    public bool Literature { get; init; } = true;

    /// <summary>Whether scheduled literature scans look for new papers for this run once it has ended.</summary>
    public bool Scanning { get; init; }

    /// <summary>When a literature scan last looked at this run; the next one counts papers newer than this as new.</summary>
    public DateTimeOffset? LastScanAt { get; init; }

    /// <summary>Literature scans that found new papers and re-opened the run, oldest first.</summary>
    public IReadOnlyList<RunScan> Scans { get; init; } = [];
}
