using CoScientist.Core.Tournament;
using static CoScientist.Core.Tests.Fakes.TestData;

namespace CoScientist.Core.Tests.Tournament;

public sealed class TopSeparationTests
{
    private static readonly TopSeparation Rule = new(TopSize: 1, Confidence: 0.9, MinGamesPerEntrant: 1);

    private static List<MatchRecord> Games(string winner, string loser, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Match($"m-{winner}-{loser}-{i:D3}", winner, loser, winner))];

    [Fact]
    public void Check_LeaderBeatsEveryoneOften_SettledWithTheWeakestPair()
    {
        List<MatchRecord> log = [.. Games("a", "b", 12), .. Games("a", "c", 12), .. Games("b", "c", 6)];
        var board = Leaderboard.Replay(["a", "b", "c"], log);

        var check = Rule.Check(log.Count, ["a", "b", "c"], board);

        Assert.True(check.Settled);
        Assert.Equal(("a", "b"), check.Weakest);
        Assert.InRange(check.Margin, 0.9, 1);
    }

    [Fact]
    public void Check_LeaderBarelyAhead_NotSettled()
    {
        List<MatchRecord> log = [.. Games("a", "b", 2), .. Games("b", "a", 1), .. Games("a", "c", 2), .. Games("b", "c", 2)];
        var board = Leaderboard.Replay(["a", "b", "c"], log);

        var check = Rule.Check(log.Count, ["a", "b", "c"], board);

        Assert.False(check.Settled);
        Assert.True(check.Margin < 0.9);
    }

    [Fact]
    public void Check_AnEntrantHasNotPlayed_NotSettled()
    {
        List<MatchRecord> log = [.. Games("a", "b", 30)];
        var board = Leaderboard.Replay(["a", "b", "c"], log);

        Assert.False(Rule.Check(log.Count, ["a", "b", "c"], board).Settled);
    }

    [Fact]
    public void Check_FewerEntrantsThanTheTop_NotSettled()
    {
        List<MatchRecord> log = [.. Games("a", "b", 30)];
        var board = Leaderboard.Replay(["a", "b"], log);

        Assert.False(new TopSeparation(TopSize: 2, MinGamesPerEntrant: 1).Check(log.Count, ["a", "b"], board).Settled);
    }
}
