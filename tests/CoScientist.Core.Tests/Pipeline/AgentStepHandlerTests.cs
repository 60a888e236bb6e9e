using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Generation;
using CoScientist.Core.Agents.Supervisor;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;

namespace CoScientist.Core.Tests.Pipeline;

public sealed class AgentStepHandlerTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string TaskId = "r001-generate-01";

    private readonly RecordingRunOrchestrations _orchestrations = new();
    private readonly EngineHarness _engine;

    public AgentStepHandlerTests() => _engine = new(o => o.MaxTaskAttempts = 3, orchestrations: _orchestrations);

    public void Dispose() => _engine.Dispose();

    private AgentStepHandler Handler => _engine.Get<AgentStepHandler>();

    private async Task ArrangeGenerateTaskAsync(RunStatus status = RunStatus.Running, AgentTask? task = null)
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 1, status: status));
        await _engine.AddTaskAsync(task ?? TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = GenerationAgent.Expansion }));
    }

    private Task HandleAsync(string taskId = TaskId) => Handler.HandleAsync(new StepMessage("run-1", taskId), Ct);

    [Fact]
    public async Task HandleAsync_LastOpenTaskOfTheRound_RunsItSavesTheOutputAndReportsTheRoundCompleted()
    {
        await ArrangeGenerateTaskAsync();
        _engine.Chat.Enqueue(TestData.Draft("Generated title"));

        await HandleAsync();

        var task = (await _engine.TaskAsync(TaskId)).Value;
        Assert.Equal(AgentTaskStatus.Completed, task.Status);
        Assert.Equal(1, task.Attempts);
        Assert.Null(task.LeaseUntil);
        Assert.Null(task.Error);
        Assert.Equal(_engine.Clock.GetUtcNow(), task.CompletedAt);
        Assert.Equal(new StepUsage(1, 100, 20, (100m + 80m) / 1_000_000m), task.Usage);
        Assert.Equal("Generated title", (await _engine.Store.GetProposalAsync("run-1", "P-" + TaskId, Ct))?.Title);
        Assert.Equal([("run-1", RunEvent.RoundCompleted(1))], _orchestrations.Raised);
    }

    [Fact]
    public async Task HandleAsync_RedeliveredForACompletedTask_DoesNoMoreWork()
    {
        await ArrangeGenerateTaskAsync();
        _engine.Chat.Always(TestData.Draft("Generated title"));
        await HandleAsync();
        var after = await _engine.TaskAsync(TaskId);

        await HandleAsync();

        Assert.Single(_engine.Chat.Requests);
        Assert.Equal(after.ETag, (await _engine.TaskAsync(TaskId)).ETag);
    }

    [Fact]
    public async Task HandleAsync_TaskHeldByAnotherWorker_LeftAlone()
    {
        var held = TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Running, new TaskInput { Strategy = GenerationAgent.Expansion }) with
        {
            Attempts = 1,
            LeaseUntil = _engine.Clock.GetUtcNow().AddMinutes(5),
        };
        await ArrangeGenerateTaskAsync(task: held);
        var before = await _engine.TaskAsync(TaskId);
        _engine.Chat.Always(TestData.Draft());

        await HandleAsync();

        Assert.Empty(_engine.Chat.Requests);
        Assert.Equal(before.ETag, (await _engine.TaskAsync(TaskId)).ETag);
    }

    [Fact]
    public async Task HandleAsync_LeaseExpired_TakesTheTaskOver()
    {
        var stalled = TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Running, new TaskInput { Strategy = GenerationAgent.Expansion }) with
        {
            Attempts = 1,
            LeaseUntil = _engine.Clock.GetUtcNow().AddSeconds(-1),
        };
        await ArrangeGenerateTaskAsync(task: stalled);
        _engine.Chat.Enqueue(TestData.Draft());

        await HandleAsync();

        var task = (await _engine.TaskAsync(TaskId)).Value;
        Assert.Equal(AgentTaskStatus.Completed, task.Status);
        Assert.Equal(2, task.Attempts);
    }

    [Fact]
    public async Task HandleAsync_UnusableAnswer_FailsAtOnceKeepingErrorAndUsage()
    {
        await ArrangeGenerateTaskAsync();
        _engine.Chat.AlwaysText(nameof(ProposalDraft), "I would rather not answer in JSON.");

        await HandleAsync();

        var task = (await _engine.TaskAsync(TaskId)).Value;
        Assert.Equal(AgentTaskStatus.Failed, task.Status);
        Assert.Equal(1, task.Attempts);
        Assert.Contains("no usable ProposalDraft", task.Error, StringComparison.Ordinal);
        Assert.Equal(2, task.Usage.Calls);
        Assert.Equal(200, task.Usage.InputTokens);
        Assert.Null(task.LeaseUntil);
        Assert.NotNull(task.CompletedAt);
        Assert.Null(await _engine.Store.GetProposalAsync("run-1", "P-" + TaskId, Ct));
        Assert.Equal([("run-1", RunEvent.RoundCompleted(1))], _orchestrations.Raised);
    }

    [Fact]
    public async Task HandleAsync_TransientError_ReleasesTheTaskAndRethrows()
    {
        await ArrangeGenerateTaskAsync();
        _engine.Chat.EnqueueText(nameof(ProposalDraft), "{ broken")
            .EnqueueException(nameof(ProposalDraft), new HttpRequestException("503 Service Unavailable"));

        await Assert.ThrowsAsync<HttpRequestException>(() => HandleAsync());

        var task = (await _engine.TaskAsync(TaskId)).Value;
        Assert.Equal(AgentTaskStatus.Pending, task.Status);
        Assert.Equal(1, task.Attempts);
        Assert.Null(task.LeaseUntil);
        Assert.Equal("503 Service Unavailable", task.Error);
        Assert.Equal(1, task.Usage.Calls);
        Assert.Empty(_orchestrations.Raised);
    }

    [Fact]
    public async Task HandleAsync_RetryAfterTransientError_CompletesAndAddsUpUsage()
    {
        await ArrangeGenerateTaskAsync();
        _engine.Chat.EnqueueText(nameof(ProposalDraft), "{ broken")
            .EnqueueException(nameof(ProposalDraft), new HttpRequestException("503"))
            .Enqueue(TestData.Draft());
        await Assert.ThrowsAsync<HttpRequestException>(() => HandleAsync());

        await HandleAsync();

        var task = (await _engine.TaskAsync(TaskId)).Value;
        Assert.Equal(AgentTaskStatus.Completed, task.Status);
        Assert.Equal(2, task.Attempts);
        Assert.Equal(2, task.Usage.Calls);
        Assert.Null(task.Error);
    }

    [Fact]
    public async Task HandleAsync_TransientErrorOnTheLastAttempt_FailsForGood()
    {
        var orchestrations = new RecordingRunOrchestrations();
        using var engine = new EngineHarness(o => o.MaxTaskAttempts = 2, orchestrations: orchestrations);
        await engine.CreateRunAsync();
        await engine.AddTaskAsync(TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = GenerationAgent.Expansion }));
        engine.Chat.Always(nameof(ProposalDraft), _ => throw new TimeoutException("provider timed out"));
        var handler = engine.Get<AgentStepHandler>();

        await Assert.ThrowsAsync<TimeoutException>(() => handler.HandleAsync(new StepMessage("run-1", TaskId), Ct));
        Assert.Equal(AgentTaskStatus.Pending, (await engine.TaskAsync(TaskId)).Value.Status);

        await handler.HandleAsync(new StepMessage("run-1", TaskId), Ct);

        var task = (await engine.TaskAsync(TaskId)).Value;
        Assert.Equal(AgentTaskStatus.Failed, task.Status);
        Assert.Equal(2, task.Attempts);
        Assert.Equal("provider timed out", task.Error);
        Assert.Equal([("run-1", RunEvent.RoundCompleted(1))], orchestrations.Raised);
    }

    [Fact]
    public async Task HandleAsync_UnknownTask_MalformedMessage()
    {
        await _engine.CreateRunAsync();

        await Assert.ThrowsAsync<MalformedMessageException>(() => HandleAsync("r001-generate-99"));
    }

    [Fact]
    public async Task HandleAsync_RunEnded_CancelsTheTaskWithoutWork()
    {
        await ArrangeGenerateTaskAsync(RunStatus.Stopped);
        _engine.Chat.Always(TestData.Draft());

        await HandleAsync();

        Assert.Empty(_engine.Chat.Requests);
        var task = (await _engine.TaskAsync(TaskId)).Value;
        Assert.Equal(AgentTaskStatus.Cancelled, task.Status);
        Assert.True(task.IsTerminal);
        Assert.Empty(_orchestrations.Raised); // nobody waits for an ended run's round
    }

    [Fact]
    public async Task HandleAsync_RunPaused_TaskLeftPending()
    {
        await ArrangeGenerateTaskAsync(RunStatus.Paused);
        var before = await _engine.TaskAsync(TaskId);
        _engine.Chat.Always(TestData.Draft());

        await HandleAsync();

        Assert.Empty(_engine.Chat.Requests);
        Assert.Equal(before.ETag, (await _engine.TaskAsync(TaskId)).ETag);
    }

    [Fact]
    public async Task HandleAsync_TaskNamesAMissingProposal_FailsAtOnce()
    {
        await _engine.CreateRunAsync();
        await _engine.AddTaskAsync(TestData.Task("r001-review-01", TaskKind.Review, 1, AgentTaskStatus.Pending, new TaskInput { ReviewKind = ReviewKind.Initial, ProposalIds = ["P-missing"] }));

        await HandleAsync("r001-review-01");

        var task = (await _engine.TaskAsync("r001-review-01")).Value;
        Assert.Equal(AgentTaskStatus.Failed, task.Status);
        Assert.Equal(1, task.Attempts);
        Assert.Contains("does not exist", task.Error, StringComparison.Ordinal);
        Assert.Empty(_engine.Chat.Requests);
    }

    [Fact]
    public async Task HandleAsync_UnknownStrategy_FailsAtOnce()
    {
        await ArrangeGenerateTaskAsync(task: TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = "telepathy" }));

        await HandleAsync();

        Assert.Equal(AgentTaskStatus.Failed, (await _engine.TaskAsync(TaskId)).Value.Status);
    }

    [Fact]
    public async Task HandleAsync_PlanTask_WritesThePlanOnTheRun()
    {
        await _engine.CreateRunAsync(TestData.Run(round: 1));
        await _engine.AddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1, AgentTaskStatus.Pending));
        _engine.Chat.Enqueue(new ResearchPlanAnswer(true, "", "hepatology", ["slow fibrosis"], [], [], ["novelty"], ["TGF-beta"]));

        await HandleAsync("r001-plan-01");

        var run = (await _engine.RunAsync()).Value;
        Assert.Equal("hepatology", run.Plan?.Domain);
        Assert.True(run.Plan?.Safe);
        Assert.Equal(AgentTaskStatus.Completed, (await _engine.TaskAsync("r001-plan-01")).Value.Status);
    }

    [Fact]
    public async Task HandleAsync_ReviewTask_SavesTheReviewKeyedByTheTask()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await _engine.Store.SaveProposalAsync(TestData.Proposal("P-1"), Ct);
        await _engine.AddTaskAsync(TestData.Task("r002-review-01", TaskKind.Review, 2, AgentTaskStatus.Pending, new TaskInput { ReviewKind = ReviewKind.Initial, ProposalIds = ["P-1"] }));
        _engine.Chat.Enqueue(TestData.ReviewAnswer(ReviewVerdict.Reject, RejectionReason.Unoriginal));

        await HandleAsync("r002-review-01");

        var review = Assert.Single(await _engine.Store.ListReviewsAsync("run-1", Ct));
        Assert.Equal("r002-review-01", review.Id);
        Assert.Equal("P-1", review.ProposalId);
        Assert.Equal(RejectionReason.Unoriginal, review.Rejection);
    }

    [Fact]
    public async Task HandleAsync_HostShutsDownDuringTheLastAttempt_TaskIsNotFailed()
    {
        // Cancellation is the host stopping, not the task failing: even on the last attempt the task
        // must stay available for the orchestration's rescue to wake it again, and the cancellation must propagate.
        using var engine = new EngineHarness(o => o.MaxTaskAttempts = 1);
        await engine.CreateRunAsync();
        await engine.AddTaskAsync(TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = GenerationAgent.Expansion }));
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        engine.Chat.Always(nameof(ProposalDraft), _ =>
        {
            shutdown.Cancel();
            throw new OperationCanceledException(shutdown.Token);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.Get<AgentStepHandler>().HandleAsync(new StepMessage("run-1", TaskId), shutdown.Token));

        Assert.NotEqual(AgentTaskStatus.Failed, (await engine.TaskAsync(TaskId)).Value.Status);
    }

    [Fact]
    public async Task HandleAsync_OtherTasksOfTheRoundStillOpen_NothingReportedUntilTheLastEnds()
    {
        await ArrangeGenerateTaskAsync();
        await _engine.AddTaskAsync(TestData.Task("r001-generate-02", TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = GenerationAgent.Expansion }));
        _engine.Chat.Always(TestData.Draft());

        await HandleAsync();
        Assert.Empty(_orchestrations.Raised);

        await HandleAsync("r001-generate-02");
        Assert.Equal([("run-1", RunEvent.RoundCompleted(1))], _orchestrations.Raised);
    }

    [Fact]
    public async Task HandleAsync_RedeliveredForAnEndedTaskOfAnEndedRound_ReportsTheRoundAgain()
    {
        // The first delivery may have died between ending the task and telling the orchestration.
        await ArrangeGenerateTaskAsync(task: TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Completed));

        await HandleAsync();

        Assert.Empty(_engine.Chat.Requests);
        Assert.Equal([("run-1", RunEvent.RoundCompleted(1))], _orchestrations.Raised);
    }

    [Fact]
    public async Task HandleAsync_RedeliveredForAnEndedTaskOfAnEarlierRound_NothingReported()
    {
        await _engine.CreateRunAsync(TestData.Run(plan: TestData.SafePlan, round: 2));
        await _engine.AddTaskAsync(TestData.Task("r001-generate-01", TaskKind.Generate, 1, AgentTaskStatus.Completed));
        await _engine.AddTaskAsync(TestData.Task("r002-generate-01", TaskKind.Generate, 2, AgentTaskStatus.Completed));

        await HandleAsync("r001-generate-01");
        Assert.Empty(_orchestrations.Raised);

        await HandleAsync("r002-generate-01");
        Assert.Equal([("run-1", RunEvent.RoundCompleted(2))], _orchestrations.Raised);
    }

    [Fact]
    public async Task HandleAsync_RedeliveredForAnEndedTaskOfAnEndedRun_NothingReported()
    {
        await ArrangeGenerateTaskAsync(RunStatus.Completed, TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Completed));

        await HandleAsync();

        Assert.Empty(_orchestrations.Raised);
    }
}
