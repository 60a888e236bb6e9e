using CoScientist.Core.Messaging;

namespace CoScientist.Core.Llm;

/// <summary>
/// Names the place in the pipeline a model serves, so each can be configured on its own
/// (for example a cheaper model for single-turn matches). A slot falls back to its agent's
/// model and then to the default model.
/// </summary>
public sealed record ModelSlot(AgentRole Agent, string? Purpose = null)
{
    public static readonly ModelSlot Supervisor = new(AgentRole.Supervisor);
    public static readonly ModelSlot Generation = new(AgentRole.Generation);
    public static readonly ModelSlot Reflection = new(AgentRole.Reflection);
    public static readonly ModelSlot RankingDebate = new(AgentRole.Ranking, "Debate");
    public static readonly ModelSlot RankingSingleTurn = new(AgentRole.Ranking, "SingleTurn");
    public static readonly ModelSlot Evolution = new(AgentRole.Evolution);
    public static readonly ModelSlot MetaReview = new(AgentRole.MetaReview);

    /// <summary>The slot whose model a task's step calls (what estimates price each task's usage at).</summary>
    public static ModelSlot For(AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Kind switch
        {
            TaskKind.Plan => Supervisor,
            TaskKind.Generate => Generation,
            TaskKind.Review => Reflection,
            TaskKind.Match => task.Input.Debate ? RankingDebate : RankingSingleTurn,
            TaskKind.Evolve => Evolution,
            _ => MetaReview,
        };
    }

    /// <summary>Configuration key, e.g. <c>Ranking</c> or <c>Ranking.SingleTurn</c>.</summary>
    public string Key => Purpose is null ? Agent.ToString() : $"{Agent}.{Purpose}";

    public override string ToString() => Key;
}
