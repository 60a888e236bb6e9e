using CoScientist.Core.Llm;

namespace CoScientist.Core.Tests.Llm;

public sealed class ModelPriceTests
{
    [Theory]
    [InlineData(0, 0, "2", "8", "0")]
    [InlineData(1_000_000, 0, "2.5", "10", "2.5")]
    [InlineData(0, 1_000_000, "2.5", "10", "10")]
    [InlineData(500_000, 250_000, "2", "8", "3")]
    [InlineData(1, 1, "1", "1", "0.000002")]
    [InlineData(123_456, 7_890, "0.15", "0.6", "0.0232524")]
    public void Cost_Tokens_PricedPerMillion(long input, long output, string inputPrice, string outputPrice, string expected) =>
        Assert.Equal(decimal.Parse(expected), new ModelPrice(decimal.Parse(inputPrice), decimal.Parse(outputPrice)).Cost(input, output));

    [Fact]
    public void Cost_FreeModel_IsZero() =>
        Assert.Equal(0m, ModelPrice.Free.Cost(10_000_000, 10_000_000));
}

public sealed class ModelSlotTests
{
    [Fact]
    public void Key_WithPurpose_JoinsAgentAndPurpose()
    {
        Assert.Equal("Ranking.SingleTurn", ModelSlot.RankingSingleTurn.Key);
        Assert.Equal("Ranking.Debate", ModelSlot.RankingDebate.Key);
        Assert.Equal("Generation", ModelSlot.Generation.Key);
    }
}
