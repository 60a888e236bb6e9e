using System.Net;
using System.Text;
using CoScientist.Core.Literature;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;

namespace CoScientist.Core.Agents;

/// <summary>
/// Renders the pieces that many prompts share, always in the same tagged form, so a model (and
/// the simulated model) can tell the goal, each proposal and each review apart.
/// </summary>
public static class PromptSections
{
    public static string Goal(ResearchGoal goal, ResearchPlan? plan, IReadOnlyList<ScientistFeedback> feedback)
    {
        var text = new StringBuilder();
        text.Append("<goal>\n").Append(goal.Text.Trim()).Append("\n</goal>\n");
        List("preferences", goal.Preferences.Concat(plan?.Preferences ?? []).Distinct(StringComparer.Ordinal), text);
        List("constraints", goal.Constraints.Concat(plan?.Constraints ?? []).Distinct(StringComparer.Ordinal), text);
        if (plan is not null)
        {
            text.Append("<plan domain=\"").Append(Attr(plan.Domain)).Append("\">\n");
            List("objectives", plan.Objectives, text);
            List("criteria", plan.EvaluationCriteria, text);
            List("topics", plan.Topics, text);
            text.Append("</plan>\n");
        }

        List("scientist-feedback", feedback.Select(f => f.Text), text);
        return text.ToString().TrimEnd();
    }

    public static string Proposal(Proposal proposal, string? label = null, string tag = "proposal")
    {
        var text = new StringBuilder();
        text.Append('<').Append(tag).Append(" id=\"").Append(Attr(proposal.Id)).Append('"');
        if (label is not null)
        {
            text.Append(" label=\"").Append(label).Append('"');
        }

        text.Append(">\n");
        text.Append("# ").Append(proposal.Title).Append('\n');
        Section("Statement", proposal.Statement, text);
        Section("Background", proposal.Background, text);
        Section("Unmet need", proposal.UnmetNeed, text);
        Section("Proposed solution", proposal.ProposedSolution, text);
        Bullets("Goals", proposal.Goals, text);
        Bullets("Testable hypotheses", proposal.TestableHypotheses, text);
        Section("Reasoning", proposal.Reasoning, text);
        Bullets("Study steps", proposal.StudySteps, text);
        Bullets("Relevant articles", proposal.Articles.Select(a => $"[{a.Id}] {a.Title}"), text);
        text.Append("</").Append(tag).Append('>');
        return text.ToString();
    }

    public static string Reviews(IEnumerable<Review> reviews)
    {
        var text = new StringBuilder();
        foreach (var review in reviews)
        {
            text.Append("<review kind=\"").Append(review.Kind).Append("\" proposal=\"").Append(Attr(review.ProposalId))
                .Append("\" verdict=\"").Append(review.Verdict).Append("\">\n")
                .Append(review.Summary).Append('\n');
            Bullets("Weaknesses", review.Weaknesses, text);
            text.Append("</review>\n");
        }

        return text.Length == 0 ? "(no reviews yet)" : text.ToString().TrimEnd();
    }

    public static string Articles(IEnumerable<Article> articles)
    {
        var text = new StringBuilder();
        foreach (var article in articles)
        {
            text.Append("<article id=\"").Append(Attr(article.Id)).Append("\">\n")
                .Append(article.Title).Append(article.Year is { } y ? $" ({y})" : "").Append('\n')
                .Append(article.Abstract.Length > 1500 ? article.Abstract[..1500] + "…" : article.Abstract)
                .Append("\n</article>\n");
        }

        return text.Length == 0 ? "(no articles were found; say so where evidence is missing rather than inventing references)" : text.ToString().TrimEnd();
    }

    public static string Feedback(MetaReview? metaReview, Func<MetaReview, string> pick) =>
        metaReview is null ? "(no meta-review yet)" : $"<meta-review>\n{pick(metaReview)}\n</meta-review>";

    public static string Lines(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "(none)" : string.Join('\n', list.Select(i => "- " + i));
    }

    private static void List(string tag, IEnumerable<string> items, StringBuilder text)
    {
        var list = items.Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.Append('<').Append(tag).Append(">\n");
        foreach (var item in list)
        {
            text.Append("- ").Append(item.Trim()).Append('\n');
        }

        text.Append("</").Append(tag).Append(">\n");
    }

    private static void Section(string heading, string body, StringBuilder text)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            text.Append("## ").Append(heading).Append('\n').Append(body.Trim()).Append('\n');
        }
    }

    private static void Bullets(string heading, IEnumerable<string> items, StringBuilder text)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.Append("## ").Append(heading).Append('\n');
        foreach (var item in list)
        {
            text.Append("- ").Append(item).Append('\n');
        }
    }

    private static string Attr(string value) => WebUtility.HtmlEncode(value);
}
