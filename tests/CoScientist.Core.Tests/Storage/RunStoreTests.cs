using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Tournament;
using Moq;

namespace CoScientist.Core.Tests.Storage;

public sealed class RunStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EmbeddedTableStore _tables = new();
    private readonly RunStore _store;

    public RunStoreTests() => _store = new RunStore(_tables);

    private static RunRecord FullRun() => TestData.Run(
        budget: new RunBudget(MaxProposals: 12, MaxMatches: 40, MaxTokens: 2_000_000, MaxCostUsd: 12.5m, MaxWallTime: TimeSpan.FromMinutes(90)),
        plan: TestData.SafePlan,
        round: 3,
        attachedContext: "Some attached notes.") with
    {
        Finalizing = true,
        SupervisorSteps = 4,
        StopReason = "why",
        StopRequested = true,
        CompletedAt = TestData.Now.AddHours(1),
        Feedback = [new ScientistFeedback("prefer oral", TestData.Now)],
        Leaderboard = new Dictionary<string, double> { ["P-1"] = 1234.5, ["P-2"] = 1165.5 },
        Simulated = true,
        Literature = false,
    };

    [Fact]
    public async Task TryCreateRunAsync_ThenGet_RoundTripsEveryField()
    {
        var run = FullRun();

        Assert.True(await _store.TryCreateRunAsync(run, Ct));

        var stored = await _store.GetRunAsync(run.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equivalent(run, stored.Value, strict: true);
        Assert.Equal(TimeSpan.FromMinutes(90), stored.Value.Budget.MaxWallTime);
        Assert.Equal(12.5m, stored.Value.Budget.MaxCostUsd);
    }

    [Fact]
    public async Task GetRunAsync_RunStoredBeforeTheLiteratureField_SearchesTheLiterature()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(RunStore.Serialize(TestData.Run()))!.AsObject();
        Assert.True(json.Remove("literature"), "the stored run names the field 'literature'");
        await _tables.TryInsertAsync(StorageNames.RunsTable, StorageNames.RunsPartition, "run-1", json.ToJsonString(), Ct);

        Assert.True((await _store.GetRunAsync("run-1", Ct))!.Value.Literature);
    }

    [Fact]
    public async Task TryCreateRunAsync_SameIdTwice_SecondFalseAndFirstKept()
    {
        await _store.TryCreateRunAsync(TestData.Run(seed: 1), Ct);

        Assert.False(await _store.TryCreateRunAsync(TestData.Run(seed: 2), Ct));
        Assert.Equal(1, (await _store.GetRunAsync("run-1", Ct))?.Value.Seed);
    }

    [Fact]
    public async Task ListRunsAsync_SeveralRuns_AllListed()
    {
        await _store.TryCreateRunAsync(TestData.Run("run-b"), Ct);
        await _store.TryCreateRunAsync(TestData.Run("run-a"), Ct);

        Assert.Equal(["run-a", "run-b"], (await _store.ListRunsAsync(Ct)).Select(r => r.Id));
    }

    [Fact]
    public async Task GetRunAsync_Unknown_Null() =>
        Assert.Null(await _store.GetRunAsync("nope", Ct));

    [Fact]
    public async Task UpdateRunAsync_StaleETag_Conflict()
    {
        await _store.TryCreateRunAsync(TestData.Run(), Ct);
        var stored = (await _store.GetRunAsync("run-1", Ct))!;
        await _store.UpdateRunAsync(stored.Value with { Round = 1 }, stored.ETag, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.UpdateRunAsync(stored.Value with { Round = 2 }, stored.ETag, Ct));
    }

    [Fact]
    public async Task Task_RoundTripsAndAddsOnlyOnce()
    {
        var task = TestData.Task("r002-match-03", TaskKind.Match, 2, AgentTaskStatus.Running,
            new TaskInput { ProposalIds = ["P-1", "P-2"], Debate = true, Strategy = "s", ReviewKind = ReviewKind.Full },
            new StepUsage(3, 300, 60, 0.02m)) with
        {
            Attempts = 2,
            LeaseUntil = TestData.Now.AddMinutes(10),
            Error = "boom",
        };

        Assert.True(await _store.TryAddTaskAsync(task, Ct));
        Assert.False(await _store.TryAddTaskAsync(task with { Attempts = 9 }, Ct));

        var stored = await _store.GetTaskAsync("run-1", task.Id, Ct);
        Assert.Equivalent(task, stored?.Value, strict: true);
        Assert.Equivalent(task, Assert.Single(await _store.ListTasksAsync("run-1", Ct)), strict: true);
        Assert.Equal(stored?.ETag, Assert.Single(await _store.ListStoredTasksAsync("run-1", Ct)).ETag);
    }

    [Fact]
    public async Task UpdateTaskAsync_StaleETag_Conflict()
    {
        var task = TestData.Task("t1", TaskKind.Plan, 1, AgentTaskStatus.Pending);
        await _store.TryAddTaskAsync(task, Ct);
        var stored = (await _store.GetTaskAsync("run-1", "t1", Ct))!;
        await _store.UpdateTaskAsync(task with { Status = AgentTaskStatus.Running }, stored.ETag, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.UpdateTaskAsync(task with { Status = AgentTaskStatus.Completed }, stored.ETag, Ct));
    }

    [Fact]
    public async Task Proposal_RoundTripsAndSavingAgainOverwrites()
    {
        var proposal = TestData.Proposal("P-1") with
        {
            Background = "bg",
            UnmetNeed = "need",
            Goals = ["g"],
            Reasoning = "because",
            StudySteps = ["s1", "s2"],
            Articles = [new ArticleReference("pmid-1", "Title", "https://x", "pubmed")],
            Origin = ProposalOrigin.Evolved,
            ParentIds = ["P-0"],
            Status = ProposalStatus.Duplicate,
            StatusReason = "dup",
            DuplicateOf = "P-0",
            Simulated = true,
        };

        await _store.SaveProposalAsync(proposal, Ct);
        Assert.Equivalent(proposal, await _store.GetProposalAsync("run-1", "P-1", Ct), strict: true);

        await _store.SaveProposalAsync(proposal with { Title = "Retitled" }, Ct);
        var all = await _store.ListProposalsAsync("run-1", Ct);
        Assert.Equal("Retitled", Assert.Single(all).Title);
    }

    [Fact]
    public async Task GetProposalAsync_Unknown_Null() =>
        Assert.Null(await _store.GetProposalAsync("run-1", "P-none", Ct));

    [Fact]
    public async Task Review_RoundTrips()
    {
        var review = TestData.Review("r001-review-01", "P-1", ReviewKind.DeepVerification, ReviewVerdict.Reject, RejectionReason.Unsafe) with
        {
            Strengths = ["s"],
            Findings = [new ReviewFinding("a", "b", false)],
        };

        await _store.SaveReviewAsync(review, Ct);

        Assert.Equivalent(review, Assert.Single(await _store.ListReviewsAsync("run-1", Ct)), strict: true);
    }

    [Fact]
    public async Task Match_RoundTripsWithTranscript()
    {
        var match = TestData.Match("r002-match-01", "P-1", "P-2", "P-2") with
        {
            Format = MatchFormat.Debate,
            Transcript = [new DebateTurn("the advocate of A", "argument")],
            Simulated = true,
        };

        await _store.SaveMatchAsync(match, Ct);

        var stored = Assert.Single(await _store.ListMatchesAsync("run-1", Ct));
        Assert.Equivalent(match, stored, strict: true);
        Assert.Equal("P-1", stored.LoserId);
    }

    [Fact]
    public async Task MetaReview_RoundTrips()
    {
        var meta = new MetaReview { Id = "r003-metareview-01", RunId = "run-1", Round = 3, RecurringPatterns = ["p"], GenerationFeedback = "g", ReflectionFeedback = "r", CreatedAt = TestData.Now };

        await _store.SaveMetaReviewAsync(meta, Ct);

        Assert.Equivalent(meta, Assert.Single(await _store.ListMetaReviewsAsync("run-1", Ct)), strict: true);
    }

    [Fact]
    public async Task Documents_OverviewAndAimsRoundTrip()
    {
        var overview = new ResearchOverview
        {
            RunId = "run-1",
            Summary = "s",
            Areas = [new ResearchArea("t", "d", ["P-1"], ["e"])],
            TopProposalIds = ["P-1"],
            OpenQuestions = ["q"],
            PossibleCollaborators = ["c"],
        };
        var aims = new SpecificAimsPage("P-1", "T", "I", [new SpecificAim("a", "h", "ap", "o")], "X", true);

        await _store.SaveDocumentAsync("run-1", RunStore.OverviewDocument, overview, Ct);
        await _store.SaveDocumentAsync("run-1", RunStore.AimsPrefix + "P-1", aims, Ct);

        Assert.Equivalent(overview, await _store.GetDocumentAsync<ResearchOverview>("run-1", RunStore.OverviewDocument, Ct), strict: true);
        Assert.Equivalent(aims, await _store.GetDocumentAsync<SpecificAimsPage>("run-1", "aims-P-1", Ct), strict: true);
        Assert.Null(await _store.GetDocumentAsync<ResearchOverview>("run-2", RunStore.OverviewDocument, Ct));
    }

    [Fact]
    public async Task ProximityGraphs_ListedApartFromOtherDocuments()
    {
        var g1 = new ProximityGraph("r002-proximity-01", "lexical", ["P-1", "P-2"], [new SimilarityEdge("P-1", "P-2", 0.5)], [new NearDuplicate("P-2", "P-1", 0.9)], [["P-1", "P-2"]]);
        var g2 = g1 with { TaskId = "r004-proximity-01", Method = "embedding" };

        await _store.SaveProximityGraphAsync("run-1", g1, Ct);
        await _store.SaveProximityGraphAsync("run-1", g2, Ct);
        await _store.SaveDocumentAsync("run-1", RunStore.OverviewDocument, new ResearchOverview { RunId = "run-1", Summary = "s" }, Ct);

        var graphs = await _store.ListProximityGraphsAsync("run-1", Ct);

        Assert.Equal(["r002-proximity-01", "r004-proximity-01"], graphs.Select(g => g.TaskId));
        Assert.Equal(0.5, graphs[0].Similarity("P-2", "P-1"));
        Assert.True(graphs[0].IsDuplicate("P-2"));
        Assert.Equal(["P-1", "P-2"], Assert.Single(graphs[1].Clusters));
    }

    [Fact]
    public async Task Outputs_PartitionedByRun()
    {
        await _store.SaveProposalAsync(TestData.Proposal("P-1", runId: "run-1"), Ct);
        await _store.SaveProposalAsync(TestData.Proposal("P-1", runId: "run-2") with { Title = "other run" }, Ct);

        Assert.Equal("Title P-1", Assert.Single(await _store.ListProposalsAsync("run-1", Ct)).Title);
        Assert.Equal("other run", Assert.Single(await _store.ListProposalsAsync("run-2", Ct)).Title);
    }

    [Fact]
    public async Task MutateRunAsync_Change_WrittenAndReturned()
    {
        await _store.TryCreateRunAsync(TestData.Run(), Ct);

        var changed = await _store.MutateRunAsync("run-1", r => r with { Round = 5 }, Ct);

        Assert.Equal(5, changed.Round);
        Assert.Equal(5, (await _store.GetRunAsync("run-1", Ct))?.Value.Round);
    }

    [Fact]
    public async Task MutateRunAsync_ConcurrentWriterInBetween_RetriesOnTheNewerRunAndKeepsBothChanges()
    {
        var tables = new HookedTableStore(_tables);
        var store = new RunStore(tables);
        await store.TryCreateRunAsync(TestData.Run(), Ct);

        // Another writer stops the run between this mutation's read and its write.
        tables.BeforeNextRunUpdate = inner => HookedTableStore.ChangeRunAsync(inner, "run-1", r => r with { StopRequested = true }, Ct);
        var calls = 0;

        var result = await store.MutateRunAsync("run-1", r =>
        {
            calls++;
            return r with { SupervisorSteps = r.SupervisorSteps + 1 };
        }, Ct);

        Assert.Equal(2, calls);
        Assert.True(result.StopRequested);
        var stored = (await store.GetRunAsync("run-1", Ct))!.Value;
        Assert.True(stored.StopRequested);
        Assert.Equal(1, stored.SupervisorSteps);
    }

    [Fact]
    public async Task MutateRunAsync_NoChange_DoesNotWrite()
    {
        await _store.TryCreateRunAsync(TestData.Run(), Ct);
        var before = (await _store.GetRunAsync("run-1", Ct))!.ETag;

        await _store.MutateRunAsync("run-1", r => r, Ct);

        Assert.Equal(before, (await _store.GetRunAsync("run-1", Ct))!.ETag);
    }

    [Fact]
    public async Task MutateRunAsync_UnknownRun_RunNotFound()
    {
        var ex = await Assert.ThrowsAsync<RunNotFoundException>(() => _store.MutateRunAsync("ghost", r => r with { Round = 1 }, Ct));

        Assert.Equal("ghost", ex.RunId);
    }

    [Fact]
    public async Task MutateRunAsync_AlwaysConflicting_GivesUpAfterBoundedRetries()
    {
        var json = RunStore.Serialize(TestData.Run());
        var tables = new Mock<ITableStore>();
        tables.Setup(t => t.GetAsync("runs", "run", "run-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TableEntry("run", "run-1", json, "W/\"1\""));
        tables.Setup(t => t.UpdateAsync("runs", "run", "run-1", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyConflictException("changed"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => new RunStore(tables.Object).MutateRunAsync("run-1", r => r with { Round = 2 }, Ct));

        tables.Verify(t => t.UpdateAsync("runs", "run", "run-1", It.IsAny<string>(), "W/\"1\"", It.IsAny<CancellationToken>()), Times.Exactly(21));
    }
}
