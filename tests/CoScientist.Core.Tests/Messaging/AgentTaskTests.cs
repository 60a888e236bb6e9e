using CoScientist.Core.Messaging;

namespace CoScientist.Core.Tests.Messaging;

public sealed class AgentTaskTests
{
    [Theory]
    [InlineData(1, TaskKind.Plan, 1, "r001-plan-01")]
    [InlineData(3, TaskKind.Match, 7, "r003-match-07")]
    [InlineData(12, TaskKind.MetaReview, 1, "r012-metareview-01")]
    [InlineData(120, TaskKind.Review, 15, "r120-review-15")]
    [InlineData(4, TaskKind.Generate, 123, "r004-generate-123")]
    public void MakeId_RoundKindIndex_PaddedLowerCaseId(int round, TaskKind kind, int index, string expected) =>
        Assert.Equal(expected, AgentTask.MakeId(round, kind, index));

    [Fact]
    public void MakeId_Ids_SortByRoundAsStrings()
    {
        string[] ids = [AgentTask.MakeId(10, TaskKind.Plan, 1), AgentTask.MakeId(9, TaskKind.Plan, 1), AgentTask.MakeId(100, TaskKind.Plan, 1)];

        Assert.Equal(["r009-plan-01", "r010-plan-01", "r100-plan-01"], ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(AgentTaskStatus.Pending, false)]
    [InlineData(AgentTaskStatus.Running, false)]
    [InlineData(AgentTaskStatus.Completed, true)]
    [InlineData(AgentTaskStatus.Failed, true)]
    [InlineData(AgentTaskStatus.Cancelled, true)]
    public void IsTerminal_ByStatus(AgentTaskStatus status, bool terminal) =>
        Assert.Equal(terminal, new AgentTask { Id = "t", RunId = "r", Kind = TaskKind.Plan, Round = 1, Status = status }.IsTerminal);
}
