using CoScientist.Durability.Tests.Infrastructure;

namespace CoScientist.Durability.Tests;

/// <summary>The storage account stops answering for a few seconds in the middle of a run.</summary>
[Trait("Category", "Integration")]
public sealed class StorageOutageTests
{
    [Fact]
    public async Task AzuritePausedMidRun_StepsRetry_AndTheRunCompletesIntact()
    {
        await using var azurite = await AzuriteFixture.StartPrivateAsync();
        var pid = azurite.ProcessId ?? throw new InvalidOperationException("no private Azurite process");

        // The worker's requests give up after 3 s and are not retried by the SDK, so a 6 s outage
        // reaches the host and the step handlers, whose own retries must carry the run through.
        var storage = new SharedStorageRun(azurite.ConnectionString);
        var runId = await storage.StartAsync(proposals: 8, seed: 4);
        var impatient = new Dictionary<string, string> { ["Storage:NetworkTimeout"] = "00:00:03", ["Storage:MaxRetries"] = "0" };
        await using var worker = storage.Worker(4, 100, impatient, "--exit-when-done", runId);

        while ((await storage.RunAsync(runId)).Round < 3)
        {
            Assert.False(worker.HasExited, worker.Output);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Signals.Send(pid, Signals.Stop);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
        }
        finally
        {
            Signals.Send(pid, Signals.Continue);
        }

        Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromMinutes(3)));
        Assert.Contains("will retry", worker.Output, StringComparison.Ordinal); // the outage was felt
        await RunAudit.AssertIntactAsync(storage.Store, runId, TestContext.Current.CancellationToken);
    }
}
