using System.Text;
using Azure.Storage.Queues;
using CoScientist.Core.Messaging;

namespace CoScientist.Azure.Tests;

/// <summary>What the Azure queue store puts on the wire: Base64 text the Functions trigger reads, and claim checks for large bodies.</summary>
[Trait("Category", "Integration")]
public sealed class AzureQueueStoreTests(AzuriteFixture azurite)
{
    private const string Queue = StorageNames.PlanQueue;
    private readonly AzureStorageClients _clients = azurite.Clients();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Messages_AreBase64_AsTheFunctionsQueueTriggerExpects()
    {
        var store = new AzureQueueStore(_clients);
        const string Json = """{"runId":"run-1","taskId":"r001-generation-0","note":"é✓"}""";
        await store.SendAsync(Queue, Json, cancellationToken: Ct);

        var message = Assert.Single((await RawQueue(Queue).ReceiveMessagesAsync(1, cancellationToken: Ct)).Value);

        var text = message.Body.ToString();
        Assert.Equal(Json, Encoding.UTF8.GetString(Convert.FromBase64String(text)));
    }

    [Fact]
    public async Task LargeBody_TravelsAsASmallPointerToABlob_DeletedWithTheMessage()
    {
        var store = new AzureQueueStore(_clients);
        var body = new string('q', 100 * 1024);
        await store.SendAsync(Queue, body, cancellationToken: Ct);

        var raw = Assert.Single((await RawQueue(Queue).PeekMessagesAsync(1, Ct)).Value);
        var pointer = Encoding.UTF8.GetString(Convert.FromBase64String(raw.Body.ToString()));
        Assert.StartsWith($$"""{"{{AzureQueueStore.PointerProperty}}":"queues/{{Queue}}/""", pointer, StringComparison.Ordinal);
        Assert.True(pointer.Length < 200, pointer);
        Assert.Equal(1, await BlobCountAsync());

        var item = Assert.Single(await store.ReceiveAsync(Queue, 1, TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(body, item.Body);
        await store.DeleteAsync(item, Ct);

        Assert.Equal(0, await BlobCountAsync());
    }

    [Fact]
    public async Task BodyAtTheInlineLimit_IsSentInline()
    {
        var store = new AzureQueueStore(_clients);
        var body = new string('i', AzureQueueStore.MaxInlineBytes);

        await store.SendAsync(Queue, body, cancellationToken: Ct);

        Assert.Equal([body], await store.PeekAsync(Queue, 1, Ct));
        Assert.Equal(0, await BlobCountAsync());
    }

    [Fact]
    public async Task Queues_NeverWrittenTo_AreEmpty()
    {
        var store = new AzureQueueStore(_clients);

        Assert.Empty(await store.ReceiveAsync(StorageNames.PlanQueue, 1, TimeSpan.FromSeconds(1), Ct));
        Assert.Empty(await store.PeekAsync(StorageNames.PlanQueue, 1, Ct));
        Assert.Equal(0, await store.CountAsync(StorageNames.PlanQueue, Ct));
    }

    public static TheoryData<string> Junk => new()
    {
        "not base64 at all!",
        "{\"runId\":\"run-1\"}",
        "%%%%",
        Convert.ToBase64String([0xFF, 0xFE, 0xC3, 0x28]),
        "QUJD=", // bad padding
    };

    [Theory]
    [MemberData(nameof(Junk))]
    public async Task ReceiveAsync_BatchWithAnUndecodableMessage_DeliversTheGoodOnes_AndPoisonsTheOtherAtOnce(string junk)
    {
        var store = new AzureQueueStore(_clients);
        var raw = RawQueue(Queue);
        await raw.CreateIfNotExistsAsync(cancellationToken: Ct);
        await store.SendAsync(Queue, "good-1", cancellationToken: Ct);
        await raw.SendMessageAsync(junk, Ct);
        await store.SendAsync(Queue, "good-2", cancellationToken: Ct);

        var items = await store.ReceiveAsync(Queue, 32, TimeSpan.FromMinutes(1), Ct);

        Assert.Equal(["good-1", "good-2"], items.Select(i => i.Body).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal(1, i.DequeueCount));
        Assert.Equal([junk], await store.PeekAsync(Queue + StorageNames.PoisonSuffix, 32, Ct));
        foreach (var item in items)
        {
            await store.DeleteAsync(item, Ct);
        }

        Assert.Equal(0, await store.CountAsync(Queue, Ct));
    }

    [Fact]
    public async Task PeekAsync_UndecodableMessage_IsDescribedNotThrown()
    {
        var store = new AzureQueueStore(_clients);
        var raw = RawQueue(Queue);
        await raw.CreateIfNotExistsAsync(cancellationToken: Ct);
        await raw.SendMessageAsync("!!junk!!", Ct);
        await store.SendAsync(Queue, "good", cancellationToken: Ct);

        var bodies = await store.PeekAsync(Queue, 32, Ct);

        Assert.Equal(["(a message that is not Base64-encoded UTF-8: 8 bytes)", "good"], bodies);
    }

    /// <summary>A client as the Functions host or another tool would have: no message encoding of its own.</summary>
    private QueueClient RawQueue(string queue) =>
        new(azurite.ConnectionString, _clients.Prefix + queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    private async Task<int> BlobCountAsync()
    {
        var container = _clients.GetPayloadContainer();
        if (!await container.ExistsAsync(Ct))
        {
            return 0;
        }

        var count = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: Ct))
        {
            count++;
        }

        return count;
    }
}
