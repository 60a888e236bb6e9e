using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;

namespace CoScientist.Core.Tests.Supervisor;

public sealed class SupervisorStepTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private SupervisorStep Step => _engine.Get<SupervisorStep>();

    private Task HandleAsync(int? heartbeat = null) => Step.HandleAsync(new SupervisorMessage("run-1", heartbeat), Ct);

    [Fact]
    public async Task HandleAsync_NewRun_PlansTheFirstRoundAndQueuesItsTask()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0, status: RunStatus.Pending));

        await HandleAsync();

        var task = Assert.Single(await _engine.Store.ListTasksAsync("run-1", Ct));
        Assert.Equal("r001-plan-01", task.Id);
        Assert.Equal([new StepMessage("run-1", "r001-plan-01").ToJson()], await _engine.MessagesAsync(StorageNames.PlanQueue));
        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(1, run.Round);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(1, run.SupervisorSteps);
    }

    [Fact]
    public async Task HandleAsync_SameWakeUpTwice_SchedulesEachTaskOnce()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0, status: RunStatus.Pending));

        await HandleAsync();
        await HandleAsync();

        Assert.Single(await _engine.Store.ListTasksAsync("run-1", Ct));
        Assert.Single(await _engine.MessagesAsync(StorageNames.PlanQueue));
        Assert.Equal(1, (await _engine.RunAsync()).Value.SupervisorSteps);
    }

    [Fact]
    public async Task HandleAsync_RoundDone_PlansTheNextRoundOnceEvenIfWokenTwice()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, budget: new RunBudget(MaxProposals: 6)));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));

        await HandleAsync();
        var tasks = await _engine.Store.ListTasksAsync("run-1", Ct);
        await HandleAsync();

        var round2 = tasks.Where(t => t.Round == 2).ToList();
        Assert.NotEmpty(round2);
        Assert.Equal(tasks.Count, (await _engine.Store.ListTasksAsync("run-1", Ct)).Count);
        var queued = (await _engine.MessagesAsync(StorageNames.GenerationQueue)).Select(StepMessage.Parse).ToList();
        Assert.Equal(round2.Where(t => t.Kind == TaskKind.Generate).Select(t => t.Id).Order(StringComparer.Ordinal), queued.Select(m => m.TaskId).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await _engine.RunAsync()).Value.Round);
    }

    [Fact]
    public async Task HandleAsync_RoundStillRunning_PlansNothing()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Pending));
        var before = await _engine.RunAsync();

        await HandleAsync();

        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
        Assert.Equal(0, await _engine.MessageCountAsync());
    }

    [Fact]
    public async Task HandleAsync_StaleHeartbeat_Dropped()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0) with { HeartbeatSequence = 3 });
        var before = await _engine.RunAsync();

        await HandleAsync(heartbeat: 2);

        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
        Assert.Empty(await _engine.Store.ListTasksAsync("run-1", Ct));
        Assert.Equal(0, await _engine.MessageCountAsync());
    }

    [Fact]
    public async Task HandleAsync_CurrentHeartbeat_AdvancesTheChainAndSchedulesTheNextBeat()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0) with { HeartbeatSequence = 3 });

        await HandleAsync(heartbeat: 3);

        Assert.Equal(4, (await _engine.RunAsync()).Value.HeartbeatSequence);
        Assert.Equal([new SupervisorMessage("run-1", 4).ToJson()], await _engine.MessagesAsync(StorageNames.SupervisorQueue));
        Assert.Empty(await _engine.Queues.ReceiveAsync(StorageNames.SupervisorQueue, 5, TimeSpan.FromMinutes(1), Ct));
        _engine.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await _engine.Queues.ReceiveAsync(StorageNames.SupervisorQueue, 5, TimeSpan.FromMinutes(1), Ct));
        Assert.Single(await _engine.Store.ListTasksAsync("run-1", Ct));
    }

    [Fact]
    public async Task HandleAsync_SameHeartbeatTwice_OnlyOneNextBeat()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0) with { HeartbeatSequence = 1 });

        await HandleAsync(heartbeat: 1);
        await HandleAsync(heartbeat: 1);

        Assert.Single(await _engine.MessagesAsync(StorageNames.SupervisorQueue));
        Assert.Equal(2, (await _engine.RunAsync()).Value.HeartbeatSequence);
    }

    [Fact]
    public async Task HandleAsync_Heartbeat_ReissuesPendingAndExpiredTasksOnly()
    {
        var now = _engine.Clock.GetUtcNow();
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Pending));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-02", TaskKind.Generate, 2, AgentTaskStatus.Running) with { LeaseUntil = now.AddSeconds(-1) });
        await _engine.AddTaskAsync(TestData.Task("r002-generate-03", TaskKind.Generate, 2, AgentTaskStatus.Running) with { LeaseUntil = now.AddMinutes(3) });
        await _engine.AddTaskAsync(TestData.Task("r002-generate-04", TaskKind.Generate, 2, AgentTaskStatus.Completed));
        await _engine.AddTaskAsync(TestData.Task("r001-generate-01", TaskKind.Generate, 1, AgentTaskStatus.Pending));

        await HandleAsync(heartbeat: 1);

        var reissued = (await _engine.MessagesAsync(StorageNames.GenerationQueue)).Select(b => StepMessage.Parse(b).TaskId);
        Assert.Equal(["r002-generate-01", "r002-generate-02"], reissued.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_PlainWakeUpDuringARound_ReissuesNothing()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Pending));

        await HandleAsync();

        Assert.Empty(await _engine.MessagesAsync(StorageNames.GenerationQueue));
    }

    [Fact]
    public async Task HandleAsync_UnsafePlan_RunFailsWithTheRefusal()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan with { Safe = false, RefusalReason = "Toxin synthesis." }, round: 1));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));

        await HandleAsync();

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
    public async Task HandleAsync_FinalRoundDone_EndsTheRun(bool stopRequested, RunStatus expected)
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 3) with { Finalizing = true, StopRequested = stopRequested, StopReason = "Budget reached." });
        await _engine.AddTaskAsync(TestData.Task("r003-overview-01", TaskKind.Overview, 3));

        await HandleAsync();

        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(expected, run.Status);
        Assert.Equal("Budget reached.", run.StopReason);
        Assert.NotNull(run.CompletedAt);
    }

    [Fact]
    public async Task HandleAsync_OverviewFailed_RunEndsSayingSo()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 3) with { Finalizing = true, StopReason = "Budget reached." });
        await _engine.AddTaskAsync(TestData.Task("r003-overview-01", TaskKind.Overview, 3, AgentTaskStatus.Failed));

        await HandleAsync();

        var run = (await _engine.RunAsync()).Value;
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Contains("overview could not be written", run.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_StopRequested_SchedulesTheOverview()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1) with { StopRequested = true });
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));

        await HandleAsync();

        var run = (await _engine.RunAsync()).Value;
        Assert.True(run.Finalizing);
        Assert.Equal([new StepMessage("run-1", "r002-overview-01").ToJson()], await _engine.MessagesAsync(StorageNames.MetaReviewQueue));
    }

    [Theory]
    [InlineData(RunStatus.Paused)]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Stopped)]
    [InlineData(RunStatus.Failed)]
    public async Task HandleAsync_PausedOrEndedRun_DoesNothing(RunStatus status)
    {
        await _engine.CreateRunAsync(TestData.Run(round: 0, status: status));
        var before = await _engine.RunAsync();

        await HandleAsync();
        await HandleAsync(heartbeat: 1);

        Assert.Equal(before.ETag, (await _engine.RunAsync()).ETag);
        Assert.Equal(0, await _engine.MessageCountAsync());
        Assert.Empty(await _engine.Store.ListTasksAsync("run-1", Ct));
    }

    [Fact]
    public async Task HandleAsync_UnknownRun_MalformedMessage() =>
        await Assert.ThrowsAsync<MalformedMessageException>(() => Step.HandleAsync(new SupervisorMessage("ghost"), Ct));

    [Fact]
    public async Task HandleAsync_Planning_StoresTheLeaderboardReplayedFromTheLog()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2, budget: new RunBudget(MaxProposals: 2)));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        await _engine.Store.SaveProposalAsync(TestData.Proposal("P-1"), Ct);
        await _engine.Store.SaveProposalAsync(TestData.Proposal("P-2"), Ct);
        await _engine.Store.SaveReviewAsync(TestData.Review("rv-1", "P-1"), Ct);
        await _engine.Store.SaveReviewAsync(TestData.Review("rv-2", "P-2"), Ct);
        await _engine.Store.SaveMatchAsync(TestData.Match("r002-match-01", "P-1", "P-2", "P-2", round: 2), Ct);

        await HandleAsync();

        var board = (await _engine.RunAsync()).Value.Leaderboard;
        Assert.Equal(1216, board["P-2"], 6);
        Assert.Equal(1184, board["P-1"], 6);
    }

    [Fact]
    public async Task HandleAsync_StopRequestedWhilePlanning_OnlyTheOverviewIsIssuedAfterwards()
    {
        // The scientist stops the run between the supervisor's read of the run and its write: the
        // supervisor's write conflicts and the round it planned is dropped. After the stop, no agent
        // work but the overview may be issued, not even by the heartbeat.
        var tables = new HookedTableStore(new CoScientist.Core.Storage.Embedded.EmbeddedTableStore());
        using var engine = new EngineHarness(tables: tables);
        await engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, budget: new RunBudget(MaxProposals: 6)));
        await engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        var step = engine.Get<SupervisorStep>();
        tables.BeforeNextRunUpdate = inner => HookedTableStore.ChangeRunAsync(inner, "run-1", r => r with { StopRequested = true }, Ct);

        await step.HandleAsync(new SupervisorMessage("run-1"), Ct); // conflicts with the stop
        Assert.True((await engine.RunAsync()).Value.StopRequested);
        await step.HandleAsync(new SupervisorMessage("run-1"), Ct); // the stop's own wake-up
        await step.HandleAsync(new SupervisorMessage("run-1", 1), Ct); // a heartbeat

        var issued = new List<string>();
        foreach (var queue in StorageNames.StepQueues)
        {
            issued.AddRange((await engine.MessagesAsync(queue)).Select(b => StepMessage.Parse(b).TaskId));
        }

        var run = (await engine.RunAsync()).Value;
        Assert.True(run.Finalizing);
        Assert.Equal([$"r{run.Round:D3}-overview-01"], issued.Distinct());
    }

    [Fact]
    public async Task HandleAsync_SameHeartbeatDeliveredTwiceConcurrently_OnlyOneNextBeat()
    {
        // Two deliveries of heartbeat 1 both pass the sequence check before either advances the
        // chain; only the one that advanced it may schedule heartbeat 2.
        var tables = new HookedTableStore(new CoScientist.Core.Storage.Embedded.EmbeddedTableStore());
        using var engine = new EngineHarness(tables: tables);
        await engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Running) with { LeaseUntil = engine.Clock.GetUtcNow().AddHours(1) });
        var step = engine.Get<SupervisorStep>();
        tables.AfterNextRunRead = () => step.HandleAsync(new SupervisorMessage("run-1", 1), Ct); // the other delivery, in full

        await step.HandleAsync(new SupervisorMessage("run-1", 1), Ct);

        Assert.Equal(2, (await engine.RunAsync()).Value.HeartbeatSequence);
        Assert.Equal([new SupervisorMessage("run-1", 2).ToJson()], await engine.MessagesAsync(StorageNames.SupervisorQueue));
    }

    [Fact]
    public async Task HandleAsync_PendingTaskLeftBySupersededPlanWithOtherInputs_IsReplacedByTheCommittedPlan()
    {
        // A plan that lost its race left r002-generate-01 with another strategy; the committed
        // plan must not run that stale task under its own id.
        using var engine = new EngineHarness();
        await engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, budget: new RunBudget(MaxProposals: 6)));
        await engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1));
        await engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Pending, new TaskInput { Strategy = "stale-strategy" }), commitToRound: false);

        await engine.Get<SupervisorStep>().HandleAsync(new SupervisorMessage("run-1"), Ct);

        var run = (await engine.RunAsync()).Value;
        Assert.Equal(2, run.Round);
        Assert.Contains("r002-generate-01", run.RoundTasks);
        var task = (await engine.TaskAsync("r002-generate-01")).Value;
        Assert.Equal(CoScientist.Core.Agents.Generation.GenerationAgent.Strategies[0], task.Input.Strategy);
        Assert.Equal(AgentTaskStatus.Pending, task.Status);
    }
}
