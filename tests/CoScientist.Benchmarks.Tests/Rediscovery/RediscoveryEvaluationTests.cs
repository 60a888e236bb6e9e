using CoScientist.Benchmarks.Rediscovery;

namespace CoScientist.Benchmarks.Tests.Rediscovery;

public sealed class RediscoveryEvaluationTests
{
    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4 }, new[] { 10.0, 20, 30, 40 }, 1.0)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, new[] { 4.0, 3, 2, 1 }, -1.0)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, new[] { 1.0, 1, 2, 2 }, 0.894427191)]
    public void Spearman_KnownOrders(double[] x, double[] y, double expected) =>
        Assert.Equal(expected, RediscoveryEvaluation.Spearman(x, y)!.Value, 6);

    [Fact]
    public void Spearman_ConstantScores_Null() =>
        Assert.Null(RediscoveryEvaluation.Spearman([1, 2, 3], [2, 2, 2]));
}
