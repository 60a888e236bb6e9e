using System.Text;
using CoScientist.Literature;
using CoScientist.Llm;
using CoScientist.Proposals;

namespace CoScientist.Agents.Generation;

/// <summary>
/// Writes new proposals by one of four strategies: literature exploration, simulated scientific
/// debate, testable-assumption identification, and research expansion guided by the meta-review.
/// </summary>
public sealed class GenerationAgent(StructuredChat chat, RunLiterature literature)
{
    public const string Literature = "literature";
    public const string Debate = "debate";
    public const string Assumptions = "assumptions";
    public const string Expansion = "expansion";

    public static readonly IReadOnlyList<string> Strategies = [Literature, Debate, Assumptions, Expansion];

    /// <summary>Expert turns before the moderator concludes a generation debate.</summary>
    public const int DebateTurns = 3;

    private static readonly string[] DebateSpeakers = ["a domain expert", "a sceptical methodologist", "an expert from an adjacent field"];

    public async Task<Proposal> GenerateAsync(
        AgentContext context,
        string strategy,
        IReadOnlyList<Proposal> existing,
        CancellationToken cancellationToken = default)
    {
        var instructions = PromptLibrary.Render("generation-instructions", new Dictionary<string, string>
        {
            ["feedback"] = PromptSections.Feedback(context.MetaReview, m => m.GenerationFeedback),
        });
        var existingTitles = PromptSections.Lines(existing.Select(p => p.Title));
        IReadOnlyList<Article> articles = [];
        ProposalDraft draft;
        switch (strategy)
        {
            case Literature:
                var queries = await chat.AskAsync<SearchQueriesAnswer>(
                    ModelSlot.Generation, instructions, Render("generation-queries", context), context.Meter, cancellationToken);
                articles = await literature.SearchAsync(context.Run, queries.Queries, cancellationToken);
                draft = await AskDraftAsync(instructions, Render("generation-literature", context, ("articles", PromptSections.Articles(articles)), ("existing", existingTitles)), context, cancellationToken);
                break;

            case Debate:
                var transcript = new StringBuilder();
                for (var turn = 1; turn <= DebateTurns; turn++)
                {
                    var speaker = DebateSpeakers[(turn - 1) % DebateSpeakers.Length];
                    var said = await chat.AskAsync<DebateTurnAnswer>(
                        ModelSlot.Generation,
                        instructions,
                        Render("generation-debate-turn", context, ("speaker", speaker), ("turn", turn.ToString()), ("turns", DebateTurns.ToString()), ("transcript", Transcript(transcript))),
                        context.Meter,
                        cancellationToken);
                    transcript.Append("**").Append(speaker).Append("**: ").Append(said.Argument.Trim()).Append("\n\n");
                }

                draft = await AskDraftAsync(instructions, Render("generation-debate-conclusion", context, ("transcript", Transcript(transcript)), ("existing", existingTitles)), context, cancellationToken);
                break;

            case Assumptions:
                var assumptions = await chat.AskAsync<AssumptionsAnswer>(
                    ModelSlot.Generation, instructions, Render("generation-assumptions", context), context.Meter, cancellationToken);
                var listed = PromptSections.Lines(assumptions.Assumptions.Select(a => $"{a.Statement} (test: {a.Test})"));
                draft = await AskDraftAsync(instructions, Render("generation-assumptions-proposal", context, ("assumptions", listed), ("existing", existingTitles)), context, cancellationToken);
                break;

            case Expansion:
                draft = await AskDraftAsync(instructions, Render("generation-expansion", context, ("existing", existingTitles)), context, cancellationToken);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(strategy), strategy, $"Unknown generation strategy; known: {string.Join(", ", Strategies)}.");
        }

        return ProposalFactory.FromDraft(draft, context, ProposalOrigin.Generated, strategy, articles);
    }

    private Task<ProposalDraft> AskDraftAsync(string instructions, string prompt, AgentContext context, CancellationToken cancellationToken) =>
        chat.AskAsync<ProposalDraft>(ModelSlot.Generation, instructions, prompt, context.Meter, cancellationToken);

    private static string Transcript(StringBuilder transcript) => transcript.Length == 0 ? "(nothing yet)" : transcript.ToString().TrimEnd();

    private static string Render(string template, AgentContext context, params (string Key, string Value)[] values)
    {
        var all = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        all["goal"] = context.Goal;
        return PromptLibrary.Render(template, all);
    }
}
