using CoScientist.Core.Storage.Embedded;
using Microsoft.Extensions.Time.Testing;

namespace CoScientist.Core.Tests.Storage.Embedded;

public sealed class EmbeddedQueueStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new();
    private readonly EmbeddedQueueStore _queues;

    public EmbeddedQueueStoreTests() => _queues = new EmbeddedQueueStore(_clock);

    [Fact]
    public async Task ReceiveAsync_Message_DeliveredWithBodyAndFirstDequeue()
    {
        await _queues.SendAsync("q", "hello", cancellationToken: Ct);

        var item = Assert.Single(await _queues.ReceiveAsync("q", 10, Timeout, Ct));

        Assert.Equal("hello", item.Body);
        Assert.Equal("q", item.Queue);
        Assert.Equal(1, item.DequeueCount);
        Assert.Equal(_clock.GetUtcNow(), item.InsertedAt);
    }

    [Fact]
    public async Task ReceiveAsync_ReceivedMessage_InvisibleUntilItsTimeoutPasses()
    {
        await _queues.SendAsync("q", "m", cancellationToken: Ct);
        await _queues.ReceiveAsync("q", 1, Timeout, Ct);

        _clock.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await _queues.ReceiveAsync("q", 1, Timeout, Ct));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var again = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task ReceiveAsync_EachRedelivery_RaisesDequeueCountAndIssuesANewPopReceipt()
    {
        await _queues.SendAsync("q", "m", cancellationToken: Ct);
        var receipts = new List<string>();

        for (var i = 1; i <= 4; i++)
        {
            var item = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
            Assert.Equal(i, item.DequeueCount);
            receipts.Add(item.PopReceipt);
            _clock.Advance(Timeout);
        }

        Assert.Equal(4, receipts.Distinct().Count());
    }

    [Fact]
    public async Task ReceiveAsync_MaxMessages_RespectedInSendOrder()
    {
        foreach (var body in new[] { "1", "2", "3" })
        {
            await _queues.SendAsync("q", body, cancellationToken: Ct);
        }

        var first = await _queues.ReceiveAsync("q", 2, Timeout, Ct);
        var rest = await _queues.ReceiveAsync("q", 2, Timeout, Ct);

        Assert.Equal(["1", "2"], first.Select(i => i.Body));
        Assert.Equal(["3"], rest.Select(i => i.Body));
    }

    [Fact]
    public async Task DeleteAsync_CurrentReceipt_RemovesTheMessage()
    {
        await _queues.SendAsync("q", "m", cancellationToken: Ct);
        var item = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));

        await _queues.DeleteAsync(item, Ct);

        Assert.Equal(0, await _queues.CountAsync("q", Ct));
        _clock.Advance(Timeout);
        Assert.Empty(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
    }

    [Fact]
    public async Task DeleteAsync_OldPopReceipt_DoesNothing()
    {
        await _queues.SendAsync("q", "m", cancellationToken: Ct);
        var old = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
        _clock.Advance(Timeout);
        var current = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));

        await _queues.DeleteAsync(old, Ct);

        Assert.Equal(1, await _queues.CountAsync("q", Ct));
        await _queues.DeleteAsync(current, Ct);
        Assert.Equal(0, await _queues.CountAsync("q", Ct));
    }

    [Fact]
    public async Task ReleaseAsync_Delay_VisibleAgainOnlyAfterIt()
    {
        await _queues.SendAsync("q", "m", cancellationToken: Ct);
        var item = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));

        var released = await _queues.ReleaseAsync(item, TimeSpan.FromSeconds(5), Ct);

        Assert.NotEqual(item.PopReceipt, released.PopReceipt);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var again = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task ReleaseAsync_ZeroDelay_VisibleAtOnce()
    {
        await _queues.SendAsync("q", "m", cancellationToken: Ct);
        var item = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));

        await _queues.ReleaseAsync(item, TimeSpan.Zero, Ct);

        Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
    }

    [Fact]
    public async Task ReleaseAsync_OldPopReceipt_Throws()
    {
        await _queues.SendAsync("q", "m", cancellationToken: Ct);
        var item = Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
        await _queues.ReleaseAsync(item, TimeSpan.Zero, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _queues.ReleaseAsync(item, TimeSpan.Zero, Ct));
    }

    [Fact]
    public async Task SendAsync_WithDelay_InvisibleUntilDue()
    {
        await _queues.SendAsync("q", "later", TimeSpan.FromMinutes(2), Ct);

        Assert.Empty(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
        Assert.Equal(1, await _queues.CountAsync("q", Ct));
        _clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        Assert.Empty(await _queues.ReceiveAsync("q", 1, Timeout, Ct));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("later", Assert.Single(await _queues.ReceiveAsync("q", 1, Timeout, Ct)).Body);
    }

    [Fact]
    public async Task ReceiveAsync_DelayedMessageAhead_LaterVisibleOneStillDelivered()
    {
        await _queues.SendAsync("q", "delayed", TimeSpan.FromMinutes(1), Ct);
        await _queues.SendAsync("q", "now", cancellationToken: Ct);

        Assert.Equal("now", Assert.Single(await _queues.ReceiveAsync("q", 5, Timeout, Ct)).Body);
    }

    [Fact]
    public async Task PeekAsync_Messages_ReadWithoutReceiving()
    {
        await _queues.SendAsync("q", "a", cancellationToken: Ct);
        await _queues.SendAsync("q", "b", TimeSpan.FromHours(1), Ct);

        Assert.Equal(["a", "b"], await _queues.PeekAsync("q", 10, Ct));
        Assert.Equal(1, Assert.Single(await _queues.ReceiveAsync("q", 5, Timeout, Ct)).DequeueCount);
    }

    [Fact]
    public async Task Queues_AreIsolated()
    {
        await _queues.SendAsync("q1", "one", cancellationToken: Ct);

        Assert.Empty(await _queues.ReceiveAsync("q2", 5, Timeout, Ct));
        Assert.Equal(0, await _queues.CountAsync("q2", Ct));
        Assert.Equal(1, await _queues.CountAsync("q1", Ct));
    }
}
