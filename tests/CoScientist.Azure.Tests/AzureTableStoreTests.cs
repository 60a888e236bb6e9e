using Azure.Data.Tables;
using CoScientist.Core.Messaging;

namespace CoScientist.Azure.Tests;

/// <summary>How the Azure table store lays entities out: JSON parts, the blob claim check, and key checks.</summary>
[Trait("Category", "Integration")]
public sealed class AzureTableStoreTests(AzuriteFixture azurite)
{
    private const string Table = StorageNames.ProposalsTable;
    private readonly AzureStorageClients _clients = azurite.Clients();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Json_LongerThanOneProperty_IsSplitAcrossJsonParts()
    {
        var store = new AzureTableStore(_clients);
        var json = new string('x', 150 * 1024);

        await store.UpsertAsync(Table, "run-1", "p1", json, Ct);

        var entity = (await _clients.GetTableClient(Table).GetEntityAsync<TableEntity>("run-1", "p1", cancellationToken: Ct)).Value;
        Assert.Equal(6, entity.GetInt32(AzureTableStore.PartsProperty));
        Assert.Equal(30_000, entity.GetString("Json0")!.Length);
        Assert.Equal(150 * 1024 - (5 * 30_000), entity.GetString("Json5")!.Length);
        Assert.Null(entity.GetString(AzureTableStore.BlobProperty));
        Assert.Empty(await PayloadBlobsAsync());
    }

    [Fact]
    public async Task Json_TooLargeForAnEntity_GoesToABlobClaimCheck()
    {
        var store = new AzureTableStore(_clients);
        var json = new string('y', AzureTableStore.MaxInlineChars + 1);

        await store.TryInsertAsync(Table, "run-1", "p1", json, Ct);

        var entity = (await _clients.GetTableClient(Table).GetEntityAsync<TableEntity>("run-1", "p1", cancellationToken: Ct)).Value;
        var blob = entity.GetString(AzureTableStore.BlobProperty);
        Assert.StartsWith($"{Table}/run-1/p1/", blob, StringComparison.Ordinal);
        Assert.Equal(0, entity.GetInt32(AzureTableStore.PartsProperty));
        Assert.Equal([blob], await PayloadBlobsAsync());
        Assert.Equal(json, (await store.GetAsync(Table, "run-1", "p1", Ct))?.Json);
    }

    [Fact]
    public async Task Json_AtTheInlineLimit_StaysInTheEntity()
    {
        var store = new AzureTableStore(_clients);
        var json = new string('z', AzureTableStore.MaxInlineChars);

        await store.UpsertAsync(Table, "run-1", "p1", json, Ct);

        Assert.Empty(await PayloadBlobsAsync());
        Assert.Equal(json, (await store.GetAsync(Table, "run-1", "p1", Ct))?.Json);
    }

    [Fact]
    public async Task PayloadBlobs_OfReplacedOrRejectedWrites_AreDeleted()
    {
        var store = new AzureTableStore(_clients);
        var huge = new string('h', AzureTableStore.MaxInlineChars + 10);

        var etag = await store.TryInsertAsync(Table, "run-1", "p1", huge, Ct);
        Assert.Null(await store.TryInsertAsync(Table, "run-1", "p1", huge + "rejected", Ct));
        Assert.Single(await PayloadBlobsAsync());

        var newer = await store.UpdateAsync(Table, "run-1", "p1", huge + "v2", etag!, Ct);
        await Assert.ThrowsAsync<Core.Storage.ConcurrencyConflictException>(() => store.UpdateAsync(Table, "run-1", "p1", huge + "stale", etag!, Ct));
        Assert.Single(await PayloadBlobsAsync());
        Assert.Equal(huge + "v2", (await store.GetAsync(Table, "run-1", "p1", Ct))?.Json);

        await store.UpdateAsync(Table, "run-1", "p1", """{"small":true}""", newer, Ct);
        Assert.Empty(await PayloadBlobsAsync());

        await store.UpsertAsync(Table, "run-1", "p2", huge, Ct);
        await store.UpsertAsync(Table, "run-1", "p2", huge + "again", Ct);
        Assert.Single(await PayloadBlobsAsync());
        await store.UpsertAsync(Table, "run-1", "p2", "{}", Ct);
        Assert.Empty(await PayloadBlobsAsync());
    }

    [Theory]
    [InlineData("run/1")]
    [InlineData("run\\1")]
    [InlineData("run#1")]
    [InlineData("run?1")]
    [InlineData("run\t1")]
    [InlineData("run\u007f1")]
    public async Task Keys_WithCharactersAzureRejects_ThrowArgumentExceptionNamingTheKey(string key)
    {
        var store = new AzureTableStore(_clients);

        var onPartition = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(Table, key, "p1", "{}", Ct));
        var onRow = await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(Table, "run-1", key, Ct));

        Assert.Equal("partitionKey", onPartition.ParamName);
        Assert.Equal("rowKey", onRow.ParamName);
        Assert.Contains("may not contain", onRow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyJson_RoundTrips()
    {
        var store = new AzureTableStore(_clients);

        await store.UpsertAsync(Table, "run-1", "empty", "", Ct);

        Assert.Equal("", (await store.GetAsync(Table, "run-1", "empty", Ct))?.Json);
    }

    [Fact]
    public async Task BlobNames_OfOddKeys_StayUsable()
    {
        var store = new AzureTableStore(_clients);
        var json = TestData.LargeJson(AzureTableStore.MaxInlineChars + 1);

        await store.UpsertAsync(Table, "..", "", json, Ct);
        await store.UpsertAsync(Table, "run-1", new string('k', 500), json, Ct);

        Assert.Equal(json, (await store.GetAsync(Table, "..", "", Ct))?.Json);
        Assert.Equal(json, (await store.GetAsync(Table, "run-1", new string('k', 500), Ct))?.Json);
    }

    private async Task<List<string>> PayloadBlobsAsync()
    {
        var container = _clients.GetPayloadContainer();
        var names = new List<string>();
        if (!await container.ExistsAsync(Ct))
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync(cancellationToken: Ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
