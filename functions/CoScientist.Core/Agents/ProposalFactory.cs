using CoScientist.Core.Literature;
using CoScientist.Core.Proposals;

namespace CoScientist.Core.Agents;

/// <summary>Turns a model's <see cref="ProposalDraft"/> into a stored proposal keyed by its task, its citations checked.</summary>
public static class ProposalFactory
{
    public static string IdFor(string taskId) => "P-" + taskId;

    /// <summary>
    /// The proposal, after the citation check: cited ids and references in its text that name
    /// nothing retrieved for the run are removed and listed in <see cref="Proposal.RemovedCitations"/>;
    /// the ones that hold become its relevant articles.
    /// </summary>
    public static async Task<Proposal> CreateAsync(
        RunLiterature literature,
        ProposalDraft draft,
        AgentContext context,
        ProposalOrigin origin,
        string strategy,
        IReadOnlyList<Article> provided,
        IReadOnlyList<string>? parentIds = null,
        CancellationToken cancellationToken = default)
    {
        var (proposal, check) = await literature.CheckCitationsAsync(context, provided, checker => FromDraft(draft, context, origin, strategy, checker, parentIds), cancellationToken);
        return proposal with { Articles = check.Articles, RemovedCitations = check.Removed };
    }

    /// <summary>The proposal with its text cleaned by <paramref name="checker"/> (which collects the citations that hold and those removed).</summary>
    public static Proposal FromDraft(
        ProposalDraft draft,
        AgentContext context,
        ProposalOrigin origin,
        string strategy,
        CitationChecker checker,
        IReadOnlyList<string>? parentIds = null)
    {
        checker.CheckIds(draft.CitedArticleIds);
        return new()
        {
            Id = IdFor(context.TaskId),
            RunId = context.Run.Id,
            TaskId = context.TaskId,
            Round = context.Round,
            Title = checker.Clean(draft.Title, "title").Trim(),
            Statement = checker.Clean(draft.Statement, "statement").Trim(),
            Background = checker.Clean(draft.Background, "background"),
            UnmetNeed = checker.Clean(draft.UnmetNeed, "unmet need"),
            ProposedSolution = checker.Clean(draft.ProposedSolution, "proposed solution"),
            Goals = checker.Clean(draft.Goals, "goals"),
            TestableHypotheses = checker.Clean(draft.TestableHypotheses, "testable hypotheses"),
            Reasoning = checker.Clean(draft.Reasoning, "reasoning"),
            StudySteps = checker.Clean(draft.StudySteps, "study steps"),
            Articles = checker.Articles,
            RemovedCitations = checker.Removed,
            Origin = origin,
            Strategy = strategy,
            ParentIds = parentIds ?? [],
            Simulated = context.Meter.Simulated,
            CreatedAt = context.Now,
        };
    }
}
