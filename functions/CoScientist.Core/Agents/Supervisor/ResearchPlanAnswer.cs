using System.ComponentModel;
using CoScientist.Core.Llm;

namespace CoScientist.Core.Agents.Supervisor;

/// <summary>The supervisor's reading of the goal: a plan configuration, or a refusal when the goal is unsafe.</summary>
public sealed record ResearchPlanAnswer(
    [property: Description("False when pursuing the goal could cause serious harm (weapons, dangerous pathogens, evading safety controls).")] bool Safe,
    [property: Description("Why the goal is refused; empty when safe.")] string RefusalReason,
    [property: Description("The scientific field.")] string Domain,
    [property: Description("What the scientist wants to achieve.")] IReadOnlyList<string> Objectives,
    [property: Description("Hard constraints read from the goal.")] IReadOnlyList<string> Constraints,
    [property: Description("Soft preferences read from the goal.")] IReadOnlyList<string> Preferences,
    [property: Description("How proposals should be judged for this goal.")] IReadOnlyList<string> EvaluationCriteria,
    [property: Description("Topics and search terms for the literature.")] IReadOnlyList<string> Topics)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (!Safe && string.IsNullOrWhiteSpace(RefusalReason))
        {
            yield return "refusalReason must explain why an unsafe goal is refused.";
        }

        if (Safe && (Objectives is null || Objectives.Count == 0))
        {
            yield return "objectives needs at least one objective.";
        }
    }
}
