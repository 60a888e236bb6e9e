using CoScientist.Core.Determinism;

namespace CoScientist.Core.Tests.Determinism;

public sealed class StableHashTests
{
    [Theory]
    [InlineData("", -2128831035)]
    [InlineData("ab", 1294271946)]
    public void Of_Text_IsFnv1aOverUtf16CodeUnits(string text, int expected) =>
        Assert.Equal(expected, StableHash.Of(text));

    [Fact]
    public void Of_DifferentTexts_Differ() =>
        Assert.NotEqual(StableHash.Of("r001-match-01"), StableHash.Of("r001-match-02"));

    [Fact]
    public void Combine_SameValues_SameSeed() =>
        Assert.Equal(StableHash.Combine(7, 3), StableHash.Combine(7, 3));

    [Fact]
    public void Combine_OrderMatters() =>
        Assert.NotEqual(StableHash.Combine(7, 3), StableHash.Combine(3, 7));

    [Fact]
    public void Combine_NeighbouringValues_SpreadApart()
    {
        var seeds = Enumerable.Range(0, 100).Select(i => StableHash.Combine(42, i)).ToList();

        Assert.Equal(100, seeds.Distinct().Count());
    }
}
