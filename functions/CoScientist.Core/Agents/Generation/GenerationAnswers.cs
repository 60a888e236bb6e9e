using System.ComponentModel;
using CoScientist.Core.Llm;

namespace CoScientist.Core.Agents.Generation;

/// <summary>Literature searches the Generation agent wants to run before proposing.</summary>
public sealed record SearchQueriesAnswer(
    [property: Description("Two to four search queries for scholarly databases.")] IReadOnlyList<string> Queries)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (Queries is null || Queries.Count == 0 || Queries.Any(string.IsNullOrWhiteSpace))
        {
            yield return "queries needs at least one non-empty query.";
        }
    }
}

/// <summary>Testable intermediate assumptions on the way from the goal to a proposal.</summary>
public sealed record AssumptionsAnswer(
    [property: Description("Assumptions, each testable on its own.")] IReadOnlyList<TestableAssumption> Assumptions)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (Assumptions is null || Assumptions.Count == 0)
        {
            yield return "assumptions needs at least one assumption.";
        }
    }
}

/// <summary>One intermediate assumption and how to test it.</summary>
public sealed record TestableAssumption(
    [property: Description("The assumption.")] string Statement,
    [property: Description("The experiment or analysis that would test it.")] string Test);

/// <summary>What the articles found for the goal establish, and where they stop: the reading before a literature-grounded proposal.</summary>
public sealed record LiteratureSummaryAnswer(
    [property: Description("What the articles establish for the goal, in a short paragraph; cite articles by their id.")] string Summary,
    [property: Description("One finding per article that matters for the goal.")] IReadOnlyList<ArticleFinding> Findings,
    [property: Description("Where the evidence stops: open questions a new proposal could close.")] IReadOnlyList<string> Gaps)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Summary))
        {
            yield return "summary is empty.";
        }

        if (Findings is null || Findings.Any(f => f is null || string.IsNullOrWhiteSpace(f.ArticleId) || string.IsNullOrWhiteSpace(f.Finding)))
        {
            yield return "findings must each name an article id and a finding.";
        }
    }
}

/// <summary>One article's contribution, as read for the goal.</summary>
public sealed record ArticleFinding(
    [property: Description("The id of a provided article.")] string ArticleId,
    [property: Description("What it shows that matters for the goal.")] string Finding);
