using CoScientist.Core.Llm;

namespace CoScientist.Llm.Tests;

public sealed class ModelPriceTableTests
{
    [Fact]
    public void Get_WellKnownModel_UsesBuiltInPrice()
    {
        var prices = new ModelPriceTable();

        Assert.Equal(new ModelPrice(2.00m, 8.00m), prices.Get("gpt-4.1"));
        Assert.Equal(new ModelPrice(2.00m, 8.00m), prices.Get("GPT-4.1"));
    }

    [Fact]
    public void Get_Simulated_IsPricedLikeGpt41Mini()
    {
        var prices = new ModelPriceTable();

        Assert.Equal(prices.Get("gpt-4.1-mini"), prices.Get("simulated"));
    }

    [Fact]
    public void Get_ConfiguredPrice_OverridesDefault()
    {
        var prices = new ModelPriceTable(new Dictionary<string, PriceOptions>
        {
            ["gpt-4.1"] = new() { InputPerMillionUsd = 1m, OutputPerMillionUsd = 4m },
            ["my-deployment"] = new() { InputPerMillionUsd = 3m, OutputPerMillionUsd = 9m },
        });

        Assert.Equal(new ModelPrice(1m, 4m), prices.Get("gpt-4.1"));
        Assert.Equal(new ModelPrice(3m, 9m), prices.Get("my-deployment"));
        Assert.True(prices.IsKnown("my-deployment"));
    }

    [Fact]
    public void Get_UnknownModel_IsFreeAndFlagged()
    {
        var prices = new ModelPriceTable();

        Assert.Equal(ModelPrice.Free, prices.Get("llama3"));
        Assert.False(prices.IsKnown("llama3"));
    }
}
