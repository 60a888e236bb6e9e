using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Agents.Reflection;

/// <summary>
/// Reviews proposals: initial (no tools), full (with literature), deep verification,
/// observation, simulation, and tournament-informed review.
/// </summary>
public sealed class ReflectionAgent(StructuredChat chat, RunLiterature literature)
{
    public Task<Review> ReviewAsync(
        AgentContext context,
        ReviewKind kind,
        Proposal proposal,
        IReadOnlyList<MatchRecord> matchesOfProposal,
        CancellationToken cancellationToken = default) =>
        ReviewAsync(context, kind, proposal, matchesOfProposal, [], cancellationToken);

    /// <summary>Reviews <paramref name="proposal"/>; the review's citations are checked against what was retrieved for the run.</summary>
    /// <param name="given">Articles a full review must read besides what it searches (a literature scan's new papers).</param>
    public async Task<Review> ReviewAsync(
        AgentContext context,
        ReviewKind kind,
        Proposal proposal,
        IReadOnlyList<MatchRecord> matchesOfProposal,
        IReadOnlyList<Article> given,
        CancellationToken cancellationToken = default)
    {
        var instructions = PromptLibrary.Render("reflection-instructions", new Dictionary<string, string>
        {
            ["feedback"] = PromptSections.Feedback(context.MetaReview, m => m.ReflectionFeedback),
        });
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["goal"] = context.Goal,
            ["proposal"] = PromptSections.Proposal(proposal),
        };
        IReadOnlyList<Article> articles = [];
        string template;
        switch (kind)
        {
            case ReviewKind.Initial:
                template = "reflection-initial";
                break;
            case ReviewKind.Full:
                template = "reflection-full";

                // Queries from the proposal's key terms: a whole statement as a query finds nothing.
                var found = await literature.SearchAsync(context, QueriesFor(proposal), cancellationToken);
                articles = [.. given.Concat(found).DistinctBy(a => ArticleKeys.Of(a.Id) ?? a.Id, StringComparer.Ordinal).Take(RunLiterature.MaxArticles)];
                values["articles"] = PromptSections.Articles(articles);
                break;
            case ReviewKind.DeepVerification:
                template = "reflection-deep-verification";
                break;
            case ReviewKind.Observation:
                template = "reflection-observation";
                break;
            case ReviewKind.Simulation:
                template = "reflection-simulation";
                break;
            case ReviewKind.TournamentInformed:
                template = "reflection-tournament";
                values["matches"] = PromptSections.Lines(matchesOfProposal.Select(m =>
                    $"{(m.WinnerId == proposal.Id ? "won" : "lost")} against {(m.ProposalA == proposal.Id ? m.ProposalB : m.ProposalA)}: {m.Rationale}"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "The Reflection agent does not write this kind of review.");
        }

        var answer = await chat.AskAsync<ReviewAnswer>(
            ModelSlot.Reflection, instructions, PromptLibrary.Render(template, values), context.Meter, cancellationToken);

        // Only the initial review gates the tournament; later reviews inform, they do not reject.
        var verdict = kind == ReviewKind.Initial ? answer.Verdict : ReviewVerdict.Pass;
        var rejection = answer.Scores.Safety <= 1 ? RejectionReason.Unsafe : answer.Rejection;
        if (verdict == ReviewVerdict.Pass && rejection != RejectionReason.Unsafe)
        {
            rejection = RejectionReason.None;
        }

        var (review, check) = await literature.CheckCitationsAsync(
            context,
            articles,
            checker =>
            {
                checker.CheckIds(answer.CitedArticleIds);
                return new Review
                {
                    Id = context.TaskId,
                    RunId = context.Run.Id,
                    ProposalId = proposal.Id,
                    Kind = kind,
                    Round = context.Round,
                    Verdict = rejection == RejectionReason.Unsafe ? ReviewVerdict.Reject : verdict,
                    Rejection = rejection,
                    Scores = answer.Scores,
                    Summary = checker.Clean(answer.Summary, "summary"),
                    Strengths = checker.Clean(answer.Strengths ?? [], "strengths"),
                    Weaknesses = checker.Clean(answer.Weaknesses ?? [], "weaknesses"),
                    Findings = [.. (answer.Findings ?? []).Select((f, i) => f with
                    {
                        Statement = checker.Clean(f.Statement, $"finding {i + 1}"),
                        Assessment = checker.Clean(f.Assessment, $"finding {i + 1}"),
                    })],
                    Simulated = context.Meter.Simulated,
                    CreatedAt = context.Now,
                };
            },
            cancellationToken);
        return review with { Articles = check.Articles, RemovedCitations = check.Removed };
    }

    /// <summary>The searches of a full review: the key terms of the proposal's title and of its statement.</summary>
    public static IReadOnlyList<string> QueriesFor(Proposal proposal) =>
        [.. new[] { KeyTerms.Query(proposal.Title), KeyTerms.Query(proposal.Statement) }.Where(q => q.Length > 0).Distinct(StringComparer.Ordinal)];
}
