using CoScientist.Core.Llm;
using CoScientist.Simulation;

namespace CoScientist.Llm;

/// <summary>Token prices by model name: a built-in table for well-known models with configured prices on top.</summary>
public sealed class ModelPriceTable
{
    /// <summary>List prices in USD per million tokens (standard tier) of a few well-known models.</summary>
    public static readonly IReadOnlyDictionary<string, ModelPrice> Defaults =
        new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
        {
            ["gpt-4.1"] = new(2.00m, 8.00m),
            ["gpt-4.1-mini"] = new(0.40m, 1.60m),
            ["gpt-4.1-nano"] = new(0.10m, 0.40m),
            ["gpt-4o"] = new(2.50m, 10.00m),
            ["gpt-4o-mini"] = new(0.15m, 0.60m),
            ["o4-mini"] = new(1.10m, 4.40m),
            ["text-embedding-3-small"] = new(0.02m, 0m),
            ["text-embedding-3-large"] = new(0.13m, 0m),

            // The simulated model's own price (like gpt-4.1-mini), so offline runs rehearse budgets.
            [SimulatedChatClient.ModelId] = SimulatedModelProvider.DefaultPrice,
        };

    private readonly Dictionary<string, ModelPrice> _prices;

    public ModelPriceTable(IReadOnlyDictionary<string, PriceOptions>? configured = null)
    {
        _prices = new Dictionary<string, ModelPrice>(Defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in configured ?? new Dictionary<string, PriceOptions>())
        {
            _prices[model] = new ModelPrice(price.InputPerMillionUsd, price.OutputPerMillionUsd);
        }
    }

    /// <summary>True when the model has a built-in or configured price.</summary>
    public bool IsKnown(string model) => _prices.ContainsKey(model);

    /// <summary>The model's price, or <see cref="ModelPrice.Free"/> when none is known (see <see cref="IsKnown"/>).</summary>
    public ModelPrice Get(string model) => _prices.GetValueOrDefault(model) ?? ModelPrice.Free;
}
