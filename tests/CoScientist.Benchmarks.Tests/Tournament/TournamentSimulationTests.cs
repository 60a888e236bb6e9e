using CoScientist.Benchmarks.Tournament;

namespace CoScientist.Benchmarks.Tests.Tournament;

public sealed class TournamentSimulationTests
{
    private static readonly SimulatedJudgeOptions NoiseFree = new() { SingleTurnTemperature = 0, DebateTemperature = 0 };

    private static ProposalField FieldWithoutArrivals(int size, int seed) =>
        ProposalField.Generate(size, ProposalFieldOptions.Default with { ArrivalShare = 0 }, new Random(seed));

    [Theory]
    [InlineData(8, 1)]
    [InlineData(12, 2)]
    [InlineData(17, 3)]
    public void Run_RoundRobinWithNoiseFreeJudge_RanksPerfectly(int size, int seed)
    {
        var field = FieldWithoutArrivals(size, seed);
        var pairs = size * (size - 1) / 2.0;

        var result = TournamentSimulation.Run(
            field, TournamentPolicyKind.RoundRobin, NoiseFree, ProductPolicyOptions.Default, new SimulationBudget(pairs, pairs), new Random(1), new Random(2));

        Assert.Equal(result.TrueRanking, result.FinalRanking);
        Assert.Equal(pairs, result.Matches);
        Assert.Equal(1.0, result.KendallTopTen[^1]);
    }

    [Fact]
    public void Run_RoundRobin_PlaysEveryPairOncePerCycle()
    {
        var field = FieldWithoutArrivals(10, 4);

        var result = TournamentSimulation.Run(
            field, TournamentPolicyKind.RoundRobin, SimulatedJudgeOptions.Default, ProductPolicyOptions.Default, new SimulationBudget(45, 45), new Random(1), new Random(2));

        // With a noisy judge a full cycle still gives every proposal exactly n - 1 games, so the
        // ranking is by wins; the check is on the cost accounting and on nothing left unplayed.
        Assert.Equal(45, result.Matches);
        Assert.Equal(45, result.CostSpent);
    }

    [Fact]
    public void Run_ProductPolicy_CountsDebatesAtTheirCost()
    {
        var field = ProposalField.Generate(32, ProposalFieldOptions.Default, new Random(5));
        var judge = SimulatedJudgeOptions.Default;

        var oneOrder = ProductPolicyOptions.Default with { Pairing = ProductPolicyOptions.Default.Pairing with { BothOrders = CoScientist.Core.Tournament.OrderSwapScope.None } };

        var result = TournamentSimulation.Run(
            field, TournamentPolicyKind.Product, judge, oneOrder, SimulationBudget.PerProposal(32, 10, 1), new Random(1), new Random(2));

        Assert.True(result.Debates > 0);
        Assert.Equal(0, result.BothOrderComparisons);
        Assert.Equal(((result.Matches - result.Debates) * judge.SingleTurnCost) + (result.Debates * judge.DebateCost), result.CostSpent, 9);
        Assert.InRange(result.CostSpent, 320, 320 + (32 * judge.DebateCost));
    }

    [Fact]
    public void Run_BothOrdersEscalatingToDebates_CountsBothCallsAndTheDebate()
    {
        var field = ProposalField.Generate(32, ProposalFieldOptions.Default, new Random(5));
        var judge = SimulatedJudgeOptions.Default with { PositionBias = 0.3 };

        var result = TournamentSimulation.Run(
            field, TournamentPolicyKind.Product, judge, ProductPolicyOptions.Default, SimulationBudget.PerProposal(32, 10, 1), new Random(1), new Random(2));

        Assert.True(result.BothOrderComparisons > 0);
        Assert.True(result.Disagreements > 0);
        // A swapped comparison is two single turns; an escalated one adds a debate (counted among the debates).
        var expected = ((result.Matches - result.Debates) * judge.SingleTurnCost) + (result.Debates * judge.DebateCost)
            + (result.BothOrderComparisons * judge.SingleTurnCost) + (result.Disagreements * judge.SingleTurnCost);
        Assert.Equal(expected, result.CostSpent, 9);
    }

    [Fact]
    public void Run_Arrivals_EveryProposalIsRankedByTheEnd()
    {
        var field = ProposalField.Generate(32, ProposalFieldOptions.Default, new Random(6));

        foreach (var kind in Enum.GetValues<TournamentPolicyKind>())
        {
            var result = TournamentSimulation.Run(
                field, kind, SimulatedJudgeOptions.Default, ProductPolicyOptions.Default, SimulationBudget.PerProposal(32, 10, 1), new Random(1), new Random(2));

            Assert.Equal(field.Proposals.Select(p => p.Index).Order(), result.FinalRanking.Order());
            Assert.Equal(10, result.TopThreeRecall.Count);
        }
    }

    [Fact]
    public void Run_OneMatchPerRound_MeasuresEveryBudgetPointAndStopsAtTheBudget()
    {
        var field = FieldWithoutArrivals(8, 7);

        var result = TournamentSimulation.Run(
            field, TournamentPolicyKind.RandomEloK24, NoiseFree, ProductPolicyOptions.Default, new SimulationBudget(200, 1), new Random(1), new Random(2));

        Assert.Equal(200, result.TopOne.Count);
        Assert.Equal(200, result.Matches);
        Assert.Equal(200, result.CostSpent);
        Assert.Null(result.StopCost);
    }

    [Fact]
    public void Run_SameSeeds_SameResult()
    {
        var field = ProposalField.Generate(32, ProposalFieldOptions.Default, new Random(8));

        TrialResult Once() => TournamentSimulation.Run(
            field, TournamentPolicyKind.Product, SimulatedJudgeOptions.Default, ProductPolicyOptions.Default, SimulationBudget.PerProposal(32, 8, 0.5), new Random(3), new Random(4));

        var first = Once();
        var second = Once();
        Assert.Equal(first.TopThreeRecall, second.TopThreeRecall);
        Assert.Equal(first.FinalRanking, second.FinalRanking);
        Assert.Equal(first.CostSpent, second.CostSpent);
    }
}
