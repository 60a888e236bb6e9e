using CoScientist.Core.Tournament;
using static CoScientist.Core.Tests.Fakes.TestData;

namespace CoScientist.Core.Tests.Tournament;

public sealed class LeaderboardTests
{
    private static readonly KFactorSchedule K32 = KFactorSchedule.Constant(32);

    [Fact]
    public void Replay_NoMatches_EveryProposalStartsAt1200()
    {
        var board = Leaderboard.Replay(["a", "b", "c"], [], K32);

        Assert.All(["a", "b", "c"], id => Assert.Equal(1200, board.RatingOf(id)));
        Assert.Equal(3, board.Ratings.Count);
        Assert.Empty(board.History);
    }

    [Fact]
    public void Replay_Draw_EqualRatingsStayPut()
    {
        var board = Leaderboard.Replay(["a", "b"], [Match("m1", "a", "b", "a") with { Draw = true }], K32);

        Assert.Equal(1200, board.RatingOf("a"), 10);
        Assert.Equal(1200, board.RatingOf("b"), 10);
    }

    [Fact]
    public void IntervalOf_FewGames_WiderThanManyGames()
    {
        List<MatchRecord> log = [.. Enumerable.Range(0, 30).Select(i => Match($"m{i:D2}", "a", "b", i % 3 == 0 ? "b" : "a")), Match("m99", "c", "a", "c")];

        var board = Leaderboard.Replay(["a", "b", "c"], log, K32);

        var a = board.IntervalOf("a");
        var c = board.IntervalOf("c");
        Assert.True(c.High - c.Low > a.High - a.Low);
        Assert.InRange(a.Rating, a.Low, a.High);
    }

    [Fact]
    public void Replay_OneWin_WinnerUpLoserDown()
    {
        var board = Leaderboard.Replay(["a", "b"], [Match("m1", "a", "b", "b")], K32);

        Assert.Equal(1216, board.RatingOf("b"), 10);
        Assert.Equal(1184, board.RatingOf("a"), 10);
        Assert.Equal(1, board.GamesOf("a"));
        Assert.Equal(1, board.GamesOf("b"));
    }

    [Fact]
    public void Replay_ShuffledInput_ReplaysInRoundThenIdOrder()
    {
        MatchRecord[] matches =
        [
            Match("m-c", "a", "b", "a", round: 2),
            Match("m-z", "b", "c", "c", round: 1),
            Match("m-a", "a", "c", "c", round: 3),
            Match("m-b", "a", "b", "b", round: 1),
        ];

        var board = Leaderboard.Replay(["a", "b", "c"], matches, K32);

        Assert.Equal(["m-b", "m-z", "m-c", "m-a"], board.History.Select(h => h.Match.Id));
    }

    [Fact]
    public void Replay_SameRound_OrdersIdsOrdinally()
    {
        // Ordinal: upper case sorts before lower case (a culture-aware sort would put "a" first).
        var board = Leaderboard.Replay(["x", "y"], [Match("a", "x", "y", "x"), Match("B", "x", "y", "y")], K32);

        Assert.Equal(["B", "a"], board.History.Select(h => h.Match.Id));
    }

    [Fact]
    public void Replay_AnyPermutationOfTheLog_GivesIdenticalRatings()
    {
        List<MatchRecord> matches =
        [
            Match("m1", "a", "b", "a"), Match("m2", "c", "d", "d"), Match("m3", "a", "c", "c", round: 2),
            Match("m4", "b", "d", "b", round: 2), Match("m5", "a", "d", "a", round: 3), Match("m6", "b", "c", "b", round: 3),
        ];
        var reference = Leaderboard.Replay(["a", "b", "c", "d"], matches, KFactorSchedule.Constant(24)).Ratings;

        var random = new Random(5);
        for (var i = 0; i < 10; i++)
        {
            var shuffled = matches.OrderBy(_ => random.Next()).ToList();
            var ratings = Leaderboard.Replay(["d", "c", "b", "a"], shuffled, KFactorSchedule.Constant(24)).Ratings;
            Assert.All(reference, kv => Assert.Equal(kv.Value, ratings[kv.Key], 12));
        }
    }

    [Fact]
    public void Replay_History_BeforeOfEachMatchIsTheAfterOfTheLastAndEndsAtFinalRatings()
    {
        MatchRecord[] matches =
        [
            Match("m1", "a", "b", "a"), Match("m2", "b", "c", "c"), Match("m3", "a", "c", "a", round: 2),
            Match("m4", "b", "a", "b", round: 2), Match("m5", "c", "b", "c", round: 3),
        ];

        var board = Leaderboard.Replay(["a", "b", "c"], matches, new KFactorSchedule(40, 20, 2));

        var current = new Dictionary<string, double> { ["a"] = 1200, ["b"] = 1200, ["c"] = 1200 };
        foreach (var rated in board.History)
        {
            Assert.Equal(current[rated.Match.WinnerId], rated.WinnerBefore, 12);
            Assert.Equal(current[rated.Match.LoserId], rated.LoserBefore, 12);
            Assert.Equal(rated.WinnerAfter - rated.WinnerBefore, rated.LoserBefore - rated.LoserAfter, 10);
            current[rated.Match.WinnerId] = rated.WinnerAfter;
            current[rated.Match.LoserId] = rated.LoserAfter;
        }

        Assert.All(current, kv => Assert.Equal(kv.Value, board.RatingOf(kv.Key), 12));
    }

    [Fact]
    public void Replay_IdsMissingFromProposalList_StartAt1200()
    {
        var board = Leaderboard.Replay(["a"], [Match("m1", "a", "ghost", "ghost")], K32);

        Assert.Equal(1216, board.RatingOf("ghost"), 10);
        Assert.Equal(1184, board.RatingOf("a"), 10);
    }

    [Fact]
    public void RatingOf_UnknownId_IsInitialWithNoGames()
    {
        var board = Leaderboard.Replay(["a", "b"], [Match("m1", "a", "b", "a")], K32);

        Assert.Equal(EloRating.Initial, board.RatingOf("never-seen"));
        Assert.Equal(0, board.GamesOf("never-seen"));
    }

    [Fact]
    public void Replay_ProvisionalAgainstSettled_UsesTheLargerK()
    {
        // "a" is settled after its first game; "c" is new, so the pair moves with the provisional K.
        var schedule = new KFactorSchedule(Provisional: 40, Settled: 10, ProvisionalGames: 1);

        var board = Leaderboard.Replay(["a", "b", "c"], [Match("m1", "a", "b", "a"), Match("m2", "a", "c", "c", round: 2)], schedule);

        var second = board.History[1];
        var expectedDelta = 40 * (1 - EloRating.Expected(second.WinnerBefore, second.LoserBefore));
        Assert.Equal(expectedDelta, second.WinnerAfter - second.WinnerBefore, 10);
    }

    [Fact]
    public void Replay_BothSettled_UsesSettledK()
    {
        var schedule = new KFactorSchedule(Provisional: 40, Settled: 10, ProvisionalGames: 1);

        var board = Leaderboard.Replay(["a", "b"], [Match("m1", "a", "b", "a"), Match("m2", "a", "b", "b", round: 2)], schedule);

        var second = board.History[1];
        var expectedDelta = 10 * (1 - EloRating.Expected(second.WinnerBefore, second.LoserBefore));
        Assert.Equal(expectedDelta, second.WinnerAfter - second.WinnerBefore, 10);
    }

    [Fact]
    public void Ranked_TiedRatings_BrokenByOrdinalId()
    {
        var board = Leaderboard.Replay(["b", "a", "C"], [], K32);

        Assert.Equal(["C", "a", "b"], board.Ranked());
    }

    [Fact]
    public void Ranked_AfterMatches_BestFirst()
    {
        var board = Leaderboard.Replay(["a", "b", "c"], [Match("m1", "a", "c", "c"), Match("m2", "b", "a", "b"), Match("m3", "c", "b", "c", round: 2)], K32);

        Assert.Equal(["c", "b", "a"], board.Ranked());
    }

    [Fact]
    public void Ranked_Among_OnlyRanksTheGivenIds()
    {
        var board = Leaderboard.Replay(["a", "b", "c"], [Match("m1", "a", "c", "c")], K32);

        Assert.Equal(["c", "a"], board.Ranked(["a", "c"]));
    }

    [Fact]
    public void InLogOrder_SortsByRoundThenOrdinalId()
    {
        var ordered = Leaderboard.InLogOrder([Match("b", "x", "y", "x", round: 2), Match("z", "x", "y", "x", round: 1), Match("a", "x", "y", "x", round: 2)]);

        Assert.Equal(["z", "a", "b"], ordered.Select(m => m.Id));
    }
}
