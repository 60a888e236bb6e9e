using CoScientist.Core.Agents.Proximity;

namespace CoScientist.Core.Tests.Agents.Proximity;

public sealed class LexicalSimilarityTests
{
    [Theory]
    [InlineData(new double[] { 1, 2, 3 }, new double[] { 1, 2, 3 }, 1)]
    [InlineData(new double[] { 1, 2, 3 }, new double[] { 2, 4, 6 }, 1)]
    [InlineData(new double[] { 1, 0 }, new double[] { 0, 1 }, 0)]
    [InlineData(new double[] { 1, 1 }, new double[] { 1, 0 }, 0.7071067811865475)]
    [InlineData(new double[] { 0, 0 }, new double[] { 1, 0 }, 0)]
    [InlineData(new double[] { 0, 0 }, new double[] { 0, 0 }, 0)]
    public void Cosine_Vectors_IsTheCosineOfTheirAngle(double[] a, double[] b, double expected) =>
        Assert.Equal(expected, LexicalSimilarity.Cosine(a, b), 12);

    [Fact]
    public void Vectors_IdenticalDocuments_CosineOne()
    {
        var vectors = LexicalSimilarity.Vectors(["Statins reduce hepatic fibrosis", "Statins reduce hepatic fibrosis", "Unrelated ocean currents"], out _);

        Assert.Equal(1, LexicalSimilarity.Cosine(vectors[0], vectors[1]), 12);
    }

    [Fact]
    public void Vectors_NoSharedContentWords_CosineZero()
    {
        var vectors = LexicalSimilarity.Vectors(["Statins reduce hepatic fibrosis", "Ocean currents carry plankton"], out _);

        Assert.Equal(0, LexicalSimilarity.Cosine(vectors[0], vectors[1]));
    }

    [Fact]
    public void Vectors_OnlyStopWordsAndShortWordsShared_CosineZero()
    {
        var vectors = LexicalSimilarity.Vectors(["the and for with statins of to", "the and for with plankton of to"], out var vocabulary);

        Assert.Equal(0, LexicalSimilarity.Cosine(vectors[0], vectors[1]));
        Assert.Equal(["plankton", "statins"], vocabulary);
    }

    [Fact]
    public void Vectors_SomeSharedWords_BetweenZeroAndOne()
    {
        var vectors = LexicalSimilarity.Vectors(["statins reduce hepatic fibrosis", "statins reduce cardiac events", "plankton drift"], out _);

        var similarity = LexicalSimilarity.Cosine(vectors[0], vectors[1]);
        Assert.InRange(similarity, 0.1, 0.9);
    }

    [Fact]
    public void Vectors_WordSharedByEveryDocument_WeighsLessThanADistinctiveOne()
    {
        var vectors = LexicalSimilarity.Vectors(["proposal alpha", "proposal beta", "proposal gamma"], out var vocabulary);

        var common = vocabulary.ToList().IndexOf("proposal");
        var distinctive = vocabulary.ToList().IndexOf("alpha");
        Assert.True(vectors[0][common] < vectors[0][distinctive]);
    }

    [Fact]
    public void Vectors_CaseAndPunctuation_AreIgnored()
    {
        var vectors = LexicalSimilarity.Vectors(["Statins, REDUCE fibrosis!", "statins reduce fibrosis", "other words"], out _);

        Assert.Equal(1, LexicalSimilarity.Cosine(vectors[0], vectors[1]), 12);
    }

    [Fact]
    public void Tokens_Text_LowerCasedContentWordsOnly() =>
        Assert.Equal(["tgf-beta", "drives", "fibrosis", "mice"], LexicalSimilarity.Tokens("TGF-beta drives the fibrosis in mice, as it is 42"));
}
