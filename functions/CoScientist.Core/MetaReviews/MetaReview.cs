namespace CoScientist.Core.MetaReviews;

/// <summary>Recurring patterns found across reviews and debates, fed back into Generation and Reflection prompts.</summary>
public sealed record MetaReview
{
    public required string Id { get; init; }

    public required string RunId { get; init; }

    public required int Round { get; init; }

    public IReadOnlyList<string> RecurringPatterns { get; init; } = [];

    public required string GenerationFeedback { get; init; }

    public required string ReflectionFeedback { get; init; }

    public bool Simulated { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One research area of the overview, with the proposals that belong to it.</summary>
public sealed record ResearchArea(
    string Title,
    string Description,
    IReadOnlyList<string> ProposalIds,
    IReadOnlyList<string> SuggestedExperiments);

/// <summary>The research overview handed back with the ranked proposals.</summary>
public sealed record ResearchOverview
{
    public required string RunId { get; init; }

    public required string Summary { get; init; }

    public IReadOnlyList<ResearchArea> Areas { get; init; } = [];

    public IReadOnlyList<string> TopProposalIds { get; init; } = [];

    public IReadOnlyList<string> OpenQuestions { get; init; } = [];

    public IReadOnlyList<string> PossibleCollaborators { get; init; } = [];

    /// <summary>"New literature since" sections, newest first: what literature scans found after the run, from the run's records (not from the model).</summary>
    public IReadOnlyList<LiteratureUpdate> NewLiterature { get; init; } = [];

    /// <summary>References the citation check removed from the overview because they name nothing retrieved for the run.</summary>
    public IReadOnlyList<Literature.RemovedCitation> RemovedCitations { get; init; } = [];

    public bool Simulated { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A new paper a literature scan found, with the leading proposals it bears on.</summary>
public sealed record NewLiteratureArticle(Proposals.ArticleReference Article, int? Year, IReadOnlyList<string> BearsOn);

/// <summary>
/// What one literature scan found: papers newer than <paramref name="Since"/>, the leading
/// proposals re-reviewed with them, and the proposals written from a direction they opened.
/// </summary>
public sealed record LiteratureUpdate(
    DateTimeOffset Since,
    DateTimeOffset ScannedAt,
    IReadOnlyList<NewLiteratureArticle> Articles,
    IReadOnlyList<string> ReviewedProposalIds,
    IReadOnlyList<string> NewProposalIds);

/// <summary>One aim of an NIH Specific Aims page.</summary>
public sealed record SpecificAim(string Title, string Hypothesis, string Approach, string ExpectedOutcome);

/// <summary>An NIH-style Specific Aims page for one proposal.</summary>
public sealed record SpecificAimsPage(
    string ProposalId,
    string Title,
    string Introduction,
    IReadOnlyList<SpecificAim> Aims,
    string Impact,
    bool Simulated)
{
    /// <summary>References the citation check removed because they name nothing retrieved for the run.</summary>
    public IReadOnlyList<Literature.RemovedCitation> RemovedCitations { get; init; } = [];
}
