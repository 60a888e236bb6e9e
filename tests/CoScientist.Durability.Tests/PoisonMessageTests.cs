using CoScientist.Durability.Tests.Infrastructure;
using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;

namespace CoScientist.Durability.Tests;

/// <summary>Messages no handler can use end in the poison queue; the run goes on and <c>status</c> says so.</summary>
[Trait("Category", "Integration")]
public sealed class PoisonMessageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task MalformedMessages_GoToPoisonQueues_RunCompletes_AndStatusReportsThem()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);
        var runId = await storage.StartAsync(proposals: 6, seed: 2);
        var ct = TestContext.Current.CancellationToken;
        await storage.Queues.SendAsync(StorageNames.RankingQueue, "this is not a message", cancellationToken: ct);
        await storage.Queues.SendAsync(StorageNames.GenerationQueue, new StepMessage(runId, "r999-generate-99").ToJson(), cancellationToken: ct);

        // Not --exit-when-done: the run may end before the fifth delivery of a bad message; the worker
        // keeps going until both bad messages sit in the poison queues, then is stopped.
        await using var worker = storage.Worker(4, 0);
        await storage.WaitForEndAsync(runId, TimeSpan.FromMinutes(2), () => worker.Output);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (await storage.Queues.CountAsync(StorageNames.RankingQueue + StorageNames.PoisonSuffix, ct) + await storage.Queues.CountAsync(StorageNames.GenerationQueue + StorageNames.PoisonSuffix, ct) < 2
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        Signals.Send(worker.Id, Signals.Terminate);
        Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(RunStatus.Completed, (await storage.RunAsync(runId)).Status);
        await RunAudit.AssertIntactAsync(storage.Store, runId, ct);
        Assert.Contains("2 messages moved to poison queues", worker.Output, StringComparison.Ordinal);

        var poison = (await storage.StatusAsync(runId)).GetProperty("poison");
        Assert.Equal(1, poison.GetProperty("forRun").GetInt32());
        Assert.Equal(1, poison.GetProperty("byQueue").GetProperty(StorageNames.GenerationQueue + StorageNames.PoisonSuffix).GetInt32());
        Assert.Equal(1, poison.GetProperty("unreadable").GetInt32());

        var (exit, text, _) = await storage.CosciAsync("status", runId);
        Assert.Equal(0, exit);
        Assert.Contains("poison messages: 1 for this run; 1 on cosci-generation-poison; 1 unreadable", text, StringComparison.Ordinal);
    }
}
