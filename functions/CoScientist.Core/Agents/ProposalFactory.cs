using CoScientist.Literature;
using CoScientist.Proposals;

namespace CoScientist.Agents;

/// <summary>Turns a model's <see cref="ProposalDraft"/> into a stored proposal keyed by its task.</summary>
public static class ProposalFactory
{
    public static string IdFor(string taskId) => "P-" + taskId;

    public static Proposal FromDraft(
        ProposalDraft draft,
        AgentContext context,
        ProposalOrigin origin,
        string strategy,
        IReadOnlyList<Article> provided,
        IReadOnlyList<string>? parentIds = null) => new()
        {
            Id = IdFor(context.TaskId),
            RunId = context.Run.Id,
            TaskId = context.TaskId,
            Round = context.Round,
            Title = draft.Title.Trim(),
            Statement = draft.Statement.Trim(),
            Background = draft.Background ?? "",
            UnmetNeed = draft.UnmetNeed ?? "",
            ProposedSolution = draft.ProposedSolution,
            Goals = draft.Goals ?? [],
            TestableHypotheses = draft.TestableHypotheses,
            Reasoning = draft.Reasoning ?? "",
            StudySteps = draft.StudySteps ?? [],
            Articles = RunLiterature.Verified(draft.CitedArticleIds, provided),
            Origin = origin,
            Strategy = strategy,
            ParentIds = parentIds ?? [],
            Simulated = context.Meter.Simulated,
            CreatedAt = context.Now,
        };
}
