using CoScientist.Core.Determinism;
using CoScientist.Core.Llm;
using CoScientist.Core.Runs;

namespace CoScientist.Core.Agents;

/// <summary>What every agent step knows about the run it works for.</summary>
/// <param name="Run">The run as of the step's start.</param>
/// <param name="MetaReview">The latest meta-review, whose feedback is appended to prompts.</param>
/// <param name="TaskId">The task being done: outputs are keyed by it.</param>
/// <param name="Round">The round the task belongs to.</param>
/// <param name="Now">When the step started (from the injected clock).</param>
/// <param name="Meter">Collects the step's token usage and cost.</param>
public sealed record AgentContext(
    RunRecord Run,
    MetaReviews.MetaReview? MetaReview,
    string TaskId,
    int Round,
    DateTimeOffset Now,
    UsageMeter Meter)
{
    public string Goal => PromptSections.Goal(Run.Goal, Run.Plan, Run.Feedback);

    /// <summary>A deterministic random source for this task, independent of scheduling order.</summary>
    public Random Random => new(StableHash.Combine(Run.Seed, StableHash.Of(TaskId)));
}
