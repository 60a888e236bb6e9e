using System.ComponentModel;
using CoScientist.Core.Llm;
using CoScientist.Core.MetaReviews;

namespace CoScientist.Core.Agents.MetaReviewer;

/// <summary>Patterns across reviews and debates, turned into feedback for other agents.</summary>
public sealed record MetaReviewAnswer(
    [property: Description("Critiques or strengths that recur across many reviews and debates.")] IReadOnlyList<string> RecurringPatterns,
    [property: Description("What the Generation agent should do differently.")] string GenerationFeedback,
    [property: Description("What the Reflection agent should check more carefully.")] string ReflectionFeedback)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(GenerationFeedback) || string.IsNullOrWhiteSpace(ReflectionFeedback))
        {
            yield return "generationFeedback and reflectionFeedback must both be given.";
        }
    }
}

/// <summary>The research overview as the model writes it.</summary>
public sealed record OverviewAnswer(
    [property: Description("The state of the research goal in one or two paragraphs.")] string Summary,
    [property: Description("Research areas, each with the ids of its proposals (only ids that were provided).")] IReadOnlyList<ResearchArea> Areas,
    [property: Description("Open questions worth pursuing.")] IReadOnlyList<string> OpenQuestions,
    [property: Description("Fields or kinds of expert to collaborate with.")] IReadOnlyList<string> PossibleCollaborators)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Summary))
        {
            yield return "summary is empty.";
        }

        if (Areas is null || Areas.Count == 0)
        {
            yield return "areas needs at least one research area.";
        }
    }
}

/// <summary>An NIH Specific Aims page as the model writes it.</summary>
public sealed record SpecificAimsAnswer(
    [property: Description("Project title.")] string Title,
    [property: Description("Opening paragraph: the problem, the gap, the long-term goal and the central hypothesis.")] string Introduction,
    [property: Description("Two or three aims.")] IReadOnlyList<SpecificAim> Aims,
    [property: Description("Expected impact paragraph.")] string Impact)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (Aims is null || Aims.Count is < 1 or > 4)
        {
            yield return "aims must hold one to four aims.";
        }
    }
}
