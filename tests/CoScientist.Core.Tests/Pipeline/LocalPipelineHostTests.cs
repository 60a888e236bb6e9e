using CoScientist.Hosting.Local;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;

namespace CoScientist.Core.Tests.Pipeline;

public sealed class LocalPipelineHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task RunUntilAsync(EngineHarness engine, Func<Task<bool>> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await engine.Get<LocalPipelineHost>().RunAsync(_ => done(), timeout.Token);
    }

    [Theory]
    [InlineData(StorageNames.GenerationQueue, "{\"runId\":\"run-1\",\"taskId\":\"r001-generate-09\"}", 3)]
    [InlineData(StorageNames.RankingQueue, "not a message", 2)]
    [InlineData(StorageNames.PlanQueue, "{\"runId\":\"ghost\",\"taskId\":\"r001-plan-01\"}", 4)]
    public async Task RunAsync_MessageThatAlwaysFails_MovesToPoisonAfterMaxDequeueCount(string queue, string body, int maxDequeueCount)
    {
        using var engine = new EngineHarness(host: o => o.MaxDequeueCount = maxDequeueCount);
        await engine.CreateRunAsync();
        await engine.Queues.SendAsync(queue, body, cancellationToken: Ct);
        var poison = queue + StorageNames.PoisonSuffix;

        await RunUntilAsync(engine, async () => await engine.Queues.CountAsync(poison, Ct) > 0);

        Assert.Equal([body], await engine.MessagesAsync(poison));
        Assert.Equal(0, await engine.Queues.CountAsync(queue, Ct));
        Assert.Equal(maxDequeueCount, engine.Get<LocalPipelineHost>().Handled);
    }

    [Fact]
    public async Task RunAsync_MessageThatSucceeds_DeletedAfterOneDelivery()
    {
        // A paused run's step is handled (and left pending for the resume) without error.
        using var engine = new EngineHarness();
        await engine.CreateRunAsync(TestData.Run(round: 1, status: CoScientist.Core.Runs.RunStatus.Paused));
        await engine.AddTaskAsync(TestData.Task("r001-generate-01", TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = "expansion" }));
        await engine.Queues.SendAsync(StorageNames.GenerationQueue, new StepMessage("run-1", "r001-generate-01").ToJson(), cancellationToken: Ct);

        await RunUntilAsync(engine, async () => await engine.Queues.CountAsync(StorageNames.GenerationQueue, Ct) == 0);

        Assert.Equal(0, await engine.Queues.CountAsync(StorageNames.GenerationQueue, Ct));
        Assert.Equal(0, await engine.Queues.CountAsync(StorageNames.GenerationQueue + StorageNames.PoisonSuffix, Ct));
        Assert.Equal(AgentTaskStatus.Pending, (await engine.TaskAsync("r001-generate-01")).Value.Status);
        Assert.Equal(1, engine.Get<LocalPipelineHost>().Handled);
    }

    [Fact]
    public async Task RunAsync_TransientFailureThenSuccess_RetriedNotPoisoned()
    {
        using var engine = new EngineHarness(host: o => o.MaxDequeueCount = 5);
        await engine.CreateRunAsync();
        await engine.AddTaskAsync(TestData.Task("r001-generate-01", TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = "expansion" }));

        // Another task of the round is still open, so the round's completion is not reported.
        await engine.AddTaskAsync(TestData.Task("r001-generate-02", TaskKind.Generate, 1, AgentTaskStatus.Running) with { LeaseUntil = engine.Clock.GetUtcNow().AddHours(1) });
        engine.Chat.EnqueueException(nameof(CoScientist.Core.Agents.ProposalDraft), new HttpRequestException("503"))
            .Enqueue(TestData.Draft());
        await engine.Queues.SendAsync(StorageNames.GenerationQueue, new StepMessage("run-1", "r001-generate-01").ToJson(), cancellationToken: Ct);

        await RunUntilAsync(engine, async () => (await engine.TaskAsync("r001-generate-01")).Value.IsTerminal);

        Assert.Equal(AgentTaskStatus.Completed, (await engine.TaskAsync("r001-generate-01")).Value.Status);
        Assert.Equal(0, await engine.Queues.CountAsync(StorageNames.GenerationQueue, Ct));
        Assert.Equal(0, await engine.Queues.CountAsync(StorageNames.GenerationQueue + StorageNames.PoisonSuffix, Ct));
        Assert.Equal(2, engine.Chat.Requests.Count);
        Assert.Equal(2, engine.Get<LocalPipelineHost>().Handled); // two deliveries of the step
    }
}
