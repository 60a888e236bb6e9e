using CoScientist.Core.Tournament;
using static CoScientist.Core.Tests.Fakes.TestData;

namespace CoScientist.Core.Tests.Tournament;

public sealed class BradleyTerryRatingsTests
{
    private static IEnumerable<MatchRecord> Games(string winner, string loser, int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => Match($"m-{winner}-{loser}-{i:D3}", winner, loser, winner));

    [Fact]
    public void Fit_NoGames_EveryoneAtTheMeanWithThePriorInterval()
    {
        var fit = BradleyTerryRatings.Fit(["a", "b"], Array.Empty<MatchRecord>());

        var a = fit.IntervalOf("a");
        Assert.Equal(1200, a.Rating, 6);
        // Relative to the mean of two independent priors: SD 400·√(1/2).
        Assert.Equal(BradleyTerryRatings.DefaultPriorSd * Math.Sqrt(0.5), a.StandardError, 6);
        Assert.Equal(1200 - (BradleyTerryRatings.IntervalZ * a.StandardError), a.Low, 6);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(30, 10)]
    [InlineData(75, 25)]
    public void Fit_TwoPlayersManyGames_DifferenceApproachesTheLogOdds(int wins, int losses)
    {
        // With a weak prior the gap is close to 400·log10(wins / losses) and shrinks towards it from below.
        var fit = BradleyTerryRatings.Fit(["a", "b"], [.. Games("a", "b", wins), .. Games("b", "a", losses)]);

        var gap = fit.RatingOf("a") - fit.RatingOf("b");
        var mle = 400 * Math.Log10(wins / (double)losses);
        Assert.InRange(gap, 0.5 * mle, mle);
        Assert.Equal(2400, fit.RatingOf("a") + fit.RatingOf("b"), 6);
    }

    [Fact]
    public void Fit_FewerGames_WiderInterval()
    {
        // a and b play 40 times; c plays b twice.
        var fit = BradleyTerryRatings.Fit(["a", "b", "c"], [.. Games("a", "b", 20), .. Games("b", "a", 20, 100), .. Games("c", "b", 1), .. Games("b", "c", 1, 200)]);

        var a = fit.IntervalOf("a");
        var c = fit.IntervalOf("c");
        Assert.True(c.High - c.Low > 1.5 * (a.High - a.Low), $"c ±{c.StandardError:0} vs a ±{a.StandardError:0}");
    }

    [Fact]
    public void Fit_UnbeatenProposal_FiniteRating()
    {
        var fit = BradleyTerryRatings.Fit(["a", "b"], Games("a", "b", 10));

        Assert.True(double.IsFinite(fit.RatingOf("a")));
        Assert.True(fit.RatingOf("a") > fit.RatingOf("b"));
    }

    [Fact]
    public void Fit_Draws_CountHalfEach()
    {
        var draws = Enumerable.Range(0, 10).Select(i => Match($"d{i}", "a", "b", "a") with { Draw = true });

        var fit = BradleyTerryRatings.Fit(["a", "b"], draws);

        Assert.Equal(fit.RatingOf("a"), fit.RatingOf("b"), 6);
        Assert.True(fit.IntervalOf("a").StandardError < 400);
    }

    [Fact]
    public void Separation_DominantLeader_LargeAndSignedByOrder()
    {
        var fit = BradleyTerryRatings.Fit(["a", "b"], [.. Games("a", "b", 18), .. Games("b", "a", 2)]);

        Assert.True(fit.Separation("a", "b") > 2.5);
        Assert.Equal(-fit.Separation("a", "b"), fit.Separation("b", "a"), 9);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1.959964, 0.975)]
    [InlineData(-1.281552, 0.1)]
    public void NormalCdf_KnownQuantiles(double z, double expected) =>
        Assert.Equal(expected, BradleyTerryRatings.NormalCdf(z), 5);

    [Fact]
    public void NormalQuantile_InvertsTheCdf() =>
        Assert.Equal(1.644854, BradleyTerryRatings.NormalQuantile(0.95), 4);

    [Fact]
    public void Fit_SameGamesInAnotherOrder_SameRatings()
    {
        List<MatchRecord> games = [.. Games("a", "b", 5), .. Games("b", "c", 4), .. Games("c", "a", 2)];

        var forward = BradleyTerryRatings.Fit(["a", "b", "c"], games);
        var backward = BradleyTerryRatings.Fit(["c", "b", "a"], Enumerable.Reverse(games));

        foreach (var id in new[] { "a", "b", "c" })
        {
            Assert.Equal(forward.IntervalOf(id).Rating, backward.IntervalOf(id).Rating, 9);
            Assert.Equal(forward.IntervalOf(id).StandardError, backward.IntervalOf(id).StandardError, 9);
        }
    }
}
