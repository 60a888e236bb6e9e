using System.Text.Json.Serialization;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>One policy at one field size, averaged over the trials.</summary>
public sealed record TournamentRow
{
    public required int Size { get; init; }

    public required TournamentPolicyKind Policy { get; init; }

    public required string Label { get; init; }

    /// <summary>Metrics at the reference budget (ReferenceBudgetPerProposal × Size cost units).</summary>
    public required double TopOneAtReference { get; init; }

    public required double TopThreeRecallAtReference { get; init; }

    public required double KendallTauTopTenAtReference { get; init; }

    /// <summary>Metrics at the end of the budget (MaxBudgetPerProposal × Size cost units).</summary>
    public required double TopOneAtEnd { get; init; }

    public required double TopThreeRecallAtEnd { get; init; }

    public required double KendallTauTopTenAtEnd { get; init; }

    /// <summary>Cost-weighted comparisons from which the mean top-3 recall stays at or above the target; null when never within the budget.</summary>
    public required double? CostToTarget { get; init; }

    public required double? CostToTargetPerProposal { get; init; }

    /// <summary>
    /// CostToTarget divided by random-pair Elo (K = 24)'s at the same size. When random-pair
    /// Elo never reached the target, its whole budget stands in for its cost and the ratio is
    /// an upper bound (<see cref="RatioIsUpperBound"/>).
    /// </summary>
    public required double? RatioVsRandomElo { get; init; }

    public required bool RatioIsUpperBound { get; init; }

    /// <summary>The budget this policy was run to, per proposal.</summary>
    public required double BudgetPerProposal { get; init; }

    /// <summary>Cost to reach each reported target, the headline one included.</summary>
    public required IReadOnlyList<TargetCost> Targets { get; init; }

    /// <summary>Share of the matches played as debates.</summary>
    public required double DebateShare { get; init; }

    /// <summary>Share of the trials in which the policy's stop rule fired (product only).</summary>
    public double? StopFiredShare { get; init; }

    /// <summary>Mean cost per proposal at which the run stopped: where the stop rule fired, else the end of the budget.</summary>
    public double? StopCostPerProposal { get; init; }

    /// <summary>Mean top-3 recall when the run stopped (stop rule, else end of the budget).</summary>
    public double? TopThreeRecallAtStop { get; init; }
}

/// <summary>Cost-weighted comparisons a policy needed to reach (and hold) one mean top-3 recall.</summary>
public sealed record TargetCost(double Target, double? Cost, double? CostPerProposal, double? RatioVsRandomElo, bool RatioIsUpperBound);

/// <summary>Mean top-3 recall of one policy at each budget point.</summary>
public sealed record RecallCurve(int Size, TournamentPolicyKind Policy, string Label, IReadOnlyList<double> Budgets, IReadOnlyList<double> TopThreeRecall);

/// <summary>The benchmark's result: the table, the headline ratio and the curves behind the plot.</summary>
public sealed record TournamentReport
{
    public required int Trials { get; init; }

    public required int Seed { get; init; }

    public required double TargetRecall { get; init; }

    public required double ReferenceBudgetPerProposal { get; init; }

    public required double MaxBudgetPerProposal { get; init; }

    public required double BaselineBudgetPerProposal { get; init; }

    public required IReadOnlyList<TournamentRow> Rows { get; init; }

    /// <summary>
    /// Product's cost to reach the target at <see cref="RatioSize"/> divided by random-pair Elo
    /// (K = 24)'s; null when either never reaches it.
    /// </summary>
    public required double? RatioVsRandomElo { get; init; }

    /// <summary>True when random-pair Elo never reached the target, so its whole budget stood in for its cost.</summary>
    public required bool RatioIsUpperBound { get; init; }

    /// <summary>The field size of the headline ratio: 64 when benchmarked, else the largest size.</summary>
    public required int RatioSize { get; init; }

    /// <summary>The product settings the figures were obtained with.</summary>
    public required ProductPolicyOptions Product { get; init; }

    public required SimulatedJudgeOptions Judge { get; init; }

    /// <summary>The position-biased judge's probability of preferring the proposal shown first.</summary>
    public double PositionBias { get; init; }

    /// <summary>The product's policy on the position-biased judge, with and without order swapping (both calls counted).</summary>
    public IReadOnlyList<PositionBiasRow> OrderSwapping { get; init; } = [];

    /// <summary>Stop rules probed on the product's runs: recall and cost at the point each fired.</summary>
    public IReadOnlyList<StopRuleRow> StopRules { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyList<RecallCurve> Curves { get; init; } = [];
}
