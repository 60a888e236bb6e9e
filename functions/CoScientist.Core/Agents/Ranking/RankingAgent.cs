using System.Text;
using CoScientist.Core.Llm;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Agents.Ranking;

/// <summary>
/// Plays one tournament match: a single-turn comparison, or for pairs near the top a multi-turn
/// debate between advocates followed by a verdict. Which proposal is shown first is decided by
/// the task's own random source, so the judge's position bias does not favour either; a
/// single-turn comparison may also be asked in both orders (<see cref="PlayBothOrdersAsync"/>)
/// so the bias cancels out.
/// </summary>
public sealed class RankingAgent(StructuredChat chat)
{
    public const int DebateTurns = 3;

    public async Task<MatchRecord> PlayAsync(
        AgentContext context,
        Proposal first,
        Proposal second,
        IReadOnlyList<Review> reviews,
        bool debate,
        CancellationToken cancellationToken = default)
    {
        var swap = context.Random.Next(2) == 1;
        var (a, b) = swap ? (second, first) : (first, second);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["goal"] = context.Goal,
            ["proposalA"] = PromptSections.Proposal(a, "A"),
            ["proposalB"] = PromptSections.Proposal(b, "B"),
            ["reviews"] = PromptSections.Reviews(reviews.Where(r => r.ProposalId == a.Id || r.ProposalId == b.Id)),
        };
        var instructions = PromptLibrary.Load("ranking-instructions");
        var transcript = new List<DebateTurn>();
        MatchVerdictAnswer verdict;
        if (debate)
        {
            string[] speakers = ["the advocate of A", "the advocate of B", "the advocate of A"];
            for (var turn = 1; turn <= DebateTurns; turn++)
            {
                var speaker = speakers[(turn - 1) % speakers.Length];
                values["speaker"] = speaker;
                values["turn"] = turn.ToString();
                values["turns"] = DebateTurns.ToString();
                values["transcript"] = Render(transcript);
                var said = await chat.AskAsync<DebateTurnAnswer>(
                    ModelSlot.RankingDebate, instructions, PromptLibrary.Render("ranking-debate-turn", values), context.Meter, cancellationToken);
                transcript.Add(new DebateTurn(speaker, said.Argument.Trim()));
            }

            values["transcript"] = Render(transcript);
            verdict = await chat.AskAsync<MatchVerdictAnswer>(
                ModelSlot.RankingDebate, instructions, PromptLibrary.Render("ranking-debate-verdict", values), context.Meter, cancellationToken);
        }
        else
        {
            verdict = await chat.AskAsync<MatchVerdictAnswer>(
                ModelSlot.RankingSingleTurn, instructions, PromptLibrary.Render("ranking-compare", values), context.Meter, cancellationToken);
        }

        return new MatchRecord
        {
            Id = context.TaskId,
            RunId = context.Run.Id,
            Round = context.Round,
            ProposalA = first.Id,
            ProposalB = second.Id,
            WinnerId = verdict.Winner == "A" ? a.Id : b.Id,
            Format = debate ? MatchFormat.Debate : MatchFormat.SingleTurn,
            Rationale = verdict.Rationale,
            Transcript = transcript,
            Simulated = context.Meter.Simulated,
            CreatedAt = context.Now,
        };
    }

    /// <summary>
    /// A single-turn comparison asked twice, <paramref name="first"/> shown first and then
    /// second. Agreeing verdicts decide the match; opposite ones make it a draw or, with
    /// <see cref="DisagreementResolution.Debate"/>, a debate decides.
    /// </summary>
    public async Task<MatchRecord> PlayBothOrdersAsync(
        AgentContext context,
        Proposal first,
        Proposal second,
        IReadOnlyList<Review> reviews,
        DisagreementResolution disagreement,
        CancellationToken cancellationToken = default)
    {
        var forward = await CompareAsync(context, first, second, reviews, cancellationToken);
        var backward = await CompareAsync(context, second, first, reviews, cancellationToken);
        var forwardWinner = forward.Winner == "A" ? first : second;
        var backwardWinner = backward.Winner == "A" ? second : first;
        var rationale = $"With {first.Id} shown first, {forwardWinner.Id} won: {forward.Rationale}\n\nWith {second.Id} shown first, {backwardWinner.Id} won: {backward.Rationale}";
        if (forwardWinner.Id != backwardWinner.Id && disagreement == DisagreementResolution.Debate)
        {
            var decided = await PlayAsync(context, first, second, reviews, debate: true, cancellationToken);
            return decided with
            {
                BothOrders = true,
                Rationale = $"The two presentation orders disagreed, so a debate decided. {decided.Rationale}\n\n{rationale}",
            };
        }

        var draw = forwardWinner.Id != backwardWinner.Id;
        return new MatchRecord
        {
            Id = context.TaskId,
            RunId = context.Run.Id,
            Round = context.Round,
            ProposalA = first.Id,
            ProposalB = second.Id,
            WinnerId = draw ? first.Id : forwardWinner.Id,
            Draw = draw,
            BothOrders = true,
            Format = MatchFormat.SingleTurn,
            Rationale = draw ? $"The two presentation orders disagreed: a draw.\n\n{rationale}" : rationale,
            Simulated = context.Meter.Simulated,
            CreatedAt = context.Now,
        };
    }

    /// <summary>One single-turn comparison with <paramref name="a"/> shown first.</summary>
    public Task<MatchVerdictAnswer> CompareAsync(AgentContext context, Proposal a, Proposal b, IReadOnlyList<Review> reviews, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["goal"] = context.Goal,
            ["proposalA"] = PromptSections.Proposal(a, "A"),
            ["proposalB"] = PromptSections.Proposal(b, "B"),
            ["reviews"] = PromptSections.Reviews(reviews.Where(r => r.ProposalId == a.Id || r.ProposalId == b.Id)),
        };
        return chat.AskAsync<MatchVerdictAnswer>(
            ModelSlot.RankingSingleTurn, PromptLibrary.Load("ranking-instructions"), PromptLibrary.Render("ranking-compare", values), context.Meter, cancellationToken);
    }

    private static string Render(List<DebateTurn> transcript)
    {
        if (transcript.Count == 0)
        {
            return "(nothing yet)";
        }

        var text = new StringBuilder();
        foreach (var turn in transcript)
        {
            text.Append("**").Append(turn.Speaker).Append("**: ").Append(PromptSections.Data(turn.Text)).Append("\n\n");
        }

        return $"<debate>\n{text.ToString().TrimEnd()}\n</debate>";
    }
}
