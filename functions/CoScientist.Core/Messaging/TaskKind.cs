using CoScientist.Core.Llm;

namespace CoScientist.Core.Messaging;

/// <summary>The kinds of agent step. Each has its own queue, so each scales and is rate-limited on its own.</summary>
public enum TaskKind
{
    Plan,
    Generate,
    Review,
    Proximity,
    Match,
    Evolve,
    MetaReview,
    Overview,
}

public static class TaskKindExtensions
{
    public static AgentRole Agent(this TaskKind kind) => kind switch
    {
        TaskKind.Plan => AgentRole.Supervisor,
        TaskKind.Generate => AgentRole.Generation,
        TaskKind.Review => AgentRole.Reflection,
        TaskKind.Proximity => AgentRole.Proximity,
        TaskKind.Match => AgentRole.Ranking,
        TaskKind.Evolve => AgentRole.Evolution,
        TaskKind.MetaReview or TaskKind.Overview => AgentRole.MetaReview,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Queue(this TaskKind kind) => kind switch
    {
        TaskKind.Plan => StorageNames.PlanQueue,
        TaskKind.Generate => StorageNames.GenerationQueue,
        TaskKind.Review => StorageNames.ReflectionQueue,
        TaskKind.Proximity => StorageNames.ProximityQueue,
        TaskKind.Match => StorageNames.RankingQueue,
        TaskKind.Evolve => StorageNames.EvolutionQueue,
        TaskKind.MetaReview or TaskKind.Overview => StorageNames.MetaReviewQueue,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
