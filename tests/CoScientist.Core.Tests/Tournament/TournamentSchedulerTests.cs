using CoScientist.Core.Tournament;

namespace CoScientist.Core.Tests.Tournament;

public sealed class TournamentSchedulerTests
{
    private static PairingOptions Weights(
        double similarity = 1,
        double newcomer = 1,
        double top = 1,
        double closeness = 1,
        double repeat = 1,
        int topSize = 2,
        bool debateAtTop = true,
        int maxPerEntrant = 2) => new()
        {
            SimilarityWeight = similarity,
            NewcomerWeight = newcomer,
            TopWeight = top,
            ClosenessWeight = closeness,
            RepeatPenalty = repeat,
            TopSize = topSize,
            DebateAtTop = debateAtTop,
            MaxMatchesPerEntrantPerRound = maxPerEntrant,
        };

    private static List<Entrant> Field(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new Entrant($"p{i:D2}", 1400 - (i * 25), i % 4))];

    private static double NoSimilarity(string a, string b) => 0;

    private static int NeverPlayed(string a, string b) => 0;

    private static IReadOnlyList<ScheduledMatch> Choose(IReadOnlyList<Entrant> entrants, int count, PairingOptions options, int seed = 1, Func<string, string, double>? similarity = null, Func<string, string, int>? timesPlayed = null) =>
        TournamentScheduler.Choose(entrants, count, similarity ?? NoSimilarity, timesPlayed ?? NeverPlayed, options, new Random(seed));

    private static string Pair(ScheduledMatch m) => string.CompareOrdinal(m.ProposalA, m.ProposalB) < 0 ? $"{m.ProposalA}|{m.ProposalB}" : $"{m.ProposalB}|{m.ProposalA}";

    [Theory]
    [InlineData(OrderSwapScope.None)]
    [InlineData(OrderSwapScope.Top)]
    [InlineData(OrderSwapScope.All)]
    public void Choose_OrderSwapScope_BothOrdersOnlyForSingleTurnsItCovers(OrderSwapScope scope)
    {
        var field = Field(12);
        var top = field.Take(2).Select(e => e.Id).ToHashSet();

        var chosen = Choose(field, 12, Weights(topSize: 2) with { BothOrders = scope });

        Assert.NotEmpty(chosen);
        Assert.All(chosen, m =>
        {
            var expected = !m.Debate && scope switch
            {
                OrderSwapScope.All => true,
                OrderSwapScope.Top => top.Contains(m.ProposalA) || top.Contains(m.ProposalB),
                _ => false,
            };
            Assert.Equal(expected, m.BothOrders);
        });
        if (scope != OrderSwapScope.None)
        {
            Assert.Contains(chosen, m => m.BothOrders);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Choose_FewerThanTwoEntrants_Empty(int n) =>
        Assert.Empty(Choose(Field(n), 5, Weights()));

    [Fact]
    public void Choose_ZeroCount_Empty() =>
        Assert.Empty(Choose(Field(6), 0, Weights()));

    [Theory]
    [InlineData(2, 1)]
    [InlineData(7, 3)]
    [InlineData(12, 20)]
    public void Choose_AnyField_NeverPairsAProposalWithItselfNorRepeatsAPair(int n, int seed)
    {
        var chosen = Choose(Field(n), 100, Weights(maxPerEntrant: n), seed);

        Assert.NotEmpty(chosen);
        Assert.All(chosen, m => Assert.NotEqual(m.ProposalA, m.ProposalB));
        Assert.Equal(chosen.Count, chosen.Select(Pair).Distinct().Count());
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(10, 1)]
    [InlineData(4, 2)]
    public void Choose_EnoughCandidates_ReturnsExactlyCount(int n, int count) =>
        Assert.Equal(count, Choose(Field(n), count, Weights(maxPerEntrant: 3)).Count);

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 8)]
    [InlineData(3, 9)]
    public void Choose_ManyMatchesAsked_NoEntrantExceedsItsRoundLimit(int limit, int n)
    {
        var chosen = Choose(Field(n), 100, Weights(maxPerEntrant: limit));

        var perEntrant = chosen.SelectMany(m => new[] { m.ProposalA, m.ProposalB }).GroupBy(id => id);
        Assert.All(perEntrant, g => Assert.True(g.Count() <= limit, $"{g.Key} plays {g.Count()} times"));
        Assert.Equal(limit, perEntrant.Max(g => g.Count()));
    }

    [Fact]
    public void Choose_SimilarityDominates_PairsTheSimilarProposals()
    {
        var similar = new HashSet<string> { "p00|p03", "p01|p02" };
        double Similarity(string a, string b) => similar.Contains(string.CompareOrdinal(a, b) < 0 ? $"{a}|{b}" : $"{b}|{a}") ? 1 : 0;

        var chosen = Choose(Field(4), 2, Weights(similarity: 100, newcomer: 0, top: 0, closeness: 0, repeat: 0, maxPerEntrant: 1), similarity: Similarity);

        Assert.Equal(["p00|p03", "p01|p02"], chosen.Select(Pair).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Choose_RepeatPenalty_AvoidsARematch()
    {
        int Played(string a, string b) => (a, b) is ("p00", "p01") or ("p01", "p00") ? 3 : 0;
        var entrants = new List<Entrant> { new("p00", 1300, 5), new("p01", 1295, 5), new("p02", 1100, 5) };

        for (var seed = 0; seed < 5; seed++)
        {
            var withPenalty = Choose(entrants, 1, Weights(repeat: 5, similarity: 0, newcomer: 0, top: 1), seed, timesPlayed: Played);
            var without = Choose(entrants, 1, Weights(repeat: 0, similarity: 0, newcomer: 0, top: 1), seed, timesPlayed: Played);

            Assert.NotEqual("p00|p01", Pair(Assert.Single(withPenalty)));
            Assert.Equal("p00|p01", Pair(Assert.Single(without)));
        }
    }

    [Fact]
    public void Choose_NewcomerDominates_ThePairIncludesTheUnplayedProposal()
    {
        List<Entrant> entrants = [new("old-1", 1300, 8), new("old-2", 1250, 8), new("old-3", 1200, 8), new("new", 1200, 0)];

        var chosen = Choose(entrants, 1, Weights(newcomer: 50, similarity: 0, top: 0, closeness: 0));

        var match = Assert.Single(chosen);
        Assert.Contains("new", new[] { match.ProposalA, match.ProposalB });
    }

    [Fact]
    public void Choose_DebateAtTop_OnlyPairsWithinTheTopDebate()
    {
        // TopSize 3 over 10 entrants: the top is the three best ratings (p00, p01, p02).
        var options = Weights(topSize: 3, maxPerEntrant: 9);

        var chosen = Choose(Field(10), 45, options);

        Assert.Equal(45, chosen.Count);
        var top = new HashSet<string> { "p00", "p01", "p02" };
        Assert.All(chosen, m => Assert.Equal(top.Contains(m.ProposalA) && top.Contains(m.ProposalB), m.Debate));
        Assert.Equal(3, chosen.Count(m => m.Debate));
    }

    [Fact]
    public void Choose_DebateAtTopOff_NeverDebates()
    {
        var chosen = Choose(Field(6), 15, Weights(topSize: 6, debateAtTop: false, maxPerEntrant: 5));

        Assert.Equal(15, chosen.Count);
        Assert.DoesNotContain(chosen, m => m.Debate);
    }

    [Fact]
    public void Choose_TopDecidedByRatingNotInputOrder()
    {
        // Listed worst first: the top two by rating are still "best" and "second".
        List<Entrant> entrants = [new("worst", 1000, 3), new("third", 1100, 3), new("second", 1300, 3), new("best", 1400, 3)];

        var chosen = Choose(entrants, 6, Weights(topSize: 2, maxPerEntrant: 3));

        var debate = Assert.Single(chosen, m => m.Debate);
        Assert.Equal("best|second", Pair(debate));
    }

    [Fact]
    public void Choose_SameSeed_SameMatches()
    {
        var entrants = Field(9);
        var options = Weights(similarity: 0, newcomer: 0, top: 0, closeness: 0, repeat: 0);

        var first = Choose(entrants, 6, options, seed: 42);
        var second = Choose(entrants, 6, options, seed: 42);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Choose_EqualScores_TheSeedBreaksTies()
    {
        // With every weight at zero only the random tie-breaker orders pairs, so seeds must differ somewhere.
        var entrants = Field(9);
        var options = Weights(similarity: 0, newcomer: 0, top: 0, closeness: 0, repeat: 0);

        var outcomes = Enumerable.Range(0, 8).Select(seed => string.Join(",", Choose(entrants, 4, options, seed).Select(Pair))).Distinct().Count();

        Assert.True(outcomes > 1);
    }
}
