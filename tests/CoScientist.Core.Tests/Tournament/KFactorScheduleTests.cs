using CoScientist.Core.Tournament;

namespace CoScientist.Core.Tests.Tournament;

public sealed class KFactorScheduleTests
{
    [Theory]
    [InlineData(0, 40)]
    [InlineData(1, 40)]
    [InlineData(2, 40)]
    [InlineData(3, 10)]
    [InlineData(4, 10)]
    [InlineData(250, 10)]
    public void For_GamesPlayed_ProvisionalUntilThresholdThenSettled(int games, double expected) =>
        Assert.Equal(expected, new KFactorSchedule(Provisional: 40, Settled: 10, ProvisionalGames: 3).For(games));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(99)]
    public void Constant_AnyGamesPlayed_ReturnsTheSameK(int games) =>
        Assert.Equal(24, KFactorSchedule.Constant(24).For(games));

    [Fact]
    public void For_ZeroProvisionalGames_AlwaysSettled() =>
        Assert.Equal(8, new KFactorSchedule(64, 8, 0).For(0));
}
