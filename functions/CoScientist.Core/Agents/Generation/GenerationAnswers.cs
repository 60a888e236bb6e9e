using System.ComponentModel;
using CoScientist.Llm;

namespace CoScientist.Agents.Generation;

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
