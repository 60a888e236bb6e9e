using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Messaging;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Core.Tests.Runs;

public sealed class RunServiceTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly RecordingRunOrchestrations _orchestrations = new();
    private readonly EngineHarness _engine;

    public RunServiceTests() => _engine = new(orchestrations: _orchestrations);

    public void Dispose() => _engine.Dispose();

    private RunService Service => _engine.Get<RunService>();

    /// <summary>Every start and event the run service asked of the orchestrations, in words.</summary>
    private List<string> Signals() => [.. _orchestrations.Started.Select(id => $"start {id}"), .. _orchestrations.Raised.Select(r => $"{r.Event.Kind} {r.RunId}")];

    private static Proposal Draft(string title = "My idea", string statement = "It works.") => new()
    {
        Id = "ignored",
        RunId = "ignored",
        TaskId = "ignored",
        Round = 99,
        Title = title,
        Statement = statement,
        Origin = ProposalOrigin.Generated,
        Status = ProposalStatus.Unsafe,
    };

    [Fact]
    public async Task StartAsync_ValidRequest_StoresThePendingRunAndStartsItsOrchestration()
    {
        var run = await Service.StartAsync(new RunRequest(ResearchGoal.Of("Slow fibrosis."), new RunBudget(MaxProposals: 8), 42), Ct);

        var stored = (await _engine.RunAsync(run.Id)).Value;
        Assert.Equal(RunStatus.Pending, stored.Status);
        Assert.Equal(42, stored.Seed);
        // Recorded with the provider the process serves runs with, not what a caller says.
        Assert.Equal(_engine.Models.IsSimulated, stored.Simulated);
        Assert.Equal(_engine.Models.Description, stored.ModelDescription);
        Assert.Equal(_engine.Clock.GetUtcNow(), stored.CreatedAt);
        Assert.Equal([$"start {run.Id}"], Signals());
        Assert.Equal(0, await _engine.MessageCountAsync()); // the orchestration plans; nothing is queued by the start itself
    }

    [Fact]
    public async Task StartAsync_LiteratureOff_StoredOnTheRun()
    {
        var off = await Service.StartAsync(new RunRequest(ResearchGoal.Of("Slow fibrosis."), new RunBudget(), 1, Literature: false), Ct);
        var on = await Service.StartAsync(new RunRequest(ResearchGoal.Of("Slow fibrosis."), new RunBudget(), 1), Ct);

        Assert.False((await _engine.RunAsync(off.Id)).Value.Literature);
        Assert.True((await _engine.RunAsync(on.Id)).Value.Literature);
    }

    [Fact]
    public async Task StartAsync_TwoRuns_DistinctIds()
    {
        var request = new RunRequest(ResearchGoal.Of("Slow fibrosis."), new RunBudget(), 1);

        var a = await Service.StartAsync(request, Ct);
        var b = await Service.StartAsync(request, Ct);

        Assert.NotEqual(a.Id, b.Id);
    }

    [Theory]
    [InlineData("", 8)]
    [InlineData("   ", 8)]
    [InlineData("Slow fibrosis.", 1)]
    [InlineData("Slow fibrosis.", 501)]
    public async Task StartAsync_InvalidRequest_Refused(string goal, int maxProposals)
    {
        await Assert.ThrowsAsync<RunRequestException>(() => Service.StartAsync(new RunRequest(ResearchGoal.Of(goal), new RunBudget(MaxProposals: maxProposals), 1), Ct));

        Assert.Empty(await _engine.Store.ListRunsAsync(Ct));
        Assert.Empty(Signals());
    }

    [Theory]
    [InlineData(RunStatus.Pending)]
    [InlineData(RunStatus.Running)]
    public async Task PauseAsync_ActiveRun_Paused(RunStatus status)
    {
        await _engine.CreateRunAsync(TestData.Run(status: status));
        _engine.Clock.Advance(TimeSpan.FromMinutes(1));

        var run = await Service.PauseAsync("run-1", Ct);

        Assert.Equal(RunStatus.Paused, run.Status);
        Assert.Equal(RunStatus.Paused, (await _engine.RunAsync()).Value.Status);
        Assert.Equal(_engine.Clock.GetUtcNow(), (await _engine.RunAsync()).Value.UpdatedAt);
        Assert.Empty(Signals()); // a paused run's orchestration learns of the pause at its next plan
    }

    [Fact]
    public async Task PauseAsync_AlreadyPaused_NoWrite()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Paused));
        var before = await _engine.RunAsync();

        await Service.PauseAsync("run-1", Ct);

        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
    }

    [Theory]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Stopped)]
    [InlineData(RunStatus.Failed)]
    public async Task PauseAndResume_EndedRun_Refused(RunStatus status)
    {
        await _engine.CreateRunAsync(TestData.Run(status: status));

        await Assert.ThrowsAsync<RunRequestException>(() => Service.PauseAsync("run-1", Ct));
        await Assert.ThrowsAsync<RunRequestException>(() => Service.ResumeAsync("run-1", Ct));
        Assert.Equal(status, (await _engine.RunAsync()).Value.Status);
        Assert.Empty(Signals());
    }

    [Fact]
    public async Task ResumeAsync_PausedRun_RunningAndTheOrchestrationToldAtOnce()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Paused));

        var run = await Service.ResumeAsync("run-1", Ct);

        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(RunStatus.Running, (await _engine.RunAsync()).Value.Status);
        Assert.Equal([("run-1", RunEvent.Changed())], _orchestrations.Raised);
        Assert.Empty(_orchestrations.Started);
    }

    [Fact]
    public async Task StopAsync_ActiveRun_StopRequestedAndTheOrchestrationToldAtOnce()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Running));

        var run = await Service.StopAsync("run-1", Ct);

        Assert.True(run.StopRequested);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.True((await _engine.RunAsync()).Value.StopRequested);
        Assert.Equal([("run-1", RunEvent.Changed())], _orchestrations.Raised);
    }

    [Fact]
    public async Task StopAsync_EndedRun_Refused()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Completed));

        await Assert.ThrowsAsync<RunRequestException>(() => Service.StopAsync("run-1", Ct));
        Assert.Empty(Signals());
    }

    [Fact]
    public async Task AddFeedbackAsync_Text_AppendedTrimmedAndLeftForTheNextPlan()
    {
        await _engine.CreateRunAsync();

        await Service.AddFeedbackAsync("run-1", "  prefer oral drugs ", Ct);
        await Service.AddFeedbackAsync("run-1", "no biologics", Ct);

        var feedback = (await _engine.RunAsync()).Value.Feedback;
        Assert.Equal(["prefer oral drugs", "no biologics"], feedback.Select(f => f.Text));
        Assert.Equal(_engine.Clock.GetUtcNow(), feedback[0].At);
        Assert.Empty(Signals()); // read by the next round's plan: no reason to interrupt the round
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AddFeedbackAsync_EmptyText_Refused(string text)
    {
        await _engine.CreateRunAsync();

        await Assert.ThrowsAsync<RunRequestException>(() => Service.AddFeedbackAsync("run-1", text, Ct));
        Assert.Empty((await _engine.RunAsync()).Value.Feedback);
    }

    [Fact]
    public async Task AddFeedbackAsync_EndedRun_Refused()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Failed));

        await Assert.ThrowsAsync<RunRequestException>(() => Service.AddFeedbackAsync("run-1", "more", Ct));
    }

    [Fact]
    public async Task AddProposalAsync_Draft_StoredAsTheScientistsOwnInTheCurrentRound()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 3));

        var proposal = await Service.AddProposalAsync("run-1", Draft(), Ct);

        Assert.StartsWith("S-", proposal.Id, StringComparison.Ordinal);
        var stored = await _engine.Store.GetProposalAsync("run-1", proposal.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal("My idea", stored.Title);
        Assert.Equal(ProposalOrigin.Scientist, stored.Origin);
        Assert.Equal(ProposalStatus.Active, stored.Status);
        Assert.Equal(3, stored.Round);
        Assert.Equal("run-1", stored.RunId);
        Assert.Equal("", stored.TaskId);
        Assert.Empty(Signals());
    }

    [Theory]
    [InlineData("", "It works.")]
    [InlineData("Idea", " ")]
    public async Task AddProposalAsync_NoTitleOrStatement_Refused(string title, string statement)
    {
        await _engine.CreateRunAsync();

        await Assert.ThrowsAsync<RunRequestException>(() => Service.AddProposalAsync("run-1", Draft(title, statement), Ct));
        Assert.Empty(await _engine.Store.ListProposalsAsync("run-1", Ct));
    }

    [Fact]
    public async Task AddProposalAsync_EndedOrFinalizingRun_Refused()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Stopped));
        await _engine.CreateRunAsync(TestData.Run("run-2") with { Finalizing = true });

        await Assert.ThrowsAsync<RunRequestException>(() => Service.AddProposalAsync("run-1", Draft(), Ct));
        await Assert.ThrowsAsync<RunRequestException>(() => Service.AddProposalAsync("run-2", Draft(), Ct));
    }

    [Fact]
    public async Task AddReviewAsync_KnownProposal_StoredAsAScientistReview()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 2));
        await _engine.Store.SaveProposalAsync(TestData.Proposal("P-1"), Ct);

        var review = await Service.AddReviewAsync("run-1", "P-1", "  The dosing is unrealistic. ", Ct);

        var stored = Assert.Single(await _engine.Store.ListReviewsAsync("run-1", Ct));
        Assert.Equal(review.Id, stored.Id);
        Assert.Equal(ReviewKind.Scientist, stored.Kind);
        Assert.Equal(ReviewVerdict.Pass, stored.Verdict);
        Assert.Equal("The dosing is unrealistic.", stored.Summary);
        Assert.Equal("P-1", stored.ProposalId);
        Assert.Equal(2, stored.Round);
    }

    [Fact]
    public async Task AddReviewAsync_EmptyText_Refused()
    {
        await _engine.CreateRunAsync();
        await _engine.Store.SaveProposalAsync(TestData.Proposal("P-1"), Ct);

        await Assert.ThrowsAsync<RunRequestException>(() => Service.AddReviewAsync("run-1", "P-1", " ", Ct));
    }

    [Fact]
    public async Task AddReviewAsync_UnknownProposal_Refused()
    {
        await _engine.CreateRunAsync();

        var ex = await Assert.ThrowsAsync<RunRequestException>(() => Service.AddReviewAsync("run-1", "P-ghost", "text", Ct));

        Assert.Contains("P-ghost", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _engine.Store.ListReviewsAsync("run-1", Ct));
    }

    [Fact]
    public async Task AddReviewAsync_EndedRun_Refused()
    {
        await _engine.CreateRunAsync(TestData.Run(status: RunStatus.Completed));
        await _engine.Store.SaveProposalAsync(TestData.Proposal("P-1"), Ct);

        await Assert.ThrowsAsync<RunRequestException>(() => Service.AddReviewAsync("run-1", "P-1", "text", Ct));
    }

    [Fact]
    public async Task Actions_UnknownRun_RunNotFound()
    {
        await Assert.ThrowsAsync<RunNotFoundException>(() => Service.PauseAsync("ghost", Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Service.StopAsync("ghost", Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Service.AddFeedbackAsync("ghost", "x", Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Service.AddProposalAsync("ghost", Draft(), Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Service.AddReviewAsync("ghost", "P-1", "x", Ct));
    }

    [Fact]
    public async Task StopAsync_PausedRun_RunningWithTheStopRequestedAndTheOrchestrationToldAtOnce()
    {
        // A paused run's orchestration waits for an event without a timer: the stop must tell it, so it
        // plans again (waking the round's pending tasks) and the run can end.
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2, status: RunStatus.Paused));

        var run = await Service.StopAsync("run-1", Ct);

        Assert.Equal(RunStatus.Running, run.Status);
        Assert.True(run.StopRequested);
        Assert.Equal([("run-1", RunEvent.Changed())], _orchestrations.Raised);
    }

    [Fact]
    public async Task AddFeedbackAsync_PastTheItemLimit_RefusedNamingTheLimitAndNothingLost()
    {
        await _engine.CreateRunAsync();
        var limit = new RunLimitsOptions().MaxFeedbackItems;
        for (var i = 0; i < limit; i++)
        {
            await Service.AddFeedbackAsync("run-1", $"short note {i}", Ct);
        }

        var ex = await Assert.ThrowsAsync<RunLimitException>(() => Service.AddFeedbackAsync("run-1", "one more", Ct));

        Assert.Contains("RunLimits:MaxFeedbackItems", ex.Message, StringComparison.Ordinal);
        Assert.Equal(limit, (await _engine.RunAsync()).Value.Feedback.Count);
    }

    [Fact]
    public async Task AddFeedbackAsync_OneItemTooLong_RefusedNamingTheLimit()
    {
        await _engine.CreateRunAsync();

        var ex = await Assert.ThrowsAsync<RunLimitException>(() => Service.AddFeedbackAsync("run-1", new string('x', 4_001), Ct));

        Assert.Contains("RunLimits:MaxFeedbackCharacters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddProposalAsync_InventedReferences_AreRemovedAndListed()
    {
        await _engine.CreateRunAsync();

        var proposal = await Service.AddProposalAsync("run-1", Draft(statement: "It works (PMID#31452104; Jones J, et al. Nature. 2019; NCT01234567)."), Ct);

        Assert.DoesNotContain("31452104", proposal.Statement, StringComparison.Ordinal);
        Assert.Contains(CoScientist.Core.Literature.CitationChecker.Marker, proposal.Statement, StringComparison.Ordinal);
        Assert.Equal(["PMID#31452104", "Jones J, et al. Nature. 2019", "NCT01234567"], proposal.RemovedCitations.Select(r => r.Reference));
    }

    [Fact]
    public async Task AddReviewAsync_InventedReference_IsRemovedAndListed()
    {
        await _engine.CreateRunAsync();
        var proposal = await Service.AddProposalAsync("run-1", Draft(), Ct);

        var review = await Service.AddReviewAsync("run-1", proposal.Id, "Already done: see https://fake-journal.example/paper-1.", Ct);

        Assert.DoesNotContain("fake-journal", review.Summary, StringComparison.Ordinal);
        Assert.Equal("https://fake-journal.example/paper-1", Assert.Single(review.RemovedCitations).Reference);
    }
}
