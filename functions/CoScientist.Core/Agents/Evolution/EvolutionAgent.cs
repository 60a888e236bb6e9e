using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;

namespace CoScientist.Core.Agents.Evolution;

/// <summary>
/// Writes new proposals from existing ones. Evolved proposals enter the tournament as new
/// entries with their parents recorded; the parents stay.
/// </summary>
public sealed class EvolutionAgent(StructuredChat chat, RunLiterature literature)
{
    public const string Grounding = "grounding";
    public const string Coherence = "coherence";
    public const string Inspiration = "inspiration";
    public const string Combination = "combination";
    public const string Simplification = "simplification";
    public const string OutOfTheBox = "out-of-the-box";

    public static readonly IReadOnlyList<string> Strategies = [Grounding, Coherence, Inspiration, Combination, Simplification, OutOfTheBox];

    private static readonly Dictionary<string, string> StrategyInstructions = new(StringComparer.Ordinal)
    {
        [Grounding] = "Strengthen the proposal with the literature below: replace unsupported claims with evidence, and revise any step the evidence contradicts.",
        [Coherence] = "Make the proposal more coherent and feasible: fix the logical gaps and the practical obstacles its reviews point out, keeping its central idea.",
        [Inspiration] = "Take inspiration from the proposals below, which lead the tournament, and write a new proposal that borrows what makes them strong without copying them.",
        [Combination] = "Combine the best parts of the proposals below into one proposal that is stronger than each.",
        [Simplification] = "Simplify the proposal: keep its core hypothesis, drop what is not needed, and make it quicker and cheaper to test.",
        [OutOfTheBox] = "Depart from the proposals below: keep the goal, but take an unconventional direction that none of them considers.",
    };

    public async Task<Proposal> EvolveAsync(
        AgentContext context,
        string strategy,
        IReadOnlyList<Proposal> parents,
        IReadOnlyList<Review> reviews,
        CancellationToken cancellationToken = default)
    {
        if (!StrategyInstructions.TryGetValue(strategy, out var strategyInstructions))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, $"Unknown evolution strategy; known: {string.Join(", ", Strategies)}.");
        }

        if (parents.Count == 0)
        {
            throw new ArgumentException("Evolution needs at least one parent proposal.", nameof(parents));
        }

        IReadOnlyList<Article> articles = strategy == Grounding
            ? await literature.SearchAsync(context, parents.Select(p => p.Title), cancellationToken)
            : [];
        var instructions = PromptLibrary.Render("evolution-instructions", new Dictionary<string, string>
        {
            ["feedback"] = PromptSections.Feedback(context.MetaReview, m => m.GenerationFeedback),
        });
        var prompt = PromptLibrary.Render("evolution-evolve", new Dictionary<string, string>
        {
            ["strategy"] = strategy,
            ["strategyInstructions"] = strategyInstructions,
            ["goal"] = context.Goal,
            ["parents"] = string.Join("\n\n", parents.Select(p => PromptSections.Proposal(p, tag: "parent"))),
            ["reviews"] = PromptSections.Reviews(reviews.Where(r => parents.Any(p => p.Id == r.ProposalId))),
            ["articles"] = PromptSections.Articles(articles),
        });
        var draft = await chat.AskAsync<ProposalDraft>(ModelSlot.Evolution, instructions, prompt, context.Meter, cancellationToken);
        return await ProposalFactory.CreateAsync(literature, draft, context, ProposalOrigin.Evolved, strategy, articles, [.. parents.Select(p => p.Id)], cancellationToken);
    }
}
