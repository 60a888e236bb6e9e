namespace CoScientist.Benchmarks.Tournament;

/// <summary>Settings of <c>cosci bench tournament</c>.</summary>
public sealed record TournamentBenchmarkSettings
{
    public static readonly TournamentBenchmarkSettings Default = new();

    public int Trials { get; init; } = 100;

    public IReadOnlyList<int> Sizes { get; init; } = [32, 64];

    public int Seed { get; init; } = 1;

    /// <summary>Print the table as JSON instead of text.</summary>
    public bool Json { get; init; }

    /// <summary>Where the recall-against-cost plot goes (.svg or .png); null for none.</summary>
    public string? PlotPath { get; init; } = "bench-out/tournament-recall.png";

    /// <summary>
    /// Every policy gets this many cost units per proposal of the field; the table's "end"
    /// columns are read here.
    /// </summary>
    public double MaxBudgetPerProposal { get; init; } = 40;

    /// <summary>
    /// The baselines (random pairs, round-robin, Swiss) are cheap to simulate, so they play on
    /// to this budget to find out whether and when they reach the targets at all. Giving them
    /// more budget than the product can only favour them.
    /// </summary>
    public double BaselineBudgetPerProposal { get; init; } = 200;

    /// <summary>The ranking is measured every this many cost units per proposal.</summary>
    public double GridStepPerProposal { get; init; } = 0.25;

    /// <summary>The budget at which the table's accuracy columns are read, per proposal.</summary>
    public double ReferenceBudgetPerProposal { get; init; } = 10;

    /// <summary>The headline target: mean top-3 recall to reach.</summary>
    public double TargetRecall { get; init; } = 0.9;

    /// <summary>Further targets reported, so the comparison does not hinge on one threshold.</summary>
    public IReadOnlyList<double> ExtraTargets { get; init; } = [0.5, 0.7, 0.8];

    public IReadOnlyList<TournamentPolicyKind> Policies { get; init; } = Enum.GetValues<TournamentPolicyKind>();

    public SimulatedJudgeOptions Judge { get; init; } = SimulatedJudgeOptions.Default;

    public ProposalFieldOptions Field { get; init; } = ProposalFieldOptions.Default;

    public ProductPolicyOptions Product { get; init; } = ProductPolicyOptions.Default;

    /// <summary>The position-biased judge's probability of preferring the proposal shown first, whatever its quality.</summary>
    public double PositionBias { get; init; } = 0.3;

    /// <summary>Order-swapping settings compared on the position-biased judge, at the largest size only (each is a full product run per trial); empty to skip that section.</summary>
    public IReadOnlyList<ProductVariant> Variants { get; init; } = TournamentVariants.OrderSwapping;

    /// <summary>Stop rules probed on every run of the product's policy.</summary>
    public IReadOnlyList<ProbedStopRule> StopRules { get; init; } = TournamentVariants.StopRules;

    /// <summary>Trials run in parallel; -1 uses every core. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>
/// Runs every policy on the same seeded fields and judges and averages the results. Each trial
/// is seeded from (seed, size, trial) and results are summed in trial order, so the report is
/// identical for the same seed however many threads run it.
/// </summary>
public static class TournamentBenchmark
{
    public static TournamentReport Run(TournamentBenchmarkSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Trials, 1);
        var sizes = settings.Sizes.Distinct().Order().ToList();
        var policies = settings.Policies.Distinct().ToList();
        var work = sizes.SelectMany(size => Enumerable.Range(0, settings.Trials).Select(trial => (Size: size, Trial: trial))).ToList();
        var results = new TrialResult[work.Count][];
        Parallel.For(
            0,
            work.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism },
            w => results[w] = RunTrial(settings, policies, work[w].Size, work[w].Trial));

        var targets = settings.ExtraTargets.Append(settings.TargetRecall).Distinct().Order().ToList();
        var rows = new List<TournamentRow>();
        var curves = new List<RecallCurve>();
        foreach (var size in sizes)
        {
            var trials = Enumerable.Range(0, work.Count).Where(w => work[w].Size == size).Select(w => results[w]).ToList();
            var sizeRows = new List<TournamentRow>();
            for (var p = 0; p < policies.Count; p++)
            {
                var runs = trials.Select(t => t[p]).ToList();
                var budget = BudgetFor(settings, policies[p], size);
                var grid = budget.Grid();
                var reference = IndexAt(grid, settings.ReferenceBudgetPerProposal * size);
                var end = IndexAt(grid, settings.MaxBudgetPerProposal * size);
                var recall = Mean(runs, r => r.TopThreeRecall, grid.Count);
                var topOne = Mean(runs, r => r.TopOne, grid.Count);
                var tau = Mean(runs, r => r.KendallTopTen, grid.Count);
                var stops = runs.Count(r => r.StopCost is not null);
                var isProduct = policies[p] == TournamentPolicyKind.Product;
                curves.Add(new RecallCurve(size, policies[p], Label(policies[p]), grid, recall));
                sizeRows.Add(new TournamentRow
                {
                    Size = size,
                    Policy = policies[p],
                    Label = Label(policies[p]),
                    TopOneAtReference = topOne[reference],
                    TopThreeRecallAtReference = recall[reference],
                    KendallTauTopTenAtReference = tau[reference],
                    TopOneAtEnd = topOne[end],
                    TopThreeRecallAtEnd = recall[end],
                    KendallTauTopTenAtEnd = tau[end],
                    CostToTarget = RankingMetrics.CostToReach(grid, recall, settings.TargetRecall),
                    CostToTargetPerProposal = RankingMetrics.CostToReach(grid, recall, settings.TargetRecall) / size,
                    RatioVsRandomElo = null,
                    RatioIsUpperBound = false,
                    BudgetPerProposal = budget.MaxCost / size,
                    Targets = [.. targets.Select(t => new TargetCost(t, RankingMetrics.CostToReach(grid, recall, t), RankingMetrics.CostToReach(grid, recall, t) / size, null, false))],
                    DebateShare = runs.Sum(r => r.Debates) / (double)Math.Max(1, runs.Sum(r => r.Matches)),
                    StopFiredShare = isProduct ? stops / (double)runs.Count : null,
                    // A run whose top never settled goes on to the end of the budget.
                    StopCostPerProposal = isProduct ? runs.Sum(r => r.StopCost ?? budget.MaxCost) / runs.Count / size : null,
                    TopThreeRecallAtStop = isProduct ? runs.Sum(r => r.StopTopThreeRecall ?? r.TopThreeRecall[^1]) / runs.Count : null,
                });
            }

            var baseline = sizeRows.FirstOrDefault(r => r.Policy == TournamentPolicyKind.RandomEloK24);
            rows.AddRange(sizeRows.Select(r => WithRatios(r, baseline)));
        }

        // Position bias and stop rules: the product's own policy under other settings and judges.
        var biasRows = new List<PositionBiasRow>();
        var stopRows = new List<StopRuleRow>();
        var productIndex = policies.IndexOf(TournamentPolicyKind.Product);
        var defaultStop = settings.Product.StopRule;
        foreach (var size in sizes)
        {
            var trials = Enumerable.Range(0, work.Count).Where(w => work[w].Size == size).Select(w => results[w]).ToList();
            var budget = BudgetFor(settings, TournamentPolicyKind.Product, size);
            var grid = budget.Grid();
            var reference = IndexAt(grid, settings.ReferenceBudgetPerProposal * size);
            var end = IndexAt(grid, settings.MaxBudgetPerProposal * size);
            if (productIndex >= 0)
            {
                stopRows.AddRange(settings.StopRules.Select(rule => TournamentVariants.StopRow(size, "unbiased", rule, defaultStop, [.. trials.Select(t => t[productIndex])], budget.MaxCost)));
            }

            for (var v = 0; v < settings.Variants.Count && size == sizes[^1]; v++)
            {
                var runs = trials.Select(t => t[policies.Count + v]).ToList();
                var recall = Mean(runs, r => r.TopThreeRecall, grid.Count);
                var variant = settings.Variants[v];
                var isDefault = TournamentVariants.IsDefault(variant);
                biasRows.Add(new PositionBiasRow
                {
                    Size = size,
                    Label = variant.Label,
                    BothOrders = variant.BothOrders,
                    Disagreement = variant.Disagreement,
                    IsDefault = isDefault,
                    TopThreeRecallAtReference = recall[reference],
                    TopThreeRecallAtEnd = recall[end],
                    CostToTargetPerProposal = RankingMetrics.CostToReach(grid, recall, settings.TargetRecall) / size,
                    CostPerMatch = runs.Sum(r => r.CostSpent) / Math.Max(1, runs.Sum(r => r.Matches)),
                    DisagreementShare = runs.Sum(r => r.Disagreements) / (double)Math.Max(1, runs.Sum(r => r.BothOrderComparisons)),
                    StopCostPerProposal = runs.Sum(r => r.StopCost ?? budget.MaxCost) / runs.Count / size,
                    TopThreeRecallAtStop = runs.Sum(r => r.StopTopThreeRecall ?? r.TopThreeRecall[^1]) / runs.Count,
                });
                if (isDefault)
                {
                    stopRows.AddRange(settings.StopRules.Select(rule => TournamentVariants.StopRow(size, "position-biased", rule, defaultStop, runs, budget.MaxCost)));
                }
            }
        }

        var ratioSize = sizes.Contains(64) ? 64 : sizes[^1];
        var headline = rows.FirstOrDefault(r => r.Size == ratioSize && r.Policy == TournamentPolicyKind.Product);
        return new TournamentReport
        {
            Trials = settings.Trials,
            Seed = settings.Seed,
            TargetRecall = settings.TargetRecall,
            ReferenceBudgetPerProposal = settings.ReferenceBudgetPerProposal,
            MaxBudgetPerProposal = settings.MaxBudgetPerProposal,
            BaselineBudgetPerProposal = Math.Max(settings.MaxBudgetPerProposal, settings.BaselineBudgetPerProposal),
            Rows = rows,
            RatioVsRandomElo = headline?.RatioVsRandomElo,
            RatioIsUpperBound = headline?.RatioIsUpperBound ?? false,
            RatioSize = ratioSize,
            Product = settings.Product,
            Judge = settings.Judge,
            Curves = curves,
            PositionBias = settings.PositionBias,
            OrderSwapping = biasRows,
            StopRules = stopRows,
        };
    }

    public static string Label(TournamentPolicyKind kind) => kind switch
    {
        TournamentPolicyKind.RandomEloK24 => "random pairs, Elo K=24",
        TournamentPolicyKind.RandomEloK32 => "random pairs, Elo K=32",
        TournamentPolicyKind.RoundRobin => "round-robin",
        TournamentPolicyKind.Swiss => "Swiss, Elo K=24",
        TournamentPolicyKind.Product => "co-scientist policy",
        _ => kind.ToString(),
    };

    /// <summary>
    /// One trial: one field, then every policy on it with a judge seeded alike, so policies
    /// differ only by the pairs they ask about.
    /// </summary>
    internal static TrialResult[] RunTrial(TournamentBenchmarkSettings settings, IReadOnlyList<TournamentPolicyKind> policies, int size, int trial)
    {
        var field = ProposalField.Generate(size, settings.Field, new Random(SeedFor(settings.Seed, size, trial, 0)));
        var product = settings.Product with { Probes = settings.StopRules };
        var biased = settings.Judge with { PositionBias = settings.PositionBias };
        return
        [
            .. policies.Select(kind => TournamentSimulation.Run(
                field,
                kind,
                settings.Judge,
                product,
                BudgetFor(settings, kind, size),
                new Random(SeedFor(settings.Seed, size, trial, 1)),
                new Random(SeedFor(settings.Seed, size, trial, 2)))),
            .. settings.Variants.Where(_ => size == settings.Sizes.Max()).Select(variant => TournamentSimulation.Run(
                field,
                TournamentPolicyKind.Product,
                biased,
                // Stop rules are probed on the default setting only: each probe costs a fit per round.
                TournamentVariants.Apply(TournamentVariants.IsDefault(variant) ? product : settings.Product, variant),
                BudgetFor(settings, TournamentPolicyKind.Product, size),
                new Random(SeedFor(settings.Seed, size, trial, 1)),
                new Random(SeedFor(settings.Seed, size, trial, 2)))),
        ];
    }

    /// <summary>A well-mixed 31-bit seed for one stream of one trial (SplitMix64 finaliser).</summary>
    internal static int SeedFor(int seed, int size, int trial, int stream)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)size << 20) ^ ((ulong)(uint)trial << 4) ^ (uint)stream;
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }

    /// <summary>The product runs to the common budget; the cheap baselines on to theirs (at least as long).</summary>
    internal static SimulationBudget BudgetFor(TournamentBenchmarkSettings settings, TournamentPolicyKind kind, int size) =>
        SimulationBudget.PerProposal(
            size,
            kind == TournamentPolicyKind.Product ? settings.MaxBudgetPerProposal : Math.Max(settings.MaxBudgetPerProposal, settings.BaselineBudgetPerProposal),
            settings.GridStepPerProposal);

    /// <summary>
    /// Ratios to random-pair Elo (K = 24). A policy that never reached a target has no ratio;
    /// when random-pair Elo never reached it, its whole budget stands in and the ratio is a bound.
    /// </summary>
    internal static TournamentRow WithRatios(TournamentRow row, TournamentRow? baseline)
    {
        if (baseline is null)
        {
            return row;
        }

        (double? Ratio, bool Bound) Ratio(double? cost, double? baselineCost) =>
            cost is null ? (null, false)
            : baselineCost is { } b ? (cost / b, false)
            : (cost / (baseline.BudgetPerProposal * row.Size), true);

        var headline = Ratio(row.CostToTarget, baseline.CostToTarget);
        return row with
        {
            RatioVsRandomElo = headline.Ratio,
            RatioIsUpperBound = headline.Bound,
            Targets =
            [
                .. row.Targets.Select(t =>
                {
                    var r = Ratio(t.Cost, baseline.Targets.First(b => b.Target == t.Target).Cost);
                    return t with { RatioVsRandomElo = r.Ratio, RatioIsUpperBound = r.Bound };
                }),
            ],
        };
    }

    private static int IndexAt(IReadOnlyList<double> grid, double budget)
    {
        var index = 0;
        while (index + 1 < grid.Count && grid[index + 1] <= budget + 1e-9)
        {
            index++;
        }

        return index;
    }

    private static double[] Mean(List<TrialResult> runs, Func<TrialResult, IReadOnlyList<double>> metric, int points)
    {
        var sum = new double[points];
        foreach (var run in runs)
        {
            var values = metric(run);
            for (var i = 0; i < points; i++)
            {
                sum[i] += values[i];
            }
        }

        return [.. sum.Select(s => s / runs.Count)];
    }
}
