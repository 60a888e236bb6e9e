namespace CoScientist.Core.Llm;

/// <summary>Price of one model in US dollars per million tokens, used for cost accounting and budgets.</summary>
public sealed record ModelPrice(decimal InputPerMillionUsd, decimal OutputPerMillionUsd)
{
    public static readonly ModelPrice Free = new(0m, 0m);

    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillionUsd) + (outputTokens * OutputPerMillionUsd)) / 1_000_000m;
}
