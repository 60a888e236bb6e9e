using CoScientist.Core.Tournament;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>The budget of one simulated ranking phase and where it is measured.</summary>
public sealed record SimulationBudget(double MaxCost, double GridStep)
{
    /// <summary>Budget points at which the ranking is measured: GridStep, 2·GridStep, …, MaxCost.</summary>
    public IReadOnlyList<double> Grid() =>
        [.. Enumerable.Range(1, (int)Math.Floor((MaxCost / GridStep) + 1e-9)).Select(i => i * GridStep)];

    public static SimulationBudget PerProposal(int size, double maxPerProposal, double stepPerProposal) =>
        new(maxPerProposal * size, stepPerProposal * size);
}

/// <summary>
/// What one policy achieved on one field. Metric arrays have one value per budget point: the
/// ranking measured is the one after the last round whose cumulative cost fits in that budget.
/// </summary>
public sealed record TrialResult(
    TournamentPolicyKind Policy,
    IReadOnlyList<double> TopOne,
    IReadOnlyList<double> TopThreeRecall,
    IReadOnlyList<double> KendallTopTen,
    IReadOnlyList<int> FinalRanking,
    IReadOnlyList<int> TrueRanking,
    double CostSpent,
    int Matches,
    int Debates,
    double? StopCost,
    double? StopTopThreeRecall)
{
    /// <summary>Single-turn comparisons asked in both presentation orders.</summary>
    public int BothOrderComparisons { get; init; }

    /// <summary>Of those, how many got opposite verdicts from the two orders.</summary>
    public int Disagreements { get; init; }

    /// <summary>Where each probed stop rule (by label) first fired: cost and top-3 recall then.</summary>
    public IReadOnlyDictionary<string, (double Cost, double Recall)> ProbeStops { get; init; } = new Dictionary<string, (double, double)>();
}

/// <summary>Runs one policy through one simulated ranking phase.</summary>
public static class TournamentSimulation
{
    public const int RecallDepth = 3;
    public const int TauDepth = 10;

    /// <param name="judgeRandom">Drives the judge's verdicts; pass the same seed to every policy.</param>
    /// <param name="policyRandom">Drives the policy's own random choices.</param>
    public static TrialResult Run(
        ProposalField field,
        TournamentPolicyKind kind,
        SimulatedJudgeOptions judgeOptions,
        ProductPolicyOptions productOptions,
        SimulationBudget budget,
        Random judgeRandom,
        Random policyRandom)
    {
        var policy = Create(kind, field, productOptions, policyRandom);
        var judge = new SimulatedJudge(judgeOptions, judgeRandom);
        var grid = budget.Grid();
        var topOne = new double[grid.Count];
        var recall = new double[grid.Count];
        var tau = new double[grid.Count];
        var present = new List<int>();
        var measured = 0;
        var nextArrival = 0;
        var cost = 0.0;
        var matches = 0;
        var debates = 0;
        var swapped = 0;
        var disagreements = 0;
        var stops = new Dictionary<string, (double Cost, double Recall)>(StringComparer.Ordinal);
        double? stopCost = null;
        double? stopRecall = null;

        // The true order changes only when proposals arrive.
        IReadOnlyList<int> truth = [];

        void MeasureUpTo(double limit, bool inclusive)
        {
            if (measured >= grid.Count || !(inclusive ? grid[measured] <= limit : grid[measured] < limit))
            {
                return;
            }

            var ranking = policy.Ranking();
            var one = RankingMetrics.TopOneAccuracy(ranking, truth);
            var three = RankingMetrics.TopKRecall(ranking, truth, RecallDepth);
            var ten = RankingMetrics.KendallTauOverTrueTop(ranking, truth, TauDepth);
            while (measured < grid.Count && (inclusive ? grid[measured] <= limit : grid[measured] < limit))
            {
                (topOne[measured], recall[measured], tau[measured]) = (one, three, ten);
                measured++;
            }
        }

        while (cost < budget.MaxCost)
        {
            // Children arrive once the run has spent their arrival cost, whatever the policy.
            if (nextArrival < field.Count && field.Proposals[nextArrival].ArrivalCost <= cost)
            {
                while (nextArrival < field.Count && field.Proposals[nextArrival].ArrivalCost <= cost)
                {
                    present.Add(nextArrival);
                    policy.Admit(nextArrival++);
                }

                truth = [.. present.OrderByDescending(p => field.Proposals[p].Quality).ThenBy(p => p)];
            }

            var round = policy.PlanRound();
            if (round.Count == 0)
            {
                break;
            }

            // Verdicts first: an escalated disagreement adds a debate, so a round's cost is known only once played.
            var roundCost = 0.0;
            var results = new List<PlayedMatch>(round.Count);
            foreach (var m in round)
            {
                var (qa, qb) = (field.Proposals[m.A].Quality, field.Proposals[m.B].Quality);
                roundCost += judgeOptions.CostOf(m.Format);
                bool? firstWins;
                var format = m.Format;
                if (m.BothOrders && m.Format == MatchFormat.SingleTurn)
                {
                    roundCost += judgeOptions.CostOf(MatchFormat.SingleTurn);
                    swapped++;
                    firstWins = judge.FirstWinsBothOrders(qa, qb);
                    if (firstWins is null)
                    {
                        disagreements++;
                        if (productOptions.Pairing.Disagreement == DisagreementResolution.Debate)
                        {
                            roundCost += judgeOptions.CostOf(MatchFormat.Debate);
                            format = MatchFormat.Debate;
                            firstWins = judge.FirstWins(qa, qb, MatchFormat.Debate);
                        }
                    }
                }
                else
                {
                    firstWins = judge.FirstWins(qa, qb, m.Format);
                }

                results.Add(firstWins switch
                {
                    true => new PlayedMatch(m.A, m.B, format),
                    false => new PlayedMatch(m.B, m.A, format),
                    null => new PlayedMatch(m.A, m.B, format, Draw: true),
                });
                debates += format == MatchFormat.Debate ? 1 : 0;
            }

            // Budgets this round would overshoot see the ranking as it stands before the round.
            MeasureUpTo(cost + roundCost, inclusive: false);
            matches += round.Count;
            cost += roundCost;
            policy.Record(results);
            // As in a run, the supervisor only considers stopping once generation and evolution are done.
            if (stopCost is null && nextArrival >= field.Count && policy.IsStable)
            {
                stopCost = cost;
                stopRecall = RankingMetrics.TopKRecall(policy.Ranking(), truth, RecallDepth);
            }

            // Alternative stop rules, probed on the same run: where each would have stopped.
            if (nextArrival >= field.Count && policy is ProductPolicy product)
            {
                foreach (var rule in product.FiredProbes(stops.Keys))
                {
                    stops[rule] = (cost, RankingMetrics.TopKRecall(policy.Ranking(), truth, RecallDepth));
                }
            }
        }

        MeasureUpTo(double.PositiveInfinity, inclusive: true);
        return new TrialResult(kind, topOne, recall, tau, policy.Ranking(), truth, cost, matches, debates, stopCost, stopRecall)
        {
            BothOrderComparisons = swapped,
            Disagreements = disagreements,
            ProbeStops = stops,
        };
    }

    private static ITournamentPolicy Create(TournamentPolicyKind kind, ProposalField field, ProductPolicyOptions productOptions, Random random) =>
        kind switch
        {
            TournamentPolicyKind.RandomEloK24 => new RandomEloPolicy(24, random),
            TournamentPolicyKind.RandomEloK32 => new RandomEloPolicy(32, random),
            TournamentPolicyKind.RoundRobin => new RoundRobinPolicy(random),
            TournamentPolicyKind.Swiss => new SwissPolicy(),
            TournamentPolicyKind.Product => new ProductPolicy(field, productOptions, random),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown policy."),
        };
}
