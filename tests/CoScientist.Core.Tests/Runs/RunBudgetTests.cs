using CoScientist.Core.Runs;

namespace CoScientist.Core.Tests.Runs;

public sealed class RunBudgetTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(24)]
    [InlineData(RunBudget.ProposalLimit)]
    public void Validate_ProposalsInRange_NoProblems(int proposals) =>
        Assert.Empty(new RunBudget(MaxProposals: proposals).Validate());

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(RunBudget.ProposalLimit + 1)]
    public void Validate_ProposalsOutOfRange_NamesTheProblem(int proposals) =>
        Assert.Contains("max proposals", Assert.Single(new RunBudget(MaxProposals: proposals).Validate()), StringComparison.Ordinal);

    [Fact]
    public void Validate_NonPositiveLimits_EachReported()
    {
        var problems = new RunBudget(MaxProposals: 10, MaxMatches: 0, MaxTokens: -1, MaxCostUsd: 0m, MaxWallTime: TimeSpan.Zero).Validate().ToList();

        Assert.Equal(4, problems.Count);
    }

    [Theory]
    [InlineData(10, null, 50)]
    [InlineData(2, null, 20)]
    [InlineData(10, 7, 7)]
    public void EffectiveMaxMatches_DefaultsToFivePerProposalWithAFloor(int proposals, int? matches, int expected) =>
        Assert.Equal(expected, new RunBudget(MaxProposals: proposals, MaxMatches: matches).EffectiveMaxMatches);
}

public sealed class ResearchGoalTests
{
    [Fact]
    public void Validate_UsableGoal_NoProblems() =>
        Assert.Empty(new ResearchGoal("Slow fibrosis.", ["cheap"], ["oral"], "notes").Validate());

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_EmptyText_Reported(string text) =>
        Assert.Contains("empty", Assert.Single(ResearchGoal.Of(text).Validate()), StringComparison.Ordinal);

    [Fact]
    public void Validate_TooLong_Reported()
    {
        var problems = new ResearchGoal(new string('x', ResearchGoal.MaxTextLength + 1), [], [], new string('y', ResearchGoal.MaxContextLength + 1)).Validate().ToList();

        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Validate_BlankPreference_Reported() =>
        Assert.Single(new ResearchGoal("Goal.", [" "], []).Validate());
}
