using System.Globalization;
using System.Text;
using CoScientist.Core.Literature;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;

namespace CoScientist.Core.Results;

/// <summary>
/// Renders a run's results as Markdown for the scientist: the overview, and one page per proposal. Every piece of
/// text from outside (goal, model output, proposals, reviews, articles) goes through <see cref="MarkdownText"/>.
/// </summary>
public static class MarkdownReport
{
    private const string SimulatedBanner = "> **Simulated output.** This run used the offline simulated model: its text is placeholder science, produced to exercise the pipeline, not research advice.\n\n";

    public static string Overview(RunExport export)
    {
        var run = export.Run;
        var text = new StringBuilder();
        text.Append("# Research overview\n\n");
        if (run.Simulated)
        {
            text.Append(SimulatedBanner);
        }

        text.Append("**Goal:** ").Append(MarkdownText.Escape(run.Goal.Text.Trim())).Append("\n\n");
        text.Append(Invariant($"**Run:** {run.Id} · {run.Status.ToString().ToLowerInvariant()} · model {MarkdownText.Line(run.ModelDescription)} · {export.Statistics.Proposals} proposals · {export.Statistics.Matches} matches · {export.Statistics.Usage.TotalTokens:N0} tokens · ${export.Statistics.Usage.CostUsd:0.0000}\n\n"));
        if (!string.IsNullOrWhiteSpace(run.StopReason))
        {
            text.Append("**Ended because:** ").Append(MarkdownText.Escape(run.StopReason)).Append("\n\n");
        }

        if (export.Literature is { Count: > 0 } literature)
        {
            text.Append(Invariant($"**Literature:** {literature.Count} articles retrieved for this run ({string.Join(", ", literature.GroupBy(r => r.Article.Source).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {MarkdownText.Line(g.Key)}"))}); proposals and reviews cite only these.\n\n"));
        }

        var removedCitations = export.Proposals.Where(p => p.IsShown).Sum(p => p.RemovedCitations.Count) + export.Reviews.Sum(r => r.RemovedCitations.Count);
        if (removedCitations > 0)
        {
            text.Append(Invariant($"**Citation check:** {removedCitations} reference(s) naming no article retrieved for this run were removed from proposals and reviews (each proposal's page lists them).\n\n"));
        }

        var byId = export.Ranking.ToDictionary(r => r.Proposal.Id, StringComparer.Ordinal);
        if (export.Overview is { } overview)
        {
            text.Append("## Summary\n\n").Append(MarkdownText.Escape(overview.Summary)).Append("\n\n");
            foreach (var update in overview.NewLiterature)
            {
                NewLiterature(update, byId, text);
            }

            text.Append("## Research areas\n\n");
            foreach (var area in overview.Areas)
            {
                text.Append("### ").Append(MarkdownText.Line(area.Title)).Append("\n\n").Append(MarkdownText.Escape(area.Description)).Append("\n\n");
                foreach (var id in area.ProposalIds.Where(byId.ContainsKey))
                {
                    text.Append(Invariant($"- {Link(byId[id])}\n"));
                }

                foreach (var experiment in area.SuggestedExperiments)
                {
                    text.Append("- Suggested experiment: ").Append(MarkdownText.Line(experiment)).Append('\n');
                }

                text.Append('\n');
            }

            Bullets("Open questions", overview.OpenQuestions.Select(MarkdownText.Line), text);
            Bullets("Possible collaborators", overview.PossibleCollaborators.Select(MarkdownText.Line), text);
        }
        else
        {
            text.Append("_The research overview was not written for this run._\n\n");
        }

        text.Append("## Leaderboard\n\n")
            .Append("The interval is the 95% range of each proposal's strength fitted from all its matches (Bradley–Terry, Elo scale): ")
            .Append("two proposals whose intervals overlap much are not reliably told apart, and few matches mean a wide interval.\n\n")
            .Append("| Rank | Elo | 95% interval | Games | Proposal | Origin |\n|---:|---:|---:|---:|---|---|\n");
        foreach (var ranked in export.Ranking)
        {
            text.Append(Invariant($"| {ranked.Rank} | {ranked.Elo:F0} | {Interval(ranked)} | {ranked.Games} | {Link(ranked)} | {Origin(ranked.Proposal)} |\n"));
        }

        var removed = export.Proposals.Where(p => p.Status != ProposalStatus.Active).ToList();
        if (removed.Count > 0)
        {
            text.Append("\n## Not in the tournament\n\n");
            foreach (var p in removed)
            {
                var title = p.IsShown ? MarkdownText.Line(p.Title) : "(title withheld)";
                text.Append(Invariant($"- {MarkdownText.Line(p.Id)}: {title} — {p.Status.ToString().ToLowerInvariant()}{(p.StatusReason is null ? "" : ": " + (p.IsShown ? MarkdownText.Line(p.StatusReason) : "judged unsafe"))}\n"));
            }
        }

        return text.ToString();
    }

    private static string Interval(RankedProposal ranked) =>
        ranked.Interval is { } i ? Invariant($"{i.Low:F0}–{i.High:F0}") : "–";

    public static string Proposal(RankedProposal ranked, RunExport export)
    {
        var p = ranked.Proposal;
        var text = new StringBuilder();
        text.Append("# ").Append(MarkdownText.Line(p.Title)).Append("\n\n");
        if (p.Simulated)
        {
            text.Append(SimulatedBanner);
        }

        text.Append(Invariant($"**Rank {ranked.Rank}** · Elo {ranked.Elo:F0} (95% interval {Interval(ranked)}) after {ranked.Games} matches · {Origin(p)} · id {MarkdownText.Code(p.Id)}\n\n"));
        if (p.ParentIds.Count > 0)
        {
            text.Append("**Evolved from:** ").Append(string.Join(", ", p.ParentIds.Select(MarkdownText.Line))).Append("\n\n");
        }

        Section("Statement", p.Statement, text);
        Section("Background", p.Background, text);
        Section("Unmet need", p.UnmetNeed, text);
        Section("Proposed solution", p.ProposedSolution, text);
        Bullets("Goals", p.Goals.Select(MarkdownText.Line), text);
        Bullets("Testable hypotheses", p.TestableHypotheses.Select(MarkdownText.Line), text);
        Section("Reasoning", p.Reasoning, text);
        Numbered("Study steps", [.. p.StudySteps.Select(MarkdownText.Line)], text);
        Bullets("Relevant articles", p.Articles.Select(Reference), text);
        if (p.Articles.Count == 0)
        {
            text.Append("## Relevant articles\n\n_No retrieved article supports this proposal yet._\n\n");
        }

        Bullets("Citations removed", p.RemovedCitations.Select(Removed), text);

        var reviews = export.Reviews.Where(r => r.ProposalId == p.Id).OrderBy(r => r.Round).ToList();
        if (reviews.Count > 0)
        {
            text.Append("## Reviews\n\n");
            foreach (var review in reviews)
            {
                var s = review.Scores;
                text.Append(Invariant($"**{review.Kind}** (correctness {s.Correctness}, quality {s.Quality}, novelty {s.Novelty}, safety {s.Safety}, testability {s.Testability}): {MarkdownText.Escape(review.Summary)}\n\n"));
                if (review.Articles.Count > 0)
                {
                    text.Append("Articles: ").Append(string.Join("; ", review.Articles.Select(Reference))).Append("\n\n");
                }

                if (review.RemovedCitations.Count > 0)
                {
                    text.Append("Citations removed: ").Append(string.Join("; ", review.RemovedCitations.Select(Removed))).Append("\n\n");
                }
            }
        }

        var matches = export.Matches.Where(m => m.Match.ProposalA == p.Id || m.Match.ProposalB == p.Id).ToList();
        if (matches.Count > 0)
        {
            var won = matches.Count(m => m.Match.WinnerId == p.Id);
            text.Append(Invariant($"## Tournament\n\n{won} won, {matches.Count - won} lost.\n\n"));
        }

        var aims = export.SpecificAims.FirstOrDefault(a => a.ProposalId == p.Id);
        if (aims is not null)
        {
            text.Append(SpecificAims(aims));
        }

        return text.ToString();
    }

    public static string SpecificAims(SpecificAimsPage page)
    {
        var text = new StringBuilder();
        text.Append("## Specific Aims: ").Append(MarkdownText.Line(page.Title)).Append("\n\n").Append(MarkdownText.Escape(page.Introduction)).Append("\n\n");
        foreach (var aim in page.Aims)
        {
            text.Append("**").Append(MarkdownText.Line(aim.Title)).Append(".** ").Append(MarkdownText.Line(aim.Hypothesis)).Append(' ').Append(MarkdownText.Line(aim.Approach))
                .Append(" Expected outcome: ").Append(MarkdownText.Line(aim.ExpectedOutcome)).Append("\n\n");
        }

        return text.Append(MarkdownText.Escape(page.Impact)).Append("\n\n").ToString();
    }

    public static string FileName(RankedProposal ranked) =>
        Invariant($"{ranked.Rank:D2}-{ranked.Proposal.Id}.md");

    private static string Link(RankedProposal ranked) => MarkdownText.InternalLink(ranked.Proposal.Title, $"proposals/{FileName(ranked)}");

    private static string Reference(ArticleReference a) => $"{MarkdownText.ExternalLink(a.Title, a.Url)} ({MarkdownText.Line(a.Id)})";

    private static string Removed(RemovedCitation c) => $"{MarkdownText.Code(c.Reference)} in {MarkdownText.Line(c.Field)}: {MarkdownText.Line(c.Reason)}";

    /// <summary>A "New literature since" section: the papers a scan found, what they bear on, and what the scan round did.</summary>
    private static void NewLiterature(LiteratureUpdate update, Dictionary<string, RankedProposal> byId, StringBuilder text)
    {
        string Name(string id) => byId.TryGetValue(id, out var ranked) ? Link(ranked) : MarkdownText.Line(id);
        text.Append(Invariant($"## New literature since {update.Since:yyyy-MM-dd}\n\n"));
        text.Append(Invariant($"A literature scan on {update.ScannedAt:yyyy-MM-dd} found {update.Articles.Count} new article(s).\n\n"));
        foreach (var article in update.Articles)
        {
            var year = article.Year is { } y ? Invariant($" ({y})") : "";
            var bears = article.BearsOn.Count == 0 ? "bears on none of the leading proposals" : "bears on " + string.Join(", ", article.BearsOn.Select(Name));
            text.Append("- ").Append(Reference(article.Article)).Append(year).Append(": ").Append(bears).Append('\n');
        }

        text.Append('\n');
        if (update.ReviewedProposalIds.Count > 0)
        {
            text.Append("Re-reviewed with the new articles: ").Append(string.Join(", ", update.ReviewedProposalIds.Select(Name))).Append(".\n\n");
        }

        if (update.NewProposalIds.Count > 0)
        {
            text.Append("New proposals from the direction they open: ").Append(string.Join(", ", update.NewProposalIds.Select(Name))).Append(".\n\n");
        }
    }

    private static string Origin(Proposal p) => p.Origin switch
    {
        ProposalOrigin.Evolved => $"evolved ({MarkdownText.Line(p.Strategy)})",
        ProposalOrigin.Scientist => "scientist",
        _ => $"generated ({MarkdownText.Line(p.Strategy)})",
    };

    private static void Section(string heading, string body, StringBuilder text)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            text.Append("## ").Append(heading).Append("\n\n").Append(MarkdownText.Escape(body.Trim())).Append("\n\n");
        }
    }

    private static void Bullets(string heading, IEnumerable<string> items, StringBuilder text)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            text.Append("## ").Append(heading).Append("\n\n");
            list.ForEach(i => text.Append("- ").Append(i).Append('\n'));
            text.Append('\n');
        }
    }

    private static void Numbered(string heading, IReadOnlyList<string> items, StringBuilder text)
    {
        if (items.Count > 0)
        {
            text.Append("## ").Append(heading).Append("\n\n");
            for (var i = 0; i < items.Count; i++)
            {
                text.Append(Invariant($"{i + 1}. {items[i]}\n"));
            }

            text.Append('\n');
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
