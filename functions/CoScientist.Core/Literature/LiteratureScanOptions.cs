namespace CoScientist.Core.Literature;

/// <summary>How scheduled literature scans look for new papers and what they ask of a run (section <c>LiteratureScan</c>).</summary>
public sealed class LiteratureScanOptions
{
    public const string SectionName = "LiteratureScan";

    /// <summary>Leading proposals a new paper is matched against (and re-reviewed when it bears on them).</summary>
    public int TopProposals { get; set; } = 5;

    /// <summary>Leading proposals whose titles become search queries, besides the goal and the plan's topics.</summary>
    public int QueryProposals { get; set; } = 3;

    /// <summary>Most queries per run and scan.</summary>
    public int MaxQueries { get; set; } = 5;

    /// <summary>Articles asked of the sources per query.</summary>
    public int ArticlesPerQuery { get; set; } = 10;

    /// <summary>Most new papers one scan records for one run.</summary>
    public int MaxNewArticles { get; set; } = 20;

    /// <summary>Content words a paper must share with a proposal (beyond the goal's own words) to bear on it.</summary>
    public int MinSharedTerms { get; set; } = 2;

    /// <summary>Proposals Generation writes when new papers bear on none of the leaders (a direction the run has not explored); 0 for none.</summary>
    public int NewProposals { get; set; } = 2;

    /// <summary>Tournament matches added to an explicit match budget per new proposal.</summary>
    public int MatchesPerNewProposal { get; set; } = 5;

    /// <summary>A scan round may spend this share of the run's cost and token budgets again (they grow by it).</summary>
    public double BudgetExtension { get; set; } = 0.25;

    public IEnumerable<string> Validate()
    {
        if (TopProposals < 1 || QueryProposals < 0 || MaxQueries < 1 || ArticlesPerQuery is < 1 or > 100 || MaxNewArticles < 1)
        {
            yield return "LiteratureScan: TopProposals, MaxQueries and MaxNewArticles must be at least 1, QueryProposals at least 0, ArticlesPerQuery between 1 and 100.";
        }

        // A scan round re-reviews each leader a new paper bears on, next to up to 20 new proposals: kept
        // within one round's task cap (Supervisor:MaxTasksPerRound, 64), so a scan cannot crowd out other runs.
        if (TopProposals > 40)
        {
            yield return $"LiteratureScan:TopProposals must be at most 40 (got {TopProposals}).";
        }

        if (MinSharedTerms < 1)
        {
            yield return "LiteratureScan:MinSharedTerms must be at least 1.";
        }

        if (NewProposals is < 0 or > 20 || MatchesPerNewProposal < 0)
        {
            yield return "LiteratureScan:NewProposals must be between 0 and 20, MatchesPerNewProposal at least 0.";
        }

        if (BudgetExtension is < 0 or > 10)
        {
            yield return "LiteratureScan:BudgetExtension must be between 0 and 10.";
        }
    }
}
