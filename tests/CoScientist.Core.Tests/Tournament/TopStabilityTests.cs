using CoScientist.Core.Tournament;

namespace CoScientist.Core.Tests.Tournament;

public sealed class TopStabilityTests
{
    private static readonly TopStability Rule = new(TopSize: 2, Rounds: 3, MinGames: 2);

    private static int Plenty(string id) => 10;

    [Fact]
    public void IsStable_FewerRoundsThanRequired_False() =>
        Assert.False(Rule.IsStable([["a", "b", "c"], ["a", "b", "c"]], Plenty));

    [Fact]
    public void IsStable_SameTopInTheLastRounds_True() =>
        Assert.True(Rule.IsStable([["c", "a", "b"], ["a", "b", "c"], ["a", "b", "c"], ["a", "b", "c"]], Plenty));

    [Fact]
    public void IsStable_TopOrderSwappedWithinTheWindow_False() =>
        Assert.False(Rule.IsStable([["a", "b", "c"], ["b", "a", "c"], ["a", "b", "c"]], Plenty));

    [Fact]
    public void IsStable_NewLeaderInTheLatestRound_False() =>
        Assert.False(Rule.IsStable([["a", "b", "c"], ["a", "b", "c"], ["c", "a", "b"]], Plenty));

    [Fact]
    public void IsStable_ChangesBelowTheTop_StillTrue() =>
        Assert.True(Rule.IsStable([["a", "b", "c", "d"], ["a", "b", "d", "c"], ["a", "b", "c", "d"]], Plenty));

    [Fact]
    public void IsStable_LeaderHasTooFewGames_False() =>
        Assert.False(Rule.IsStable([["a", "b"], ["a", "b"], ["a", "b"]], id => id == "b" ? 1 : 5));

    [Fact]
    public void IsStable_LeadersPlayedExactlyMinGames_True() =>
        Assert.True(Rule.IsStable([["a", "b"], ["a", "b"], ["a", "b"]], _ => 2));

    [Fact]
    public void IsStable_FewerProposalsThanTopSize_False() =>
        Assert.False(Rule.IsStable([["a"], ["a"], ["a"]], Plenty));
}
