namespace CoScientist.MetaReviews;

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

    public bool Simulated { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One aim of an NIH Specific Aims page.</summary>
public sealed record SpecificAim(string Title, string Hypothesis, string Approach, string ExpectedOutcome);

/// <summary>An NIH-style Specific Aims page for one proposal.</summary>
public sealed record SpecificAimsPage(
    string ProposalId,
    string Title,
    string Introduction,
    IReadOnlyList<SpecificAim> Aims,
    string Impact,
    bool Simulated);
