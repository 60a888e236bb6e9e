using CoScientist.Core.Tournament;

namespace CoScientist.Core.Tests.Tournament;

public sealed class EloRatingTests
{
    [Theory]
    [InlineData(1200, 1200)]
    [InlineData(1400, 1000)]
    [InlineData(1000, 1600)]
    [InlineData(1500.5, 1499.5)]
    [InlineData(2400, 800)]
    public void Expected_BothOrders_SumToOne(double a, double b) =>
        Assert.Equal(1.0, EloRating.Expected(a, b) + EloRating.Expected(b, a), 12);

    [Theory]
    [InlineData(1200, 1200, 0.5)]
    [InlineData(1600, 1200, 10.0 / 11.0)]
    [InlineData(1200, 1600, 1.0 / 11.0)]
    [InlineData(2000, 1200, 100.0 / 101.0)]
    public void Expected_KnownGaps_MatchLogisticCurve(double rating, double opponent, double expected) =>
        Assert.Equal(expected, EloRating.Expected(rating, opponent), 12);

    [Theory]
    [InlineData(1250, 1300)]
    [InlineData(1000, 1500)]
    public void Expected_HigherRated_IsFavourite(double low, double high)
    {
        Assert.True(EloRating.Expected(high, low) > 0.5);
        Assert.True(EloRating.Expected(low, high) < 0.5);
    }

    [Theory]
    [InlineData(1200, 1200, 32)]
    [InlineData(1450, 1180, 16)]
    [InlineData(990, 1710, 40)]
    public void Update_AnyGame_ChangeIsEqualAndOpposite(double winner, double loser, double k)
    {
        var (winnerAfter, loserAfter) = EloRating.Update(winner, loser, k);

        Assert.True(winnerAfter > winner);
        Assert.True(loserAfter < loser);
        Assert.Equal(winnerAfter - winner, loser - loserAfter, 10);
        Assert.Equal(winner + loser, winnerAfter + loserAfter, 10);
    }

    [Theory]
    [InlineData(1000, 1400, 32)]
    [InlineData(1190, 1210, 16)]
    public void Update_Upset_MovesMoreThanExpectedWin(double underdog, double favourite, double k)
    {
        var upset = EloRating.Update(underdog, favourite, k).Winner - underdog;
        var expectedWin = EloRating.Update(favourite, underdog, k).Winner - favourite;

        Assert.True(upset > expectedWin, $"upset gained {upset}, expected win {expectedWin}");
        Assert.Equal(k, upset + expectedWin, 10);
    }

    [Theory]
    [InlineData(1200, 1200, 16)]
    [InlineData(1300, 1100, 10)]
    public void Update_DoubleK_DoublesTheChange(double winner, double loser, double k)
    {
        var single = EloRating.Update(winner, loser, k).Winner - winner;
        var twice = EloRating.Update(winner, loser, 2 * k).Winner - winner;

        Assert.Equal(2 * single, twice, 10);
    }

    [Fact]
    public void Update_ZeroK_ChangesNothing() =>
        Assert.Equal((1300.0, 1100.0), EloRating.Update(1300, 1100, 0));

    [Fact]
    public void Update_EqualRatings_MovesHalfOfK() =>
        Assert.Equal((1216.0, 1184.0), EloRating.Update(1200, 1200, 32));
}
