namespace CoScientist.Core.Reviews;

/// <summary>The review kinds of the Reflection agent, plus the scientist's own.</summary>
public enum ReviewKind
{
    /// <summary>Quick, without tools: discards the obviously incorrect, unoriginal or unsafe.</summary>
    Initial,

    /// <summary>Grounded in retrieved literature.</summary>
    Full,

    /// <summary>Breaks the proposal into assumptions and checks each.</summary>
    DeepVerification,

    /// <summary>Does the proposal explain known observations?</summary>
    Observation,

    /// <summary>Steps through the mechanism or experiment as a thought experiment.</summary>
    Simulation,

    /// <summary>Reads the proposal's tournament debates to find its recurring weaknesses.</summary>
    TournamentInformed,

    /// <summary>Written by the scientist.</summary>
    Scientist,
}

public enum ReviewVerdict
{
    Pass,
    Reject,
}

/// <summary>Why an initial review rejected a proposal.</summary>
public enum RejectionReason
{
    None,
    Incorrect,
    Unoriginal,
    Unsafe,
}

/// <summary>Scores from 1 (poor) to 5 (excellent); safety 1 means unsafe.</summary>
public sealed record ReviewScores(int Correctness, int Quality, int Novelty, int Safety, int Testability)
{
    public double Mean => (Correctness + Quality + Novelty + Safety + Testability) / 5.0;
}

/// <summary>One checked point: an assumption, an observation, or a step of a simulated experiment.</summary>
public sealed record ReviewFinding(string Statement, string Assessment, bool Holds);

/// <summary>A review of one proposal. Its id is the task id that wrote it.</summary>
public sealed record Review
{
    public required string Id { get; init; }

    public required string RunId { get; init; }

    public required string ProposalId { get; init; }

    public required ReviewKind Kind { get; init; }

    public required int Round { get; init; }

    public required ReviewVerdict Verdict { get; init; }

    public RejectionReason Rejection { get; init; } = RejectionReason.None;

    public required ReviewScores Scores { get; init; }

    public required string Summary { get; init; }

    public IReadOnlyList<string> Strengths { get; init; } = [];

    public IReadOnlyList<string> Weaknesses { get; init; } = [];

    public IReadOnlyList<ReviewFinding> Findings { get; init; } = [];

    /// <summary>The retrieved articles the review relies on.</summary>
    public IReadOnlyList<Proposals.ArticleReference> Articles { get; init; } = [];

    /// <summary>References the citation check removed because they name nothing retrieved for the run.</summary>
    public IReadOnlyList<Literature.RemovedCitation> RemovedCitations { get; init; } = [];

    public bool Simulated { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
