using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Messaging;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Tests.Supervisor;

public sealed class RunSnapshotTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProximityGraph GraphWithDuplicate(string taskId, string duplicate, string of) =>
        new(taskId, "lexical", [of, duplicate], [new SimilarityEdge(of, duplicate, 0.97)], [new NearDuplicate(duplicate, of, 0.97)], [[of, duplicate]]);

    [Fact]
    public async Task LoadForRoundAsync_RoundHasAReadModel_ReadsTheOutputsFromItNotFromTheTables()
    {
        var store = new RunStore(new CoScientist.Core.Storage.Embedded.EmbeddedTableStore());
        Assert.True(await store.TryCreateRunAsync(TestData.Run(round: 2), Ct));
        await store.SaveProposalAsync(TestData.Proposal("P-table"), Ct);
        await store.SaveDocumentAsync("run-1", RoundReadModel.DocumentName(2), new RoundReadModel(2, [], [TestData.Proposal("P-model")], [], [], [], []), Ct);

        var fromModel = await RunSnapshot.LoadForRoundAsync(store, "run-1", 2, cancellationToken: Ct);
        var withoutModel = await RunSnapshot.LoadForRoundAsync(store, "run-1", 3, cancellationToken: Ct);

        Assert.Equal(["P-model"], fromModel.Proposals.Select(p => p.Id));
        Assert.Equal(2, fromModel.Run.Round);
        Assert.Equal(["P-table"], withoutModel.Proposals.Select(p => p.Id)); // no read model: the whole partition, as before
    }

    [Fact]
    public async Task ToReadModel_ThenFrom_TheSameSnapshot()
    {
        var snapshot = await RunBuilder.Planned().Entrant("P-1").Entrant("P-2").SnapshotAsync();

        var again = RunSnapshot.From(snapshot.Run, snapshot.RunETag, snapshot.ToReadModel(3));

        Assert.Equal(snapshot.Proposals, again.Proposals);
        Assert.Equal(snapshot.Reviews, again.Reviews);
        Assert.Equal(snapshot.Entrants.Select(p => p.Id), again.Entrants.Select(p => p.Id));
        Assert.Equal(snapshot.Leaderboard.Ratings, again.Leaderboard.Ratings);
    }

    [Fact]
    public async Task Standing_NoReviews_ActiveButNotAnEntrant()
    {
        var snapshot = await RunBuilder.Planned().Proposal(TestData.Proposal("P-1")).SnapshotAsync();

        var proposal = Assert.Single(snapshot.Proposals);
        Assert.Equal(ProposalStatus.Active, proposal.Status);
        Assert.Empty(snapshot.Entrants);
    }

    [Fact]
    public async Task Standing_PassingInitialReview_Entrant()
    {
        var snapshot = await RunBuilder.Planned().Entrant("P-1").SnapshotAsync();

        Assert.Equal(["P-1"], snapshot.Entrants.Select(p => p.Id));
    }

    [Theory]
    [InlineData(ReviewKind.Initial)]
    [InlineData(ReviewKind.Full)]
    [InlineData(ReviewKind.Simulation)]
    public async Task Standing_AnyUnsafeReview_Unsafe(ReviewKind kind)
    {
        var snapshot = await RunBuilder.Planned().Entrant("P-1")
            .Review(TestData.Review("rv-unsafe", "P-1", kind, ReviewVerdict.Reject, RejectionReason.Unsafe, summary: "Could be weaponised."))
            .SnapshotAsync();

        var proposal = Assert.Single(snapshot.Proposals);
        Assert.Equal(ProposalStatus.Unsafe, proposal.Status);
        Assert.Equal("Could be weaponised.", proposal.StatusReason);
        Assert.False(proposal.IsShown);
        Assert.Empty(snapshot.Entrants);
        Assert.Empty(snapshot.Ranked);
    }

    [Fact]
    public async Task Standing_InitialReject_Rejected()
    {
        var snapshot = await RunBuilder.Planned().Proposal(TestData.Proposal("P-1"))
            .Review(TestData.Review("rv-1", "P-1", ReviewKind.Initial, ReviewVerdict.Reject, RejectionReason.Unoriginal, summary: "Known practice."))
            .SnapshotAsync();

        var proposal = Assert.Single(snapshot.Proposals);
        Assert.Equal(ProposalStatus.Rejected, proposal.Status);
        Assert.Equal("Unoriginal: Known practice.", proposal.StatusReason);
        Assert.True(proposal.IsShown);
        Assert.Empty(snapshot.Entrants);
    }

    [Fact]
    public async Task Standing_UnsafeAndRejected_UnsafeWins()
    {
        var snapshot = await RunBuilder.Planned().Proposal(TestData.Proposal("P-1"))
            .Review(TestData.Review("rv-1", "P-1", ReviewKind.Initial, ReviewVerdict.Reject, RejectionReason.Incorrect))
            .Review(TestData.Review("rv-2", "P-1", ReviewKind.Full, ReviewVerdict.Reject, RejectionReason.Unsafe))
            .SnapshotAsync();

        Assert.Equal(ProposalStatus.Unsafe, Assert.Single(snapshot.Proposals).Status);
    }

    [Fact]
    public async Task Standing_DuplicateInTheLatestGraph_Duplicate()
    {
        var snapshot = await RunBuilder.Planned().Entrants("P-1", "P-2")
            .Graph(GraphWithDuplicate("r002-proximity-01", "P-2", "P-1"))
            .SnapshotAsync();

        var duplicate = snapshot.Proposal("P-2")!;
        Assert.Equal(ProposalStatus.Duplicate, duplicate.Status);
        Assert.Equal("P-1", duplicate.DuplicateOf);
        Assert.Contains("P-1", duplicate.StatusReason, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Active, snapshot.Proposal("P-1")!.Status);
        Assert.Equal(["P-1"], snapshot.Entrants.Select(p => p.Id));
    }

    [Fact]
    public async Task Graph_SeveralGraphs_TheLatestTaskDecides()
    {
        var latest = new ProximityGraph("r010-proximity-01", "lexical", ["P-1", "P-2"], [], [], [["P-1"], ["P-2"]]);

        var snapshot = await RunBuilder.Planned(round: 10).Entrants("P-1", "P-2")
            .Graph(GraphWithDuplicate("r009-proximity-01", "P-2", "P-1"))
            .Graph(latest)
            .SnapshotAsync();

        Assert.Equal("r010-proximity-01", snapshot.Graph?.TaskId);
        Assert.Equal(ProposalStatus.Active, snapshot.Proposal("P-2")!.Status);
    }

    [Fact]
    public async Task Standing_StoredStatusIsIgnored_DerivedFromReviews()
    {
        var snapshot = await RunBuilder.Planned()
            .Proposal(TestData.Proposal("P-1") with { Status = ProposalStatus.Unsafe, StatusReason = "stale" })
            .Review(TestData.Review("init-P-1", "P-1"))
            .SnapshotAsync();

        var proposal = Assert.Single(snapshot.Proposals);
        Assert.Equal(ProposalStatus.Active, proposal.Status);
        Assert.Null(proposal.StatusReason);
    }

    [Fact]
    public async Task Proposals_OrderedByRoundThenId()
    {
        var snapshot = await RunBuilder.Planned(round: 3)
            .Proposal(TestData.Proposal("P-b", 2)).Proposal(TestData.Proposal("P-c", 1)).Proposal(TestData.Proposal("P-a", 2))
            .SnapshotAsync();

        Assert.Equal(["P-c", "P-a", "P-b"], snapshot.Proposals.Select(p => p.Id));
    }

    [Fact]
    public async Task Leaderboard_ReplaysTheMatchLog()
    {
        var snapshot = await RunBuilder.Planned().Entrants("P-1", "P-2")
            .Match(TestData.Match("r002-match-01", "P-1", "P-2", "P-2", round: 2))
            .SnapshotAsync(KFactorSchedule.Constant(32));

        Assert.Equal(1216, snapshot.Leaderboard.RatingOf("P-2"), 10);
        Assert.Equal(["P-2", "P-1"], snapshot.Ranked.Select(p => p.Id));
    }

    [Fact]
    public async Task TimesPlayed_CountsBothOrientations()
    {
        var snapshot = await RunBuilder.Planned().Entrants("P-1", "P-2", "P-3")
            .Match(TestData.Match("m1", "P-1", "P-2", "P-1")).Match(TestData.Match("m2", "P-2", "P-1", "P-1")).Match(TestData.Match("m3", "P-1", "P-3", "P-3"))
            .SnapshotAsync();

        Assert.Equal(2, snapshot.TimesPlayed("P-1", "P-2"));
        Assert.Equal(2, snapshot.TimesPlayed("P-2", "P-1"));
        Assert.Equal(0, snapshot.TimesPlayed("P-2", "P-3"));
    }

    [Fact]
    public async Task UpTo_Round_LeavesOutLaterOutputs()
    {
        var snapshot = await RunBuilder.Planned(round: 3)
            .Entrant("P-1").Entrant("P-2").Entrant("P-3", round: 3)
            .Task(TestData.Task("r003-match-01", TaskKind.Match, 3))
            .Match(TestData.Match("r002-match-01", "P-1", "P-2", "P-1", round: 2))
            .Match(TestData.Match("r003-match-01", "P-1", "P-2", "P-2", round: 3))
            .MetaReview(new MetaReview { Id = "r003-metareview-01", RunId = "run-1", Round = 3, GenerationFeedback = "g", ReflectionFeedback = "r" })
            .SnapshotAsync();

        var cut = snapshot.UpTo(2);

        Assert.Equal(["P-1", "P-2"], cut.Proposals.Select(p => p.Id));
        Assert.Equal(["r002-match-01"], cut.Matches.Select(m => m.Id));
        Assert.DoesNotContain(cut.Tasks, t => t.Round > 2);
        Assert.DoesNotContain(cut.Reviews, r => r.Round > 2);
        Assert.Null(cut.LatestMetaReview);
        Assert.Equal(1, cut.Leaderboard.GamesOf("P-1"));
        Assert.Equal(2, snapshot.Leaderboard.GamesOf("P-1"));
        Assert.Same(snapshot.Run, cut.Run);
    }

    [Fact]
    public async Task UpTo_BeforeTheUnsafeReview_StandingIsRecomputed()
    {
        var snapshot = await RunBuilder.Planned(round: 3).Entrant("P-1")
            .Review(TestData.Review("r003-review-01", "P-1", ReviewKind.Full, ReviewVerdict.Reject, RejectionReason.Unsafe, round: 3))
            .SnapshotAsync();

        Assert.Equal(ProposalStatus.Unsafe, snapshot.Proposal("P-1")!.Status);
        Assert.Equal(ProposalStatus.Active, snapshot.UpTo(2).Proposal("P-1")!.Status);
        Assert.Single(snapshot.UpTo(2).Entrants);
    }

    [Fact]
    public async Task UpTo_BeforeALaterGraph_UsesTheGraphOfThatTime()
    {
        var snapshot = await RunBuilder.Planned(round: 4).Entrants("P-1", "P-2")
            .Graph(new ProximityGraph("r002-proximity-01", "lexical", ["P-1", "P-2"], [], [], [["P-1"], ["P-2"]]))
            .Graph(GraphWithDuplicate("r004-proximity-01", "P-2", "P-1"))
            .SnapshotAsync();

        Assert.Equal(ProposalStatus.Duplicate, snapshot.Proposal("P-2")!.Status);
        var cut = snapshot.UpTo(3);
        Assert.Equal("r002-proximity-01", cut.Graph?.TaskId);
        Assert.Equal(ProposalStatus.Active, cut.Proposal("P-2")!.Status);
    }

    [Fact]
    public async Task LatestMetaReview_HighestRound()
    {
        var snapshot = await RunBuilder.Planned(round: 6)
            .MetaReview(new MetaReview { Id = "r006-metareview-01", RunId = "run-1", Round = 6, GenerationFeedback = "new", ReflectionFeedback = "r" })
            .MetaReview(new MetaReview { Id = "r003-metareview-01", RunId = "run-1", Round = 3, GenerationFeedback = "old", ReflectionFeedback = "r" })
            .SnapshotAsync();

        Assert.Equal("new", snapshot.LatestMetaReview?.GenerationFeedback);
    }

    [Theory]
    [InlineData("r012-proximity-01", 12)]
    [InlineData("r001-plan-01", 1)]
    [InlineData("proximity", 0)]
    [InlineData("rxyz-proximity", 0)]
    [InlineData("r", 0)]
    public void RoundOf_TaskId_ParsesTheRound(string taskId, int round) =>
        Assert.Equal(round, RunSnapshot.RoundOf(taskId));

    [Fact]
    public async Task LoadAsync_UnknownRun_RunNotFound() =>
        await Assert.ThrowsAsync<RunNotFoundException>(() => RunSnapshot.LoadAsync(new RunStore(new CoScientist.Core.Storage.Embedded.EmbeddedTableStore()), "ghost", cancellationToken: Ct));
}
