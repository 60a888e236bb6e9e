using CoScientist.Core.Llm;
using CoScientist.Core.Reviews;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Messaging;

public enum AgentTaskStatus
{
    Pending,
    Running,
    Completed,
    Failed,

    /// <summary>The run ended before the task ran.</summary>
    Cancelled,
}

/// <summary>What a task works on, fixed when the supervisor schedules it so its output depends only on its inputs.</summary>
public sealed record TaskInput
{
    /// <summary>Generation or evolution strategy.</summary>
    public string? Strategy { get; init; }

    public ReviewKind? ReviewKind { get; init; }

    /// <summary>The proposals the task reads: the one reviewed, the pair matched, the parents evolved.</summary>
    public IReadOnlyList<string> ProposalIds { get; init; } = [];

    /// <summary>For matches: multi-turn debate instead of a single-turn comparison.</summary>
    public bool Debate { get; init; }

    /// <summary>For single-turn matches: ask the judge in both presentation orders (two calls).</summary>
    public bool BothOrders { get; init; }

    /// <summary>For both-order matches: what opposite verdicts become (a draw, or a debate that decides).</summary>
    public DisagreementResolution? Disagreement { get; init; }

    /// <summary>
    /// Articles from the run's literature table the step must read besides what it searches: the
    /// new papers a literature scan found, for the reviews and proposals of its scan round.
    /// </summary>
    public IReadOnlyList<string> ArticleIds { get; init; } = [];
}

/// <summary>
/// One unit of agent work. The tasks table is the truth; queue messages only wake a handler up.
/// Ids are deterministic (round, kind, index), so a supervisor that plans twice schedules once.
/// </summary>
public sealed record AgentTask
{
    public required string Id { get; init; }

    public required string RunId { get; init; }

    public required TaskKind Kind { get; init; }

    public required int Round { get; init; }

    public TaskInput Input { get; init; } = new();

    public AgentTaskStatus Status { get; init; } = AgentTaskStatus.Pending;

    /// <summary>How many times a handler claimed it.</summary>
    public int Attempts { get; init; }

    /// <summary>While running, the time after which the heartbeat may hand it to another worker.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public StepUsage Usage { get; init; } = StepUsage.None;

    public string? Error { get; init; }

    public bool IsTerminal => Status is AgentTaskStatus.Completed or AgentTaskStatus.Failed or AgentTaskStatus.Cancelled;

    public static string MakeId(int round, TaskKind kind, int index) =>
        $"r{round:D3}-{kind.ToString().ToLowerInvariant()}-{index:D2}";
}
