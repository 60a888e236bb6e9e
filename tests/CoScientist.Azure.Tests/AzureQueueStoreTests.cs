using System.Text;
using Azure.Storage.Queues;
using CoScientist.Core.Messaging;

namespace CoScientist.Azure.Tests;

/// <summary>What the Azure queue store puts on the wire: Base64 text the Functions trigger reads, and claim checks for large bodies.</summary>
[Trait("Category", "Integration")]
public sealed class AzureQueueStoreTests(AzuriteFixture azurite)
{
    private const string Queue = StorageNames.SupervisorQueue;
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
