using CoScientist.Literature;
using CoScientist.Llm;
using CoScientist.Proposals;
using CoScientist.Reviews;
using CoScientist.Tournament;

namespace CoScientist.Agents.Reflection;

/// <summary>
/// Reviews proposals: initial (no tools), full (with literature), deep verification,
/// observation, simulation, and tournament-informed review.
/// </summary>
public sealed class ReflectionAgent(StructuredChat chat, RunLiterature literature)
{
    public async Task<Review> ReviewAsync(
        AgentContext context,
        ReviewKind kind,
        Proposal proposal,
        IReadOnlyList<MatchRecord> matchesOfProposal,
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
                articles = await literature.SearchAsync(context.Run, [proposal.Title, proposal.Statement], cancellationToken);
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
            Summary = answer.Summary,
            Strengths = answer.Strengths ?? [],
            Weaknesses = answer.Weaknesses ?? [],
            Findings = answer.Findings ?? [],
            Simulated = context.Meter.Simulated,
            CreatedAt = context.Now,
        };
    }
}
