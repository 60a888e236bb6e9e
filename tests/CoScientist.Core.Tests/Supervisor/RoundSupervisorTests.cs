using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;

namespace CoScientist.Core.Tests.Supervisor;

public sealed class RoundSupervisorTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private RoundSupervisor Supervisor => _engine.Get<RoundSupervisor>();

    private Task<PlanOutcome> PlanAsync() => Supervisor.PlanAsync("run-1", Ct);

    private async Task<List<string>> QueuedTaskIdsAsync(EngineHarness engine, string queue) =>
        [.. (await engine.MessagesAsync(queue)).Select(b => StepMessage.Parse(b).TaskId)];

    private async Task<List<string>> AllQueuedTaskIdsAsync(EngineHarness engine)
    {
        var issued = new List<string>();
        foreach (var queue in StorageNames.StepQueues)
        {
            issued.AddRange(await QueuedTaskIdsAsync(engine, queue));
        }

        return issued;
    }

    [Fact]
    public async Task PlanAsync_NewRun_PlansTheFirstRoundAndQueuesItsTask()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0, status: RunStatus.Pending));

        var outcome = await PlanAsync();

        Assert.Equal(new PlanOutcome(PlanOutcomeKind.Planned, 1, "round 1 running"), outcome);
        var task = Assert.Single(await _engine.Store.ListTasksAsync("run-1", Ct));
        Assert.Equal("r001-plan-01", task.Id);
        Assert.Equal([new StepMessage("run-1", "r001-plan-01").ToJson()], await _engine.MessagesAsync(StorageNames.PlanQueue));
        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(1, run.Round);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(["r001-plan-01"], run.RoundTasks);
        Assert.Equal(1, run.SupervisorSteps);
    }

    [Fact]
    public async Task PlanAsync_RoundCommitted_WritesTheRoundsReadModelFromWhatItPlannedWith()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0, status: RunStatus.Pending));
        await _engine.Store.SaveProposalAsync(TestData.Proposal("S-1", round: 0, origin: CoScientist.Core.Proposals.ProposalOrigin.Scientist), Ct);

        await PlanAsync();

        var model = await _engine.Store.GetDocumentAsync<RoundReadModel>("run-1", RoundReadModel.DocumentName(1), Ct);
        Assert.NotNull(model);
        Assert.Equal(1, model.Round);
        Assert.Equal(["S-1"], model.Proposals.Select(p => p.Id));
        Assert.Null(await _engine.Store.GetDocumentAsync<RoundReadModel>("run-1", RoundReadModel.DocumentName(2), Ct));
    }

    [Fact]
    public async Task PlanAsync_Twice_SchedulesEachTaskOnceAndTheSecondOnlyWakesItAgain()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0, status: RunStatus.Pending));

        await PlanAsync();
        var second = await PlanAsync();

        Assert.Equal(PlanOutcomeKind.Waiting, second.Kind);
        Assert.Equal(1, second.Round);
        Assert.Single(await _engine.Store.ListTasksAsync("run-1", Ct));
        Assert.Equal(["r001-plan-01", "r001-plan-01"], await QueuedTaskIdsAsync(_engine, StorageNames.PlanQueue));
        Assert.Equal(1, (await _engine.RunAsync()).Value.SupervisorSteps);
    }

    [Fact]
    public async Task PlanAsync_RoundDone_PlansTheNextRoundOnceEvenIfCalledTwice()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, budget: new RunBudget(MaxProposals: 6)));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));

        var first = await PlanAsync();
        var tasks = await _engine.Store.ListTasksAsync("run-1", Ct);
        var second = await PlanAsync();

        Assert.Equal((PlanOutcomeKind.Planned, 2), (first.Kind, first.Round));
        Assert.Equal((PlanOutcomeKind.Waiting, 2), (second.Kind, second.Round));
        var round2 = tasks.Where(t => t.Round == 2).ToList();
        Assert.NotEmpty(round2);
        Assert.Equal(tasks.Count, (await _engine.Store.ListTasksAsync("run-1", Ct)).Count);
        var queued = await QueuedTaskIdsAsync(_engine, StorageNames.GenerationQueue);
        Assert.Equal(round2.Where(t => t.Kind == TaskKind.Generate).Select(t => t.Id).Order(StringComparer.Ordinal), queued.Distinct().Order(StringComparer.Ordinal));
        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(2, run.Round);
        Assert.Equal(1, run.SupervisorSteps);
    }

    [Fact]
    public async Task PlanAsync_RoundStillRunning_WaitsAndWakesOnlyThePendingTasksOfTheRound()
    {
        var now = _engine.Clock.GetUtcNow();
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        await _engine.AddTaskAsync(TestData.Task("r001-generate-01", TaskKind.Generate, 1, AgentTaskStatus.Pending));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Pending));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-02", TaskKind.Generate, 2, AgentTaskStatus.Running) with { LeaseUntil = now.AddSeconds(-1) });
        await _engine.AddTaskAsync(TestData.Task("r002-generate-03", TaskKind.Generate, 2, AgentTaskStatus.Completed));
        var before = await _engine.RunAsync();

        var outcome = await PlanAsync();

        Assert.Equal(new PlanOutcome(PlanOutcomeKind.Waiting, 2, "round 2 running"), outcome);
        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
        Assert.Equal(["r002-generate-01"], await QueuedTaskIdsAsync(_engine, StorageNames.GenerationQueue));
        Assert.Equal(1, await _engine.MessageCountAsync());
    }

    [Fact]
    public async Task PlanAsync_UnsafePlan_RunFailsWithTheRefusal()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan with { Safe = false, RefusalReason = "Toxin synthesis." }, round: 1));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));

        var outcome = await PlanAsync();

        Assert.Equal(PlanOutcomeKind.Ended, outcome.Kind);
        Assert.StartsWith("failed: ", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("Toxin synthesis.", outcome.Detail, StringComparison.Ordinal);
        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("Toxin synthesis.", run.StopReason, StringComparison.Ordinal);
        Assert.Equal(_engine.Clock.GetUtcNow(), run.CompletedAt);
        Assert.Single(await _engine.Store.ListTasksAsync("run-1", Ct));
        Assert.Equal(0, await _engine.MessageCountAsync());
    }

    [Theory]
    [InlineData(false, RunStatus.Completed)]
    [InlineData(true, RunStatus.Stopped)]
    public async Task PlanAsync_FinalRoundDone_EndsTheRun(bool stopRequested, RunStatus expected)
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 3) with { Finalizing = true, StopRequested = stopRequested, StopReason = "Budget reached." });
        await _engine.AddTaskAsync(TestData.Task("r003-overview-01", TaskKind.Overview, 3));

        var outcome = await PlanAsync();

        Assert.Equal(new PlanOutcome(PlanOutcomeKind.Ended, 3, $"{expected.ToString().ToLowerInvariant()}: Budget reached."), outcome);
        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(expected, run.Status);
        Assert.Equal("Budget reached.", run.StopReason);
        Assert.NotNull(run.CompletedAt);
    }

    [Fact]
    public async Task PlanAsync_OverviewFailed_RunEndsSayingSo()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 3) with { Finalizing = true, StopReason = "Budget reached." });
        await _engine.AddTaskAsync(TestData.Task("r003-overview-01", TaskKind.Overview, 3, AgentTaskStatus.Failed));

        var outcome = await PlanAsync();

        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Contains("overview could not be written", run.StopReason, StringComparison.Ordinal);
        Assert.Contains("overview could not be written", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_StopRequested_SchedulesTheOverview()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1) with { StopRequested = true });
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));

        var outcome = await PlanAsync();

        Assert.Equal(new PlanOutcome(PlanOutcomeKind.Planned, 2, "round 2: the research overview"), outcome);
        Assert.True((await _engine.RunAsync()).Value.Finalizing);
        Assert.Equal([new StepMessage("run-1", "r002-overview-01").ToJson()], await _engine.MessagesAsync(StorageNames.MetaReviewQueue));
    }

    [Fact]
    public async Task PlanAsync_PausedRun_PausedAndNothingDone()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, status: RunStatus.Paused));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        var before = await _engine.RunAsync();

        var outcome = await PlanAsync();

        Assert.Equal(new PlanOutcome(PlanOutcomeKind.Paused, 1, "paused"), outcome);
        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
        Assert.Equal(0, await _engine.MessageCountAsync());
        Assert.Single(await _engine.Store.ListTasksAsync("run-1", Ct));
    }

    [Theory]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Stopped)]
    [InlineData(RunStatus.Failed)]
    public async Task PlanAsync_EndedRun_EndedAndNothingDone(RunStatus status)
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0, status: status));
        var before = await _engine.RunAsync();

        var outcome = await PlanAsync();

        Assert.Equal(new PlanOutcome(PlanOutcomeKind.Ended, 0, status.ToString().ToLowerInvariant()), outcome);
        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
        Assert.Equal(0, await _engine.MessageCountAsync());
        Assert.Empty(await _engine.Store.ListTasksAsync("run-1", Ct));
    }

    [Fact]
    public async Task PlanAsync_UnknownRun_EndedNamingTheRun()
    {
        var outcome = await Supervisor.PlanAsync("ghost", Ct);

        Assert.Equal(PlanOutcomeKind.Ended, outcome.Kind);
        Assert.Contains("'ghost'", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(await _engine.Store.ListRunsAsync(Ct));
    }

    [Fact]
    public async Task PlanAsync_Planning_StoresTheLeaderboardReplayedFromTheLog()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2, budget: new RunBudget(MaxProposals: 2)));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        await _engine.Store.SaveProposalAsync(TestData.Proposal("P-1"), Ct);
        await _engine.Store.SaveProposalAsync(TestData.Proposal("P-2"), Ct);
        await _engine.Store.SaveReviewAsync(TestData.Review("rv-1", "P-1"), Ct);
        await _engine.Store.SaveReviewAsync(TestData.Review("rv-2", "P-2"), Ct);
        await _engine.Store.SaveMatchAsync(TestData.Match("r002-match-01", "P-1", "P-2", "P-2", round: 2), Ct);

        await PlanAsync();

        var board = (await _engine.RunAsync()).Value.Leaderboard;
        Assert.Equal(1216, board["P-2"], 6);
        Assert.Equal(1184, board["P-1"], 6);
    }

    [Fact]
    public async Task PlanAsync_ConcurrentChangeOfTheRun_PlansAgainFromWhatIsStoredNow()
    {
        // The scientist's feedback lands between planning's read of the run and its write: the write
        // conflicts once, and planning starts over instead of failing, keeping the feedback.
        var tables = new HookedTableStore(new CoScientist.Core.Storage.Embedded.EmbeddedTableStore());
        using var engine = new EngineHarness(tables: tables);
        await engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, budget: new RunBudget(MaxProposals: 6)));
        await engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        tables.BeforeNextRunUpdate = inner => HookedTableStore.ChangeRunAsync(inner, "run-1", r => r with { Feedback = [new ScientistFeedback("prefer oral drugs", TestData.Now)] }, Ct);

        var outcome = await engine.Get<RoundSupervisor>().PlanAsync("run-1", Ct);

        Assert.Null(tables.BeforeNextRunUpdate); // the conflicting write happened
        Assert.Equal((PlanOutcomeKind.Planned, 2), (outcome.Kind, outcome.Round));
        var run = (await engine.RunAsync()).Value;
        Assert.Equal(2, run.Round);
        Assert.Equal(1, run.SupervisorSteps);
        Assert.Equal(["prefer oral drugs"], run.Feedback.Select(f => f.Text));
        Assert.NotEmpty(await QueuedTaskIdsAsync(engine, StorageNames.GenerationQueue));
    }

    [Fact]
    public async Task PlanAsync_StopRequestedWhilePlanning_OnlyTheOverviewIsIssuedAfterwards()
    {
        // The scientist stops the run between planning's read of the run and its write: the write
        // conflicts and the round it planned is dropped. After the stop, no agent work but the
        // overview may be issued, not by the stop's own planning nor by a rescue.
        var tables = new HookedTableStore(new CoScientist.Core.Storage.Embedded.EmbeddedTableStore());
        using var engine = new EngineHarness(tables: tables);
        await engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, budget: new RunBudget(MaxProposals: 6)));
        await engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        var supervisor = engine.Get<RoundSupervisor>();
        tables.BeforeNextRunUpdate = inner => HookedTableStore.ChangeRunAsync(inner, "run-1", r => r with { StopRequested = true }, Ct);

        await supervisor.PlanAsync("run-1", Ct); // conflicts with the stop, then plans again
        Assert.True((await engine.RunAsync()).Value.StopRequested);
        await supervisor.PlanAsync("run-1", Ct); // the stop's own event
        var run = (await engine.RunAsync()).Value;
        await supervisor.RescueAsync("run-1", run.Round, Ct); // a rescue

        run = (await engine.RunAsync()).Value;
        Assert.True(run.Finalizing);
        Assert.Equal([$"r{run.Round:D3}-overview-01"], (await AllQueuedTaskIdsAsync(engine)).Distinct());
    }

    [Fact]
    public async Task PlanAsync_PendingTaskLeftBySupersededPlanWithOtherInputs_IsReplacedByTheCommittedPlan()
    {
        // A plan that lost its race left r002-generate-01 with another strategy; the committed
        // plan must not run that stale task under its own id.
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, budget: new RunBudget(MaxProposals: 6)));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Pending, new TaskInput { Strategy = "stale-strategy" }), commitToRound: false);

        await PlanAsync();

        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(2, run.Round);
        Assert.Contains("r002-generate-01", run.RoundTasks);
        var task = (await _engine.TaskAsync("r002-generate-01")).Value;
        Assert.Equal(CoScientist.Core.Agents.Generation.GenerationAgent.Strategies[0], task.Input.Strategy);
        Assert.Equal(AgentTaskStatus.Pending, task.Status);
    }

    [Fact]
    public async Task RescueAsync_RoundWithStalledTasks_WakesPendingAndExpiredLeaseTasksOnly()
    {
        var now = _engine.Clock.GetUtcNow();
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await _engine.AddTaskAsync(TestData.Task("r001-generate-01", TaskKind.Generate, 1, AgentTaskStatus.Pending));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Pending));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-02", TaskKind.Generate, 2, AgentTaskStatus.Running) with { LeaseUntil = now.AddSeconds(-1) });
        await _engine.AddTaskAsync(TestData.Task("r002-generate-03", TaskKind.Generate, 2, AgentTaskStatus.Running) with { LeaseUntil = now.AddMinutes(3) });
        await _engine.AddTaskAsync(TestData.Task("r002-generate-04", TaskKind.Generate, 2, AgentTaskStatus.Completed));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-05", TaskKind.Generate, 2, AgentTaskStatus.Failed));
        var before = await _engine.RunAsync();

        var outcome = await Supervisor.RescueAsync("run-1", 2, Ct);

        Assert.False(outcome.RoundDone);
        Assert.False(outcome.Halted);
        Assert.Equal(2, outcome.EndedTasks);
        Assert.Equal(2, outcome.Resent);
        Assert.Equal(1, outcome.Held);
        Assert.Equal(["r002-generate-01", "r002-generate-02"], outcome.Stalled.Order(StringComparer.Ordinal));
        Assert.Equal(["r002-generate-01", "r002-generate-02"], (await QueuedTaskIdsAsync(_engine, StorageNames.GenerationQueue)).Order(StringComparer.Ordinal));
        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
    }

    [Fact]
    public async Task RescueAsync_EveryTaskOfTheRoundEnded_RoundDoneAndNothingSent()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Completed));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-02", TaskKind.Generate, 2, AgentTaskStatus.Failed));

        var outcome = await Supervisor.RescueAsync("run-1", 2, Ct);

        Assert.True(outcome.RoundDone);
        Assert.False(outcome.Halted);
        Assert.Equal(2, outcome.EndedTasks);
        Assert.Equal(0, await _engine.MessageCountAsync());
    }

    [Fact]
    public async Task RescueAsync_RunMovedOnToALaterRound_RoundDoneAndNothingSent()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 3));
        await _engine.AddTaskAsync(TestData.Task("r003-generate-01", TaskKind.Generate, 3, AgentTaskStatus.Pending));

        var outcome = await Supervisor.RescueAsync("run-1", 2, Ct);

        Assert.True(outcome.RoundDone);
        Assert.Equal(0, outcome.Resent);
        Assert.Equal(0, await _engine.MessageCountAsync());
    }

    [Theory]
    [InlineData(RunStatus.Paused)]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Stopped)]
    [InlineData(RunStatus.Failed)]
    public async Task RescueAsync_PausedOrEndedRun_HaltedAndNothingSent(RunStatus status)
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2, status: status));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Pending));

        var outcome = await Supervisor.RescueAsync("run-1", 2, Ct);

        Assert.True(outcome.Halted);
        Assert.False(outcome.RoundDone);
        Assert.Equal(0, await _engine.MessageCountAsync());
    }

    [Fact]
    public async Task RescueAsync_UnknownRun_Halted() =>
        Assert.True((await Supervisor.RescueAsync("ghost", 1, Ct)).Halted);

    [Fact]
    public async Task FailAsync_RunningRun_FailsWithTheReason()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        _engine.Clock.Advance(TimeSpan.FromMinutes(5));

        var failed = await Supervisor.FailAsync("run-1", "Round 2 made no progress.", Ct);

        var stored = (await _engine.RunAsync()).Value;
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(RunStatus.Failed, stored.Status);
        Assert.Equal("Round 2 made no progress.", stored.StopReason);
        Assert.Equal(_engine.Clock.GetUtcNow(), stored.CompletedAt);
        Assert.Equal(_engine.Clock.GetUtcNow(), stored.UpdatedAt);
    }

    [Theory]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Stopped)]
    public async Task FailAsync_EndedRun_LeftAlone(RunStatus status)
    {
        await _engine.CreateRunAsync(TestData.Run(round: 2, status: status) with { StopReason = "Budget reached." });
        var before = await _engine.RunAsync();

        var run = await Supervisor.FailAsync("run-1", "late failure", Ct);

        Assert.Equal(status, run.Status);
        Assert.Equal("Budget reached.", run.StopReason);
        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
    }
}
