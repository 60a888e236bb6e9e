namespace CoScientist.Core.Proposals;

/// <summary>Where a proposal came from.</summary>
public enum ProposalOrigin
{
    Generated,
    Evolved,
    Scientist,
}

/// <summary>Whether a proposal takes part in the tournament and is shown in results.</summary>
public enum ProposalStatus
{
    /// <summary>In the tournament (once its initial review passes).</summary>
    Active,

    /// <summary>Rejected by its initial review as incorrect or unoriginal; kept for the record.</summary>
    Rejected,

    /// <summary>Judged unsafe: out of the tournament and hidden from results.</summary>
    Unsafe,

    /// <summary>A near-duplicate of an earlier proposal: out of the tournament.</summary>
    Duplicate,
}

/// <summary>An article a proposal rests on, with a link the scientist can follow.</summary>
public sealed record ArticleReference(string Id, string Title, string? Url, string? Source);

/// <summary>
/// One research proposal with the sections the scientist reads. Its id derives from the task
/// that wrote it, so a retried step overwrites the same proposal instead of adding another.
/// </summary>
public sealed record Proposal
{
    public required string Id { get; init; }

    public required string RunId { get; init; }

    /// <summary>The task that wrote it (empty for the scientist's own).</summary>
    public required string TaskId { get; init; }

    public required int Round { get; init; }

    public required string Title { get; init; }

    /// <summary>The proposal in two or three sentences: the hypothesis it puts forward.</summary>
    public required string Statement { get; init; }

    public string Background { get; init; } = "";

    public string UnmetNeed { get; init; } = "";

    public string ProposedSolution { get; init; } = "";

    public IReadOnlyList<string> Goals { get; init; } = [];

    public IReadOnlyList<string> TestableHypotheses { get; init; } = [];

    public string Reasoning { get; init; } = "";

    public IReadOnlyList<string> StudySteps { get; init; } = [];

    /// <summary>The retrieved articles it cites (by id or in its text): its "relevant articles".</summary>
    public IReadOnlyList<ArticleReference> Articles { get; init; } = [];

    /// <summary>References the citation check removed because they name nothing retrieved for the run.</summary>
    public IReadOnlyList<Literature.RemovedCitation> RemovedCitations { get; init; } = [];

    public required ProposalOrigin Origin { get; init; }

    /// <summary>The generation or evolution strategy that produced it.</summary>
    public string Strategy { get; init; } = "";

    public IReadOnlyList<string> ParentIds { get; init; } = [];

    public ProposalStatus Status { get; init; } = ProposalStatus.Active;

    public string? StatusReason { get; init; }

    public string? DuplicateOf { get; init; }

    public bool Simulated { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Visible in results: not unsafe.</summary>
    public bool IsShown => Status != ProposalStatus.Unsafe;
}
