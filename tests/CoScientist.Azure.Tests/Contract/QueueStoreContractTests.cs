using System.Diagnostics;
using System.Text;
using CoScientist.Core.Messaging;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;

namespace CoScientist.Azure.Tests.Contract;

/// <summary>
/// The queue port's behaviour, run against every implementation on real time: Azure takes
/// visibility in whole seconds, so the delays here are one second.
/// </summary>
public abstract class QueueStoreContractTests
{
    protected const string Queue = StorageNames.GenerationQueue;

    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    /// <summary>A queue store whose queues belong to this test alone.</summary>
    protected abstract IQueueStore Queues { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receive_HidesTheMessageForTheVisibilityTimeout_ThenRedeliversWithAHigherDequeueCount()
    {
        await Queues.SendAsync(Queue, """{"taskId":"t1"}""", cancellationToken: Ct);

        var first = Assert.Single(await Queues.ReceiveAsync(Queue, 1, OneSecond, Ct));
        var clock = Stopwatch.StartNew();
        Assert.Empty(await Queues.ReceiveAsync(Queue, 1, OneSecond, Ct));
        var second = await ReceiveOneWithinAsync(Queue, TimeSpan.FromSeconds(5));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700), $"redelivered after {clock.Elapsed}");
        Assert.Equal("""{"taskId":"t1"}""", first.Body);
        Assert.Equal(1, first.DequeueCount);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
        Assert.Equal(Queue, second.Queue);
    }

    [Fact]
    public async Task Delete_WithTheCurrentPopReceipt_RemovesTheMessage()
    {
        await Queues.SendAsync(Queue, "m1", cancellationToken: Ct);
        var item = Assert.Single(await Queues.ReceiveAsync(Queue, 1, OneSecond, Ct));

        await Queues.DeleteAsync(item, Ct);

        Assert.Equal(0, await Queues.CountAsync(Queue, Ct));
        Assert.Empty(await Queues.PeekAsync(Queue, 10, Ct));
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        Assert.Empty(await Queues.ReceiveAsync(Queue, 1, OneSecond, Ct));
    }

    [Fact]
    public async Task Delete_WithAStalePopReceipt_LeavesTheMessageToItsNewHolder()
    {
        await Queues.SendAsync(Queue, "m1", cancellationToken: Ct);
        var stale = Assert.Single(await Queues.ReceiveAsync(Queue, 1, Long, Ct));
        var current = await Queues.ReleaseAsync(stale, Long, Ct);

        await Queues.DeleteAsync(stale, Ct);

        Assert.Equal(1, await Queues.CountAsync(Queue, Ct));
        await Queues.DeleteAsync(current, Ct);
        Assert.Equal(0, await Queues.CountAsync(Queue, Ct));
    }

    [Fact]
    public async Task Release_MakesTheMessageVisibleAgainAfterTheDelay()
    {
        await Queues.SendAsync(Queue, "m1", cancellationToken: Ct);
        var item = Assert.Single(await Queues.ReceiveAsync(Queue, 1, Long, Ct));

        var released = await Queues.ReleaseAsync(item, OneSecond, Ct);
        var clock = Stopwatch.StartNew();

        Assert.NotEqual(item.PopReceipt, released.PopReceipt);
        Assert.Equal(item.MessageId, released.MessageId);
        Assert.Empty(await Queues.ReceiveAsync(Queue, 1, OneSecond, Ct));
        var again = await ReceiveOneWithinAsync(Queue, TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700), $"visible after {clock.Elapsed}");
        Assert.Equal("m1", again.Body);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task Release_OfAMessageNoLongerHeld_Throws()
    {
        await Queues.SendAsync(Queue, "m1", cancellationToken: Ct);
        var item = Assert.Single(await Queues.ReceiveAsync(Queue, 1, Long, Ct));
        await Queues.DeleteAsync(item, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Queues.ReleaseAsync(item, OneSecond, Ct));
    }

    [Fact]
    public async Task Send_WithADelay_IsInvisibleUntilDue()
    {
        await Queues.SendAsync(Queue, "later", OneSecond, Ct);
        var clock = Stopwatch.StartNew();

        Assert.Empty(await Queues.ReceiveAsync(Queue, 1, OneSecond, Ct));
        Assert.Equal(1, await Queues.CountAsync(Queue, Ct));
        var item = await ReceiveOneWithinAsync(Queue, TimeSpan.FromSeconds(5));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700), $"visible after {clock.Elapsed}");
        Assert.Equal("later", item.Body);
        Assert.Equal(1, item.DequeueCount);
    }

    [Fact]
    public async Task Peek_ReadsWithoutReceiving()
    {
        await Queues.SendAsync(Queue, "a", cancellationToken: Ct);
        await Queues.SendAsync(Queue, "b", cancellationToken: Ct);

        Assert.Equal(["a", "b"], await Queues.PeekAsync(Queue, 10, Ct));
        Assert.Equal(["a"], await Queues.PeekAsync(Queue, 1, Ct));

        var received = await Queues.ReceiveAsync(Queue, 10, Long, Ct);
        Assert.Equal(["a", "b"], received.Select(i => i.Body).Order(StringComparer.Ordinal));
        Assert.All(received, i => Assert.Equal(1, i.DequeueCount));
    }

    [Fact]
    public async Task Receive_TakesAtMostMaxMessages_AndQueuesAreSeparate()
    {
        for (var i = 0; i < 3; i++)
        {
            await Queues.SendAsync(Queue, $"m{i}", cancellationToken: Ct);
        }

        await Queues.SendAsync(Queue + StorageNames.PoisonSuffix, "poisoned", cancellationToken: Ct);

        Assert.Equal(2, (await Queues.ReceiveAsync(Queue, 2, Long, Ct)).Count);
        Assert.Single(await Queues.ReceiveAsync(Queue, 2, Long, Ct));
        Assert.Empty(await Queues.ReceiveAsync(StorageNames.RankingQueue, 2, Long, Ct));
        Assert.Equal(3, await Queues.CountAsync(Queue, Ct));
        Assert.Equal(["poisoned"], await Queues.PeekAsync(Queue + StorageNames.PoisonSuffix, 10, Ct));
        Assert.Equal(0, await Queues.CountAsync(StorageNames.RankingQueue, Ct));
    }

    [Fact]
    public async Task LargeBody_Of100Kilobytes_RoundTrips()
    {
        var body = new StringBuilder();
        for (var i = 0; body.Length < 100 * 1024; i++)
        {
            body.Append($"{{\"part\":{i},\"text\":\"résumé of step {i}\"}}");
        }

        var text = body.ToString();
        await Queues.SendAsync(Queue, text, cancellationToken: Ct);

        Assert.Equal([text], await Queues.PeekAsync(Queue, 1, Ct));
        var item = Assert.Single(await Queues.ReceiveAsync(Queue, 1, Long, Ct));
        Assert.Equal(text, item.Body);
        await Queues.DeleteAsync(item, Ct);
        Assert.Equal(0, await Queues.CountAsync(Queue, Ct));
    }

    private async Task<QueueItem> ReceiveOneWithinAsync(string queue, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var received = await Queues.ReceiveAsync(queue, 1, Long, Ct);
            if (received.Count > 0)
            {
                return Assert.Single(received);
            }

            Assert.True(clock.Elapsed < within, $"no message on {queue} within {within}");
            await Task.Delay(100, Ct);
        }
    }
}

/// <summary>The contract on the embedded (in-process) queue store.</summary>
public sealed class EmbeddedQueueStoreContractTests : QueueStoreContractTests
{
    protected override IQueueStore Queues { get; } = new EmbeddedQueueStore(TimeProvider.System);
}

/// <summary>The contract on Azure Storage Queues, against Azurite, each test on queues of its own prefix.</summary>
[Trait("Category", "Integration")]
public sealed class AzureQueueStoreContractTests(AzuriteFixture azurite) : QueueStoreContractTests
{
    protected override IQueueStore Queues { get; } = new AzureQueueStore(azurite.Clients());
}
