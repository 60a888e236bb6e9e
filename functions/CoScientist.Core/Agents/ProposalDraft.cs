using System.ComponentModel;
using CoScientist.Core.Llm;

namespace CoScientist.Core.Agents;

/// <summary>A proposal as a model writes it; Generation and Evolution both answer with this.</summary>
[Description("A complete research proposal.")]
public sealed record ProposalDraft(
    [property: Description("Short, specific title.")] string Title,
    [property: Description("The central hypothesis in two or three sentences.")] string Statement,
    [property: Description("What is known, with the evidence it rests on.")] string Background,
    [property: Description("The gap this proposal closes and why it matters.")] string UnmetNeed,
    [property: Description("What to do, concretely: mechanism, intervention or method.")] string ProposedSolution,
    [property: Description("Goals of the work.")] IReadOnlyList<string> Goals,
    [property: Description("Hypotheses an experiment or study can refute.")] IReadOnlyList<string> TestableHypotheses,
    [property: Description("Why the proposal should work, step by step.")] string Reasoning,
    [property: Description("Experimental or study steps in order.")] IReadOnlyList<string> StudySteps,
    [property: Description("Ids of the provided articles this proposal relies on; only ids that were provided.")] IReadOnlyList<string> CitedArticleIds)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Title))
        {
            yield return "title is empty.";
        }

        if (string.IsNullOrWhiteSpace(Statement))
        {
            yield return "statement is empty.";
        }

        if (string.IsNullOrWhiteSpace(ProposedSolution))
        {
            yield return "proposedSolution is empty.";
        }

        if (TestableHypotheses is null || TestableHypotheses.Count == 0)
        {
            yield return "testableHypotheses needs at least one hypothesis.";
        }
    }
}

/// <summary>One expert's turn in a simulated scientific debate.</summary>
public sealed record DebateTurnAnswer(
    [property: Description("Who speaks: the expert's role.")] string Speaker,
    [property: Description("What they argue in this turn.")] string Argument)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Argument))
        {
            yield return "argument is empty.";
        }
    }
}
