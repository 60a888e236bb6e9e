using CoScientist.Core.Tournament;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>One setting of the product's policy, run on a given judge, for the position-bias comparison.</summary>
public sealed record ProductVariant(string Label, OrderSwapScope BothOrders, DisagreementResolution Disagreement);

/// <summary>The product's policy with one order-swapping setting, on the position-biased judge, averaged over the trials.</summary>
public sealed record PositionBiasRow
{
    public required int Size { get; init; }

    public required string Label { get; init; }

    public required OrderSwapScope BothOrders { get; init; }

    public required DisagreementResolution Disagreement { get; init; }

    /// <summary>The product's default setting.</summary>
    public required bool IsDefault { get; init; }

    public required double TopThreeRecallAtReference { get; init; }

    public required double TopThreeRecallAtEnd { get; init; }

    /// <summary>Cost per proposal to reach and hold the target mean top-3 recall; null when never within the budget. Both calls of a swapped comparison are counted.</summary>
    public required double? CostToTargetPerProposal { get; init; }

    /// <summary>Mean cost of one match (1 for a single call; 2 for both orders; plus 3 for an escalated debate).</summary>
    public required double CostPerMatch { get; init; }

    /// <summary>Share of both-order comparisons whose two verdicts disagreed.</summary>
    public required double DisagreementShare { get; init; }

    /// <summary>Mean cost per proposal where the default stop rule ended the run (the budget's end where it never fired).</summary>
    public required double StopCostPerProposal { get; init; }

    public required double TopThreeRecallAtStop { get; init; }
}

/// <summary>One stop rule probed on the product's runs, averaged over the trials.</summary>
public sealed record StopRuleRow
{
    public required int Size { get; init; }

    /// <summary>"unbiased" or "position-biased".</summary>
    public required string Judge { get; init; }

    public required string Rule { get; init; }

    /// <summary>The supervisor's default stop rule.</summary>
    public required bool IsDefault { get; init; }

    public required double FiredShare { get; init; }

    /// <summary>Mean cost per proposal at which the rule stopped the run (the budget's end where it never fired).</summary>
    public required double StopCostPerProposal { get; init; }

    /// <summary>Mean top-3 recall when it stopped (the budget's end where it never fired).</summary>
    public required double TopThreeRecallAtStop { get; init; }
}

/// <summary>The settings compared by the position-bias and stop-rule sections of the benchmark.</summary>
public static class TournamentVariants
{
    public static readonly IReadOnlyList<ProductVariant> OrderSwapping =
    [
        new("one order per comparison", OrderSwapScope.None, DisagreementResolution.Draw),
        new("both orders at the top, disagreement = draw", OrderSwapScope.Top, DisagreementResolution.Draw),
        new("both orders at the top, disagreement = debate", OrderSwapScope.Top, DisagreementResolution.Debate),
        new("both orders always, disagreement = draw", OrderSwapScope.All, DisagreementResolution.Draw),
        new("both orders always, disagreement = debate", OrderSwapScope.All, DisagreementResolution.Debate),
    ];

    /// <summary>Stop rules probed on every product run; labels name their settings.</summary>
    public static readonly IReadOnlyList<ProbedStopRule> StopRules =
    [
        new("stability: same top 3 for 16 rounds, 16 games", Stability: TopStability.Default),
        new("stability: same top 3 for 8 rounds, 8 games", Stability: new TopStability(3, 8, 8)),
        new("separation: top 3 apart at 80%", Separation: new TopSeparation(3, 0.8)),
        new("separation: top 3 apart at 90%", Separation: new TopSeparation(3, 0.9)),
        new("separation: top 3 apart at 95%", Separation: new TopSeparation(3, 0.95)),
    ];

    public static bool IsDefault(ProductVariant variant) =>
        variant.BothOrders == PairingOptions.Default.BothOrders
        && (variant.BothOrders == OrderSwapScope.None || variant.Disagreement == PairingOptions.Default.Disagreement);

    public static bool IsDefault(ProbedStopRule rule, StopRuleKind defaultKind) =>
        defaultKind == StopRuleKind.Separation ? rule.Separation == TopSeparation.Default : rule.Stability == TopStability.Default;

    public static ProductPolicyOptions Apply(ProductPolicyOptions product, ProductVariant variant) =>
        product with { Pairing = product.Pairing with { BothOrders = variant.BothOrders, Disagreement = variant.Disagreement } };

    internal static StopRuleRow StopRow(int size, string judge, ProbedStopRule rule, StopRuleKind defaultKind, IReadOnlyList<TrialResult> runs, double budget) => new()
    {
        Size = size,
        Judge = judge,
        Rule = rule.Label,
        IsDefault = IsDefault(rule, defaultKind),
        FiredShare = runs.Count(r => r.ProbeStops.ContainsKey(rule.Label)) / (double)runs.Count,
        StopCostPerProposal = runs.Sum(r => r.ProbeStops.TryGetValue(rule.Label, out var s) ? s.Cost : budget) / runs.Count / size,
        TopThreeRecallAtStop = runs.Sum(r => r.ProbeStops.TryGetValue(rule.Label, out var s) ? s.Recall : r.TopThreeRecall[^1]) / runs.Count,
    };
}
