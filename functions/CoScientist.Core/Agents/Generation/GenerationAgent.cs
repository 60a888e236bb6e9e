using System.Text;
using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using CoScientist.Core.Proposals;

namespace CoScientist.Core.Agents.Generation;

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

    public Task<Proposal> GenerateAsync(
        AgentContext context,
        string strategy,
        IReadOnlyList<Proposal> existing,
        CancellationToken cancellationToken = default) =>
        GenerateAsync(context, strategy, existing, [], cancellationToken);

    /// <summary>Writes one proposal by <paramref name="strategy"/>; its citations are checked against what was retrieved for the run.</summary>
    /// <param name="given">Articles the literature strategy must read besides what it searches (a literature scan's new papers).</param>
    public async Task<Proposal> GenerateAsync(
        AgentContext context,
        string strategy,
        IReadOnlyList<Proposal> existing,
        IReadOnlyList<Article> given,
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
                // Literature exploration: queries, retrieval, reading and summarising, then proposing.
                var queries = await chat.AskAsync<SearchQueriesAnswer>(
                    ModelSlot.Generation, instructions, Render("generation-queries", context), context.Meter, cancellationToken);
                var found = await literature.SearchAsync(context, queries.Queries, cancellationToken);
                articles = [.. given.Concat(found).DistinctBy(a => ArticleKeys.Of(a.Id) ?? a.Id, StringComparer.Ordinal).Take(RunLiterature.MaxArticles)];
                var summary = await SummariseAsync(instructions, articles, context, cancellationToken);
                draft = await AskDraftAsync(
                    instructions,
                    Render("generation-literature", context, ("articles", PromptSections.Articles(articles)), ("summary", summary), ("existing", existingTitles)),
                    context,
                    cancellationToken);
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
                    transcript.Append("**").Append(speaker).Append("**: ").Append(PromptSections.Data(said.Argument.Trim())).Append("\n\n");
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

        return await ProposalFactory.CreateAsync(literature, draft, context, ProposalOrigin.Generated, strategy, articles, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The model's reading of the articles, as the proposal prompt shows it. Findings about articles
    /// it was not given, and references in the text to such articles, are left out.
    /// </summary>
    private async Task<string> SummariseAsync(string instructions, IReadOnlyList<Article> articles, AgentContext context, CancellationToken cancellationToken)
    {
        if (articles.Count == 0)
        {
            return "(no articles were found: say where evidence is missing rather than inventing references)";
        }

        var answer = await chat.AskAsync<LiteratureSummaryAnswer>(
            ModelSlot.Generation, instructions, Render("generation-literature-summary", context, ("articles", PromptSections.Articles(articles))), context.Meter, cancellationToken);
        var checker = new CitationChecker(articles);
        var text = new StringBuilder(checker.Clean(answer.Summary, "summary").Trim()).Append('\n');
        var findings = answer.Findings.Where(f => checker.Resolve(f.ArticleId) is not null).ToList();
        if (findings.Count > 0)
        {
            text.Append("Findings:\n");
            findings.ForEach(f => text.Append("- [").Append(checker.Resolve(f.ArticleId)!.Id).Append("] ").Append(checker.Clean(f.Finding, "finding").Trim()).Append('\n'));
        }

        var gaps = (answer.Gaps ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).ToList();
        if (gaps.Count > 0)
        {
            text.Append("Gaps:\n");
            gaps.ForEach(g => text.Append("- ").Append(checker.Clean(g, "gap").Trim()).Append('\n'));
        }

        // The model's own words, shown back to it: data like any other text from outside the template.
        return PromptSections.Data(text.ToString().TrimEnd());
    }

    private Task<ProposalDraft> AskDraftAsync(string instructions, string prompt, AgentContext context, CancellationToken cancellationToken) =>
        chat.AskAsync<ProposalDraft>(ModelSlot.Generation, instructions, prompt, context.Meter, cancellationToken);

    private static string Transcript(StringBuilder transcript) => transcript.Length == 0 ? "(nothing yet)" : $"<debate>\n{transcript.ToString().TrimEnd()}\n</debate>";

    private static string Render(string template, AgentContext context, params (string Key, string Value)[] values)
    {
        var all = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        all["goal"] = context.Goal;
        return PromptLibrary.Render(template, all);
    }
}
