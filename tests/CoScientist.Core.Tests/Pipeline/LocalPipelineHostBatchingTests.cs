using CoScientist.Hosting.Local;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Testing;

namespace CoScientist.Core.Tests.Pipeline;

/// <summary>
/// The Functions queue-trigger rules of the local host: batch size, new-batch threshold, the
/// process-wide concurrency cap, queue subsets, lease renewal and surviving storage errors.
/// Step messages for a pending task of a paused run are the messages: each reads the run (held at a
/// gate) and ends, leaving the task for the resume.
/// </summary>
public sealed class LocalPipelineHostBatchingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Moves the clock a second (half the lease) and waits for the renewal that fires. The renewal arms its next
    /// timer just after its release, so a move that came first finds no timer due: then one more second, which
    /// is still inside the lease of the release just made.
    /// </summary>
    private static async Task AdvanceUntilRenewedAsync(EngineHarness engine, RecordingQueueStore queues, string what)
    {
        var renewals = queues.Releases.Count;
        for (var step = 0; step < 2; step++)
        {
            engine.Clock.Advance(TimeSpan.FromSeconds(1));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(step == 0 ? 2 : 10);
            while (queues.Releases.Count == renewals && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5, Ct);
            }

            if (queues.Releases.Count > renewals)
            {
                return;
            }
        }

        Assert.Fail($"Timed out waiting until {what}.");
    }

    private const string Queue = StorageNames.GenerationQueue;

    private static async Task SendStepsAsync(EngineHarness engine, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await engine.Queues.SendAsync(Queue, new StepMessage("run-1", "r001-generate-01").ToJson(), cancellationToken: Ct);
        }
    }

    private static (EngineHarness Engine, GatedTableStore Gate, RecordingQueueStore Queues) Engine(Action<LocalHostOptions> host)
    {
        var gate = new GatedTableStore(new EmbeddedTableStore());
        RecordingQueueStore? recording = null;
        var engine = new EngineHarness(host: host, tables: gate, wrapQueues: q => recording = new RecordingQueueStore(q));
        return (engine, gate, recording!);
    }

    private static async Task<Task> StartAsync(EngineHarness engine, CancellationTokenSource stop)
    {
        // The round is committed with the run, because committing it later would read the run at the closed gate.
        await engine.CreateRunAsync(TestData.Run(round: 1, status: RunStatus.Paused) with { RoundTasks = ["r001-generate-01"] });
        await engine.AddTaskAsync(TestData.Task("r001-generate-01", TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = "expansion" }), commitToRound: false);
        return engine.Get<LocalPipelineHost>().RunAsync(_ => Task.FromResult(false), stop.Token);
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task host)
    {
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host);
    }

    [Fact]
    public async Task RunAsync_FetchesABatchAndTheNextOnlyAtTheNewBatchThreshold()
    {
        var (engine, gate, queues) = Engine(o =>
        {
            o.Concurrency = 32;
            o.BatchSize = 4;
            o.NewBatchThreshold = 1;
        });
        using var _ = engine;
        using var __ = gate;
        await SendStepsAsync(engine, 10);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var host = await StartAsync(engine, stop);

        await Eventually.TrueAsync(() => gate.Waiting == 4, "Timed out waiting until the first batch of 4 is in flight.");
        await Task.Delay(150, Ct); // room for a wrong host to fetch more
        Assert.Equal(4, gate.Waiting);
        Assert.Equal([(Queue, 4, 4)], queues.Receives.Where(r => r.Got > 0));

        gate.Open(2); // 2 in flight: still above the threshold of 1
        await Task.Delay(150, Ct);
        Assert.Equal(2, gate.Waiting);
        Assert.Single(queues.Receives, r => r.Got > 0);

        gate.Open(1); // 1 in flight: at the threshold, so a new batch of 4 comes
        await Eventually.TrueAsync(() => gate.Waiting == 5, "Timed out waiting until a second batch joins the one left in flight.");
        Assert.Equal([4, 4], queues.Receives.Where(r => r.Got > 0).Select(r => r.Got));

        gate.Open(100);
        await Eventually.TrueAsync(() => engine.Get<LocalPipelineHost>().Handled == 10, "Timed out waiting until all ten are handled.");
        await StopAsync(stop, host);
        Assert.Equal(0, await engine.Queues.CountAsync(Queue, Ct));
    }

    [Fact]
    public async Task RunAsync_ConcurrencyCapsStepsAcrossQueuesAndAsksOnlyForFreeSlots()
    {
        var (engine, gate, queues) = Engine(o =>
        {
            o.Concurrency = 3;
            o.BatchSize = 16;
        });
        using var _ = engine;
        using var __ = gate;
        await SendStepsAsync(engine, 6);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var host = await StartAsync(engine, stop);

        await Eventually.TrueAsync(() => gate.Waiting == 3, "Timed out waiting until three steps are in flight.");
        await Task.Delay(150, Ct);
        Assert.Equal(3, gate.Waiting);
        Assert.All(queues.Receives, r => Assert.True(r.Asked <= 3, $"asked {r.Asked} messages with 3 slots"));
        Assert.Equal(3, queues.Receives.Sum(r => r.Got)); // the other three wait for a free slot

        gate.Open(100);
        await Eventually.TrueAsync(() => engine.Get<LocalPipelineHost>().Handled == 6, "Timed out waiting until all six are handled.");
        await StopAsync(stop, host);
    }

    [Fact]
    public async Task RunAsync_ListensOnlyToTheConfiguredQueues()
    {
        var (engine, gate, queues) = Engine(o => o.Queues = [StorageNames.RankingQueue]);
        using var _ = engine;
        using var __ = gate;
        gate.Open(100);
        await SendStepsAsync(engine, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var host = await StartAsync(engine, stop);

        await Eventually.TrueAsync(() => queues.Receives.Count >= 3, "Timed out waiting until the ranking queue is polled.");
        await StopAsync(stop, host);

        Assert.All(queues.Receives, r => Assert.Equal(StorageNames.RankingQueue, r.Queue));
        Assert.Equal(1, await engine.Queues.CountAsync(Queue, Ct));
    }

    [Fact]
    public async Task RunAsync_RenewsTheLeaseOfALongStepAndDeletesWithTheRenewedReceipt()
    {
        var (engine, gate, queues) = Engine(o => o.VisibilityTimeout = TimeSpan.FromSeconds(2));
        using var _ = engine;
        using var __ = gate;
        await SendStepsAsync(engine, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var host = await StartAsync(engine, stop);
        await Eventually.TrueAsync(() => gate.Waiting == 1, "Timed out waiting until the step is in flight.");

        // Five renewals of a two-second lease, each when the clock reaches the renewal timer (every second):
        // the message is never visible to another worker.
        for (var i = 0; i < 5; i++)
        {
            await AdvanceUntilRenewedAsync(engine, queues, $"renewal {i + 1}");
            Assert.Empty(await engine.Queues.ReceiveAsync(Queue, 1, TimeSpan.FromSeconds(1), Ct));
        }

        Assert.All(queues.Releases, r => Assert.Equal(TimeSpan.FromSeconds(2), r.Visibility));
        gate.Open(1);
        await Eventually.TrueAsync(() => engine.Queues.CountAsync(Queue, Ct).Result == 0, "Timed out waiting until the message is deleted.");
        await StopAsync(stop, host);
        Assert.Equal(1, engine.Get<LocalPipelineHost>().Handled);
    }

    [Fact]
    public async Task RunAsync_StorageErrorsWhilePolling_KeepsListening()
    {
        var (engine, gate, queues) = Engine(o => o.MaxPollingInterval = TimeSpan.FromMilliseconds(10));
        using var _ = engine;
        using var __ = gate;
        gate.Open(100);
        queues.FailNextReceives(20);
        await SendStepsAsync(engine, 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var host = await StartAsync(engine, stop);

        // Handled counts steps begun: wait until both are also settled (deleted), or the stop could cut the second short.
        await Eventually.TrueAsync(() => engine.Queues.CountAsync(Queue, Ct).Result == 0, "Timed out waiting until both messages are handled and deleted after the errors.");
        await StopAsync(stop, host);
        Assert.Equal(2, engine.Get<LocalPipelineHost>().Handled);
    }

    [Fact]
    public async Task RunAsync_DoneCheckThatFailsOnce_IsAskedAgainAndTheHostStillEnds()
    {
        using var engine = new EngineHarness();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var calls = 0;

        await engine.Get<LocalPipelineHost>().RunAsync(
            _ => ++calls == 1 ? throw new IOException("storage unreachable") : Task.FromResult(true),
            TimeSpan.FromMilliseconds(5),
            timeout.Token);

        Assert.Equal(2, calls);
    }
}
