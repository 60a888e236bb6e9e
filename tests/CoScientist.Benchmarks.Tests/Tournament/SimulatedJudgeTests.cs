using CoScientist.Benchmarks.Tournament;
using CoScientist.Core.Tournament;

namespace CoScientist.Benchmarks.Tests.Tournament;

public sealed class SimulatedJudgeTests
{
    [Theory]
    [InlineData(0, 0, 1.0, 0.5)]
    [InlineData(400, 0, 1.0, 10.0 / 11.0)]
    [InlineData(0, 400, 1.0, 1.0 / 11.0)]
    [InlineData(400, 0, 0.5, 100.0 / 101.0)]
    [InlineData(200, 0, 0.5, 10.0 / 11.0)]
    [InlineData(100, 0, 2.0, 1.0 / (1.0 + 0.74989420933245582))]
    public void WinProbability_QualityGap_IsBradleyTerryOnTheEloScale(double quality, double opponent, double temperature, double expected) =>
        Assert.Equal(expected, SimulatedJudge.WinProbability(quality, opponent, temperature), 12);

    [Theory]
    [InlineData(10, 0, 1.0)]
    [InlineData(0, 10, 0.0)]
    [InlineData(5, 5, 0.5)]
    public void WinProbability_ZeroTemperature_IsNoiseFree(double quality, double opponent, double expected) =>
        Assert.Equal(expected, SimulatedJudge.WinProbability(quality, opponent, 0));

    [Fact]
    public void WinProbability_Debate_FavoursTheBetterProposalMoreThanASingleTurn()
    {
        var judge = new SimulatedJudge(SimulatedJudgeOptions.Default, new Random(1));

        Assert.True(judge.WinProbability(100, 0, MatchFormat.Debate) > judge.WinProbability(100, 0, MatchFormat.SingleTurn));
        Assert.True(judge.WinProbability(0, 100, MatchFormat.Debate) < judge.WinProbability(0, 100, MatchFormat.SingleTurn));
    }

    [Fact]
    public void FirstWinsBothOrders_FullyBiasedJudge_AlwaysDisagrees()
    {
        var judge = new SimulatedJudge(SimulatedJudgeOptions.Default with { PositionBias = 1 }, new Random(3));

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Null(judge.FirstWinsBothOrders(300, 0)));
    }

    [Fact]
    public void FirstWinsBothOrders_UnbiasedNoiseFreeJudge_AgreesOnTheBetter()
    {
        var judge = new SimulatedJudge(SimulatedJudgeOptions.Default with { SingleTurnTemperature = 0 }, new Random(3));

        Assert.All(Enumerable.Range(0, 50), _ => Assert.True(judge.FirstWinsBothOrders(300, 0)));
    }

    [Fact]
    public void FirstWins_BiasedJudgeRandomOrder_BetterStillWinsButLessOften()
    {
        var biased = new SimulatedJudge(SimulatedJudgeOptions.Default with { PositionBias = 0.5, SingleTurnTemperature = 0 }, new Random(5));

        var wins = Enumerable.Range(0, 4000).Count(_ => biased.FirstWins(300, 0, MatchFormat.SingleTurn)) / 4000.0;

        // Half the calls follow quality (always right), half the random order (right half the time): 0.75.
        Assert.InRange(wins, 0.72, 0.78);
    }

    [Theory]
    [InlineData(0, 0, MatchFormat.SingleTurn)]
    [InlineData(100, 0, MatchFormat.SingleTurn)]
    [InlineData(300, 0, MatchFormat.SingleTurn)]
    [InlineData(100, 0, MatchFormat.Debate)]
    [InlineData(-250, 0, MatchFormat.Debate)]
    public void FirstWins_ManyMatches_WinRateMatchesTheProbabilityWithinSamplingError(double quality, double opponent, MatchFormat format)
    {
        const int Matches = 20_000;
        var judge = new SimulatedJudge(SimulatedJudgeOptions.Default, new Random(12345));
        var p = judge.WinProbability(quality, opponent, format);

        var wins = Enumerable.Range(0, Matches).Count(_ => judge.FirstWins(quality, opponent, format));

        // Normal approximation to the binomial: 3.89 standard errors is a two-sided 99.99% bound.
        var bound = 3.89 * Math.Sqrt(p * (1 - p) / Matches);
        Assert.InRange(wins / (double)Matches, p - bound, p + bound);
    }

    // Costs other than the defaults, so that the test shows which setting each format reads.
    [Theory]
    [InlineData(MatchFormat.SingleTurn, 1.5)]
    [InlineData(MatchFormat.Debate, 7.0)]
    public void CostOf_Format_IsTheCostConfiguredForIt(MatchFormat format, double expected) =>
        Assert.Equal(expected, new SimulatedJudgeOptions { SingleTurnCost = 1.5, DebateCost = 7.0 }.CostOf(format));
}
