using System.Text.Json;
using CoScientist.Benchmarks.Tournament;

namespace CoScientist.Benchmarks.Tests.Tournament;

public sealed class TournamentBenchmarkTests
{
    private static readonly TournamentBenchmarkSettings Small = new()
    {
        Trials = 6,
        Sizes = [16],
        MaxBudgetPerProposal = 8,
        BaselineBudgetPerProposal = 16,
        ReferenceBudgetPerProposal = 4,
        GridStepPerProposal = 0.5,
        PlotPath = null,
    };

    [Fact]
    public void Run_SameSeed_IdenticalReportsWhateverTheParallelism()
    {
        var serial = TournamentBenchmark.Run(Small with { MaxDegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        var parallel = TournamentBenchmark.Run(Small with { MaxDegreeOfParallelism = 4 }, TestContext.Current.CancellationToken);

        Assert.Equal(JsonSerializer.Serialize(serial), JsonSerializer.Serialize(parallel));
        Assert.Equal(serial.Curves.Count, parallel.Curves.Count);
        for (var i = 0; i < serial.Curves.Count; i++)
        {
            Assert.Equal(serial.Curves[i].TopThreeRecall, parallel.Curves[i].TopThreeRecall);
        }
    }

    [Fact]
    public void Run_DifferentSeed_DifferentFigures()
    {
        var a = TournamentBenchmark.Run(Small with { Seed = 1 }, TestContext.Current.CancellationToken);
        var b = TournamentBenchmark.Run(Small with { Seed = 2 }, TestContext.Current.CancellationToken);

        Assert.NotEqual(a.Curves.SelectMany(c => c.TopThreeRecall), b.Curves.SelectMany(c => c.TopThreeRecall));
    }

    [Fact]
    public void Run_Report_HasOneRowPerPolicyAndSizeWithTheirBudgets()
    {
        var report = TournamentBenchmark.Run(Small with { Sizes = [12, 16], Trials = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(2 * Enum.GetValues<TournamentPolicyKind>().Length, report.Rows.Count);
        Assert.Equal(16, report.RatioSize);
        Assert.All(report.Rows, r => Assert.Equal(r.Policy == TournamentPolicyKind.Product ? 8 : 16, r.BudgetPerProposal));
        Assert.All(report.Curves, c => Assert.Equal(c.Policy == TournamentPolicyKind.Product ? 16 : 32, c.Budgets.Count));
        Assert.All(report.Rows.Where(r => r.Policy != TournamentPolicyKind.Product), r => Assert.Null(r.StopFiredShare));
        Assert.NotNull(report.Rows.Single(r => r.Size == 16 && r.Policy == TournamentPolicyKind.Product).StopFiredShare);
    }

    [Fact]
    public void Run_PositionBiasSection_EverySettingAtTheLargestSizeWithBothCallsCounted()
    {
        var report = TournamentBenchmark.Run(Small with { Sizes = [12, 16], Trials = 3 }, TestContext.Current.CancellationToken);

        Assert.Equal(TournamentVariants.OrderSwapping.Count, report.OrderSwapping.Count);
        Assert.All(report.OrderSwapping, r => Assert.Equal(16, r.Size));
        Assert.Single(report.OrderSwapping, r => r.IsDefault);
        var oneOrder = report.OrderSwapping.Single(r => r.BothOrders == CoScientist.Core.Tournament.OrderSwapScope.None);
        var always = report.OrderSwapping.Single(r => r.BothOrders == CoScientist.Core.Tournament.OrderSwapScope.All && r.Disagreement == CoScientist.Core.Tournament.DisagreementResolution.Draw);
        Assert.Equal(0, oneOrder.DisagreementShare);
        Assert.True(always.DisagreementShare > 0, "a judge biased 30% towards the first shown must disagree with itself sometimes");
        // Debates cost 3 and single turns 1; asking every single turn twice costs at least 2 per non-debate match.
        Assert.True(always.CostPerMatch > oneOrder.CostPerMatch);
    }

    [Fact]
    public void Run_StopRuleSection_EveryProbedRuleForBothJudges()
    {
        var report = TournamentBenchmark.Run(Small with { Trials = 3 }, TestContext.Current.CancellationToken);

        Assert.Equal(2 * TournamentVariants.StopRules.Count, report.StopRules.Count);
        Assert.Equal(["position-biased", "unbiased"], report.StopRules.Select(r => r.Judge).Distinct().Order());
        Assert.Equal(2, report.StopRules.Count(r => r.IsDefault));
        Assert.All(report.StopRules, r => Assert.InRange(r.StopCostPerProposal, 0, Small.MaxBudgetPerProposal));
    }

    [Fact]
    public void Run_TargetsEveryoneOrNoOneReaches_RatioIsOneOrAbsent()
    {
        // Mean recall is always at least 0 and never 1.01.
        var report = TournamentBenchmark.Run(Small with { Trials = 2, TargetRecall = 0.0, ExtraTargets = [1.01] }, TestContext.Current.CancellationToken);
        var product = report.Rows.Single(r => r.Policy == TournamentPolicyKind.Product);

        Assert.Equal(1.0, product.RatioVsRandomElo);
        Assert.False(product.RatioIsUpperBound);
        var never = product.Targets.Single(t => t.Target == 1.01);
        Assert.Null(never.Cost);
        Assert.Null(never.RatioVsRandomElo);
    }

    [Theory]
    [InlineData(320.0, 640.0, 0.5, false)]
    [InlineData(320.0, null, 0.025, true)]
    [InlineData(null, 640.0, null, false)]
    [InlineData(null, null, null, false)]
    public void WithRatios_CostsOfPolicyAndRandomElo_RatioOrBoundOverRandomElosBudget(double? cost, double? randomCost, double? ratio, bool bound)
    {
        // N = 64; random pairs ran to 200·N = 12800, which stands in when it never got there.
        var row = Row(TournamentPolicyKind.Product, cost, 40);
        var random = Row(TournamentPolicyKind.RandomEloK24, randomCost, 200);

        var result = TournamentBenchmark.WithRatios(row, random);

        Assert.Equal(ratio, result.RatioVsRandomElo);
        Assert.Equal(bound, result.RatioIsUpperBound);
        Assert.Equal(ratio, result.Targets.Single().RatioVsRandomElo);
    }

    private static TournamentRow Row(TournamentPolicyKind policy, double? cost, double budgetPerProposal) => new()
    {
        Size = 64,
        Policy = policy,
        Label = TournamentBenchmark.Label(policy),
        TopOneAtReference = 0,
        TopThreeRecallAtReference = 0,
        KendallTauTopTenAtReference = 0,
        TopOneAtEnd = 0,
        TopThreeRecallAtEnd = 0,
        KendallTauTopTenAtEnd = 0,
        CostToTarget = cost,
        CostToTargetPerProposal = cost / 64,
        RatioVsRandomElo = null,
        RatioIsUpperBound = false,
        BudgetPerProposal = budgetPerProposal,
        Targets = [new TargetCost(0.9, cost, cost / 64, null, false)],
        DebateShare = 0,
    };

    [Theory]
    [InlineData(1, 16, 0, 0)]
    [InlineData(1, 16, 0, 1)]
    [InlineData(1, 16, 1, 0)]
    [InlineData(1, 32, 0, 0)]
    [InlineData(2, 16, 0, 0)]
    public void SeedFor_DifferentCoordinates_DifferentSeeds(int seed, int size, int trial, int stream)
    {
        var reference = TournamentBenchmark.SeedFor(1, 16, 0, 0);
        var seedFor = TournamentBenchmark.SeedFor(seed, size, trial, stream);

        Assert.True(seedFor >= 0);
        Assert.Equal((seed, size, trial, stream) == (1, 16, 0, 0), seedFor == reference);
    }
}
