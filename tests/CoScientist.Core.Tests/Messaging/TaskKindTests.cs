using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;

namespace CoScientist.Core.Tests.Messaging;

public sealed class TaskKindTests
{
    public static TheoryData<TaskKind> AllKinds() => [.. Enum.GetValues<TaskKind>()];

    [Theory]
    [InlineData(TaskKind.Plan, AgentRole.Supervisor, StorageNames.PlanQueue)]
    [InlineData(TaskKind.Generate, AgentRole.Generation, StorageNames.GenerationQueue)]
    [InlineData(TaskKind.Review, AgentRole.Reflection, StorageNames.ReflectionQueue)]
    [InlineData(TaskKind.Proximity, AgentRole.Proximity, StorageNames.ProximityQueue)]
    [InlineData(TaskKind.Match, AgentRole.Ranking, StorageNames.RankingQueue)]
    [InlineData(TaskKind.Evolve, AgentRole.Evolution, StorageNames.EvolutionQueue)]
    [InlineData(TaskKind.MetaReview, AgentRole.MetaReview, StorageNames.MetaReviewQueue)]
    [InlineData(TaskKind.Overview, AgentRole.MetaReview, StorageNames.MetaReviewQueue)]
    public void Kind_MapsToItsAgentAndQueue(TaskKind kind, AgentRole agent, string queue)
    {
        Assert.Equal(agent, kind.Agent());
        Assert.Equal(queue, kind.Queue());
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Queue_EveryKind_IsAStepQueue(TaskKind kind) =>
        Assert.Contains(kind.Queue(), StorageNames.StepQueues);

    [Fact]
    public void StepQueues_EachServesSomeKind()
    {
        var used = Enum.GetValues<TaskKind>().Select(k => k.Queue()).ToHashSet();

        Assert.All(StorageNames.StepQueues, q => Assert.Contains(q, used));
    }

    [Fact]
    public void Agent_EveryRole_HasATaskKind()
    {
        var roles = Enum.GetValues<TaskKind>().Select(k => k.Agent()).ToHashSet();

        Assert.Equal(Enum.GetValues<AgentRole>().ToHashSet(), roles);
    }

    [Fact]
    public void UnknownKind_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((TaskKind)99).Agent());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((TaskKind)99).Queue());
    }
}
