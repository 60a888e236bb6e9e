using System.Globalization;
using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Agents.MetaReviewer;

/// <summary>
/// Finds recurring patterns in reviews and debates and feeds them back into the Generation and
/// Reflection prompts; writes the research overview and NIH Specific Aims pages.
/// </summary>
public sealed class MetaReviewAgent(StructuredChat chat, Storage.RunStore? store = null)
{
    /// <summary>Reviews and matches read by one meta-review, newest first: enough to see patterns, bounded in tokens.</summary>
    public const int MaxItems = 40;

    public async Task<MetaReview> MetaReviewAsync(
        AgentContext context,
        IReadOnlyList<Review> reviews,
        IReadOnlyList<MatchRecord> matches,
        CancellationToken cancellationToken = default)
    {
        var prompt = PromptLibrary.Render("metareview-patterns", new Dictionary<string, string>
        {
            ["goal"] = context.Goal,
            ["reviews"] = PromptSections.Reviews(reviews.OrderByDescending(r => r.Round).ThenBy(r => r.Id, StringComparer.Ordinal).Take(MaxItems)),
            ["matches"] = PromptSections.Lines(matches.OrderByDescending(m => m.Round).ThenBy(m => m.Id, StringComparer.Ordinal).Take(MaxItems).Select(m => m.Rationale)),
        });
        var answer = await chat.AskAsync<MetaReviewAnswer>(
            ModelSlot.MetaReview, PromptLibrary.Load("metareview-instructions"), prompt, context.Meter, cancellationToken);
        return new MetaReview
        {
            Id = context.TaskId,
            RunId = context.Run.Id,
            Round = context.Round,
            RecurringPatterns = answer.RecurringPatterns ?? [],
            GenerationFeedback = answer.GenerationFeedback,
            ReflectionFeedback = answer.ReflectionFeedback,
            Simulated = context.Meter.Simulated,
            CreatedAt = context.Now,
        };
    }

    public Task<ResearchOverview> OverviewAsync(
        AgentContext context,
        IReadOnlyList<(Proposal Proposal, double Elo)> ranked,
        ProximityGraph? graph,
        CancellationToken cancellationToken = default) =>
        OverviewAsync(context, ranked, graph, [], cancellationToken);

    /// <summary>The research overview; <paramref name="newLiterature"/> (from literature scans) is shown to the model and kept as the overview's "new literature" sections.</summary>
    public async Task<ResearchOverview> OverviewAsync(
        AgentContext context,
        IReadOnlyList<(Proposal Proposal, double Elo)> ranked,
        ProximityGraph? graph,
        IReadOnlyList<LiteratureUpdate> newLiterature,
        CancellationToken cancellationToken = default)
    {
        var top = ranked.Take(12).ToList();
        var prompt = PromptLibrary.Render("metareview-overview", new Dictionary<string, string>
        {
            ["goal"] = context.Goal,
            ["proposals"] = string.Join("\n\n", top.Select(r =>
                $"[{r.Elo.ToString("F0", CultureInfo.InvariantCulture)}] " + PromptSections.Proposal(r.Proposal))),
            ["clusters"] = graph is null
                ? "(not computed)"
                : PromptSections.Lines(graph.Clusters.Select(c => string.Join(", ", c))),
            ["metaReview"] = PromptSections.Feedback(context.MetaReview, m => string.Join("\n", m.RecurringPatterns)),
            ["newLiterature"] = PromptSections.Lines(newLiterature.SelectMany(u => u.Articles.Select(a =>
                $"[{a.Article.Id}] {a.Article.Title}{(a.Year is { } y ? $" ({y})" : "")}, found {u.ScannedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; bears on: {(a.BearsOn.Count == 0 ? "no leading proposal" : string.Join(", ", a.BearsOn))}"))),
        });
        var answer = await chat.AskAsync<OverviewAnswer>(
            ModelSlot.MetaReview, PromptLibrary.Load("metareview-instructions"), prompt, context.Meter, cancellationToken);

        // Every text the scientist reads is checked: a reference to nothing retrieved for the run is removed and listed.
        var checker = await CheckerAsync(context, cancellationToken);
        answer = answer with
        {
            Summary = checker.Clean(answer.Summary, "overview summary"),
            Areas = [.. answer.Areas.Select((a, i) => a with
            {
                Description = checker.Clean(a.Description, $"area {i + 1}"),
                SuggestedExperiments = checker.Clean(a.SuggestedExperiments, $"area {i + 1} experiments"),
            })],
            OpenQuestions = checker.Clean(answer.OpenQuestions, "open questions"),
        };

        // The overview may cite only proposals that exist and are shown; anything else is dropped.
        var known = ranked.Where(r => r.Proposal.IsShown).Select(r => r.Proposal.Id).ToHashSet(StringComparer.Ordinal);
        var areas = answer.Areas
            .Select(a => a with { ProposalIds = [.. (a.ProposalIds ?? []).Where(known.Contains).Distinct(StringComparer.Ordinal)] })
            .Where(a => a.ProposalIds.Count > 0 || !string.IsNullOrWhiteSpace(a.Description))
            .ToList();
        return new ResearchOverview
        {
            RunId = context.Run.Id,
            Summary = answer.Summary,
            Areas = areas,
            TopProposalIds = [.. top.Where(r => r.Proposal.IsShown).Select(r => r.Proposal.Id)],
            OpenQuestions = answer.OpenQuestions ?? [],
            PossibleCollaborators = answer.PossibleCollaborators ?? [],
            NewLiterature = newLiterature,
            RemovedCitations = checker.Removed,
            Simulated = context.Meter.Simulated,
            CreatedAt = context.Now,
        };
    }

    public async Task<SpecificAimsPage> SpecificAimsAsync(
        AgentContext context,
        Proposal proposal,
        IReadOnlyList<Review> reviews,
        CancellationToken cancellationToken = default)
    {
        var prompt = PromptLibrary.Render("metareview-aims", new Dictionary<string, string>
        {
            ["goal"] = context.Goal,
            ["proposal"] = PromptSections.Proposal(proposal),
            ["reviews"] = PromptSections.Reviews(reviews.Where(r => r.ProposalId == proposal.Id)),
        });
        var answer = await chat.AskAsync<SpecificAimsAnswer>(
            ModelSlot.MetaReview, PromptLibrary.Load("metareview-instructions"), prompt, context.Meter, cancellationToken);
        var checker = await CheckerAsync(context, cancellationToken);
        return new SpecificAimsPage(
            proposal.Id,
            answer.Title,
            checker.Clean(answer.Introduction, "introduction"),
            [.. answer.Aims.Select((a, i) => a with
            {
                Hypothesis = checker.Clean(a.Hypothesis, $"aim {i + 1}"),
                Approach = checker.Clean(a.Approach, $"aim {i + 1}"),
                ExpectedOutcome = checker.Clean(a.ExpectedOutcome, $"aim {i + 1}"),
            })],
            checker.Clean(answer.Impact, "impact"),
            context.Meter.Simulated)
        {
            RemovedCitations = checker.Removed,
        };
    }

    /// <summary>A citation check against everything retrieved for the run and its attached context.</summary>
    private async Task<CitationChecker> CheckerAsync(AgentContext context, CancellationToken cancellationToken)
    {
        var retrieved = store is null ? [] : (await store.ListLiteratureAsync(context.Run.Id, cancellationToken)).Select(r => r.Article);
        return new CitationChecker([.. retrieved, .. new AttachedContextLiterature(context.Run.Goal.AttachedContext).Passages]);
    }
}
