using CoScientist.Benchmarks.Tournament;

namespace CoScientist.Benchmarks.Tests.Tournament;

public sealed class RankingMetricsTests
{
    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 4 }, 3, 1.0)]
    [InlineData(new[] { 2, 1, 0, 3, 4 }, 3, 1.0)]
    [InlineData(new[] { 0, 1, 3, 2, 4 }, 3, 2.0 / 3)]
    [InlineData(new[] { 4, 3, 0, 2, 1 }, 3, 1.0 / 3)]
    [InlineData(new[] { 0, 4, 2, 1, 3 }, 3, 2.0 / 3)]
    [InlineData(new[] { 4, 3, 2, 1, 0 }, 3, 1.0 / 3)]
    [InlineData(new[] { 3, 4, 0, 1, 2 }, 2, 0.0)]
    [InlineData(new[] { 0, 1 }, 3, 1.0)]
    public void TopKRecall_HandCheckedRanking_IsShareOfTrueTopFound(int[] predicted, int k, double expected)
    {
        var truth = Enumerable.Range(0, predicted.Length).ToList();

        Assert.Equal(expected, RankingMetrics.TopKRecall(predicted, truth, k), 12);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, 1.0)]
    [InlineData(new[] { 3, 2, 1, 0 }, -1.0)]
    [InlineData(new[] { 1, 0, 2, 3 }, 4.0 / 6)]
    [InlineData(new[] { 0, 2, 1, 3 }, 4.0 / 6)]
    [InlineData(new[] { 1, 0, 3, 2 }, 2.0 / 6)]
    [InlineData(new[] { 3, 0, 1, 2 }, 0.0)]
    public void KendallTauOverTrueTop_FourItems_IsConcordantMinusDiscordantOverPairs(int[] predicted, double expected)
    {
        int[] truth = [0, 1, 2, 3];

        Assert.Equal(expected, RankingMetrics.KendallTauOverTrueTop(predicted, truth, 4), 12);
    }

    [Fact]
    public void KendallTauOverTrueTop_OthersInterleaved_OnlyTheTrueTopsRelativeOrderCounts()
    {
        int[] truth = [0, 1, 2, 3, 4, 5];
        int[] predicted = [5, 0, 4, 2, 3, 1];

        // Among the true top 3 (0, 1, 2) the policy's order is 0, 2, 1: two of three pairs agree.
        Assert.Equal(1.0 / 3, RankingMetrics.KendallTauOverTrueTop(predicted, truth, 3), 12);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, 1.0)]
    [InlineData(new[] { 1, 0, 2 }, 0.0)]
    public void TopOneAccuracy_Leader_IsOneWhenItIsTheBest(int[] predicted, double expected) =>
        Assert.Equal(expected, RankingMetrics.TopOneAccuracy(predicted, [0, 1, 2]));

    [Theory]
    [InlineData(new[] { 0.2, 0.5, 0.8, 0.9, 0.95, 0.97 }, 0.9, 40.0)]
    [InlineData(new[] { 0.2, 0.5, 0.91, 0.85, 0.95, 0.97 }, 0.9, 50.0)]
    [InlineData(new[] { 0.2, 0.5, 0.91, 0.95, 0.97, 0.89 }, 0.9, null)]
    [InlineData(new[] { 0.95, 0.96, 0.97, 0.97, 0.98, 0.99 }, 0.9, 10.0)]
    [InlineData(new[] { 0.2, 0.5, 0.6, 0.7, 0.8, 0.85 }, 0.9, null)]
    [InlineData(new[] { 0.2, 0.5, 0.6, 0.7, 0.8, 0.85 }, 0.5, 20.0)]
    public void CostToReach_ConstructedCurve_IsFirstBudgetFromWhichTheCurveHolds(double[] curve, double target, double? expected)
    {
        double[] budgets = [10, 20, 30, 40, 50, 60];

        Assert.Equal(expected, RankingMetrics.CostToReach(budgets, curve, target));
    }

    [Fact]
    public void CostToReach_MeanOfExactlyTheTarget_CountsAsReached()
    {
        // 540 of 600 top-3 places found is a mean recall of exactly 0.9, whatever the rounding.
        var mean = Enumerable.Repeat(0.9, 600).Sum() / 600;

        Assert.Equal(5.0, RankingMetrics.CostToReach([5.0], [mean], 0.9));
    }
}
