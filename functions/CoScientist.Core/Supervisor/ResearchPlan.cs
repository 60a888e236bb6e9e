namespace CoScientist.Core.Supervisor;

/// <summary>The research plan configuration the supervisor derives from the goal; every agent's prompt includes it.</summary>
public sealed record ResearchPlan(
    string Domain,
    IReadOnlyList<string> Objectives,
    IReadOnlyList<string> Constraints,
    IReadOnlyList<string> Preferences,
    IReadOnlyList<string> EvaluationCriteria,
    IReadOnlyList<string> Topics,
    bool Safe,
    string? RefusalReason);
