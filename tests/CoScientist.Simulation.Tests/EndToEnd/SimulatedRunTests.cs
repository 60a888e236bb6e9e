using CoScientist.Core.Messaging;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Tournament;

namespace CoScientist.Simulation.Tests.EndToEnd;

public sealed class SimulatedRunTests
{
    [Fact]
    public async Task Run_WithSimulatedModel_CompletesWithReviewedProposalsAndMatches()
    {
        await using var engine = new SimulatedEngine(seed: 7);
        var (run, snapshot) = await engine.RunAsync(SimulatedEngine.Request(), TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.True(snapshot.Proposals.Count >= 24, $"proposals: {snapshot.Proposals.Count}");
        Assert.True(snapshot.Matches.Count >= 60, $"matches: {snapshot.Matches.Count}");
        Assert.All(snapshot.Tasks, t => Assert.True(t.IsTerminal, $"{t.Id} is {t.Status}"));
        var stats = RunStatistics.From(snapshot);
        Assert.All(stats.Agents, a => Assert.True(a.Value.Steps > 0, $"{a.Key} ran no step"));
        Assert.NotNull(await engine.Store.GetDocumentAsync<Core.MetaReviews.ResearchOverview>(run.Id, Core.Storage.RunStore.OverviewDocument, TestContext.Current.CancellationToken));
    }
}
