using System.Text;
using CoScientist.Core.Messaging;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;

namespace CoScientist.Azure.Tests.Contract;

/// <summary>The table port's behaviour, run against every implementation: the embedded store and Azure Tables (Azurite).</summary>
public abstract class TableStoreContractTests
{
    protected const string Table = StorageNames.ProposalsTable;

    protected abstract ITableStore Store { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A partition of this test's own: the tables are shared, the run ids are not.</summary>
    protected static string NewRunId() => "run-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task TryInsert_Twice_ReturnsNullAndKeepsTheFirst()
    {
        var pk = NewRunId();

        var first = await Store.TryInsertAsync(Table, pk, "p1", """{"v":1}""", Ct);
        var second = await Store.TryInsertAsync(Table, pk, "p1", """{"v":2}""", Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        var stored = await Store.GetAsync(Table, pk, "p1", Ct);
        Assert.Equal("""{"v":1}""", stored?.Json);
        Assert.Equal(first, stored?.ETag);
    }

    [Fact]
    public async Task Update_WithCurrentETag_ReplacesAndReturnsANewETag()
    {
        var pk = NewRunId();
        var etag = await Store.TryInsertAsync(Table, pk, "p1", """{"v":1}""", Ct);

        var updated = await Store.UpdateAsync(Table, pk, "p1", """{"v":2}""", etag!, Ct);

        Assert.NotEqual(etag, updated);
        var stored = await Store.GetAsync(Table, pk, "p1", Ct);
        Assert.Equal("""{"v":2}""", stored?.Json);
        Assert.Equal(updated, stored?.ETag);
    }

    [Fact]
    public async Task Update_WithStaleETag_ThrowsConcurrencyConflictAndKeepsTheWinner()
    {
        var pk = NewRunId();
        var stale = await Store.TryInsertAsync(Table, pk, "p1", """{"v":1}""", Ct);
        await Store.UpdateAsync(Table, pk, "p1", """{"v":2}""", stale!, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.UpdateAsync(Table, pk, "p1", """{"v":3}""", stale!, Ct));

        Assert.Equal("""{"v":2}""", (await Store.GetAsync(Table, pk, "p1", Ct))?.Json);
    }

    [Fact]
    public async Task Update_OfMissingEntity_ThrowsConcurrencyConflict()
    {
        var pk = NewRunId();
        var someETag = await Store.TryInsertAsync(Table, pk, "exists", "{}", Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.UpdateAsync(Table, pk, "missing", "{}", someETag!, Ct));
        Assert.Null(await Store.GetAsync(Table, pk, "missing", Ct));
    }

    [Fact]
    public async Task Upsert_InsertsThenOverwrites()
    {
        var pk = NewRunId();

        var first = await Store.UpsertAsync(Table, pk, "p1", """{"v":1}""", Ct);
        var second = await Store.UpsertAsync(Table, pk, "p1", """{"v":2}""", Ct);

        Assert.NotEqual(first, second);
        var stored = await Store.GetAsync(Table, pk, "p1", Ct);
        Assert.Equal("""{"v":2}""", stored?.Json);
        Assert.Equal(second, stored?.ETag);

        // An upsert also moves the ETag on: an update under the old one conflicts.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.UpdateAsync(Table, pk, "p1", "{}", first, Ct));
    }

    [Fact]
    public async Task Query_ReturnsThePartitionOrderedByRowKey_AndNothingElse()
    {
        var pk = NewRunId();
        var other = NewRunId();
        foreach (var row in new[] { "b", "a-1", "c", "B", "a", "r002-gen-0", "r001-gen-1" })
        {
            await Store.TryInsertAsync(Table, pk, row, $$"""{"row":"{{row}}"}""", Ct);
        }

        await Store.TryInsertAsync(Table, other, "a", """{"row":"other"}""", Ct);
        await Store.TryInsertAsync(StorageNames.ReviewsTable, pk, "z", """{"row":"review"}""", Ct);

        var entries = await Store.QueryAsync(Table, pk, Ct);

        Assert.Equal(["B", "a", "a-1", "b", "c", "r001-gen-1", "r002-gen-0"], entries.Select(e => e.RowKey));
        Assert.All(entries, e => Assert.Equal(pk, e.PartitionKey));
        Assert.All(entries, e => Assert.Equal($$"""{"row":"{{e.RowKey}}"}""", e.Json));
        Assert.Single(await Store.QueryAsync(Table, other, Ct));
        Assert.Empty(await Store.QueryAsync(Table, NewRunId(), Ct));
    }

    [Fact]
    public async Task Query_ReturnsTheSameETagsAsGet()
    {
        var pk = NewRunId();
        await Store.TryInsertAsync(Table, pk, "a", "{}", Ct);
        await Store.UpsertAsync(Table, pk, "b", "{}", Ct);

        var entries = await Store.QueryAsync(Table, pk, Ct);

        foreach (var entry in entries)
        {
            Assert.Equal((await Store.GetAsync(Table, pk, entry.RowKey, Ct))?.ETag, entry.ETag);
            await Store.UpdateAsync(Table, pk, entry.RowKey, """{"ok":true}""", entry.ETag, Ct);
        }
    }

    [Fact]
    public async Task Get_Missing_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Table, NewRunId(), "nothing", Ct));
        Assert.Null(await Store.GetAsync(StorageNames.DocumentsTable, NewRunId(), "overview", Ct));
        Assert.Empty(await Store.QueryAsync(StorageNames.MetaReviewsTable, NewRunId(), Ct));
    }

    [Fact]
    public async Task LargeJson_LongerThanOneProperty_RoundTrips()
    {
        var pk = NewRunId();
        var json = TestData.LargeJson(150 * 1024, "first");
        var replacement = TestData.LargeJson(160 * 1024, "second");

        var etag = await Store.TryInsertAsync(Table, pk, "big", json, Ct);
        Assert.Equal(json, (await Store.GetAsync(Table, pk, "big", Ct))?.Json);

        await Store.UpdateAsync(Table, pk, "big", replacement, etag!, Ct);
        Assert.Equal(replacement, Assert.Single(await Store.QueryAsync(Table, pk, Ct)).Json);
    }

    [Fact]
    public async Task LargeJson_OfTwoMegabytes_RoundTrips()
    {
        var pk = NewRunId();
        var json = TestData.LargeJson(2 * 1024 * 1024, "first");
        var replacement = TestData.LargeJson(2 * 1024 * 1024, "second");

        var etag = await Store.TryInsertAsync(Table, pk, "huge", json, Ct);
        Assert.Equal(json, (await Store.GetAsync(Table, pk, "huge", Ct))?.Json);

        await Store.UpdateAsync(Table, pk, "huge", replacement, etag!, Ct);
        Assert.Equal(replacement, Assert.Single(await Store.QueryAsync(Table, pk, Ct)).Json);

        await Store.UpsertAsync(Table, pk, "huge", """{"small":true}""", Ct);
        Assert.Equal("""{"small":true}""", (await Store.GetAsync(Table, pk, "huge", Ct))?.Json);
    }

    [Fact]
    public async Task Json_WithNonAsciiAndSurrogatePairsAcrossPartBoundaries_RoundTrips()
    {
        var pk = NewRunId();

        // An emoji (a surrogate pair) straddling every 30,000-character boundary, accented text between.
        var body = new StringBuilder("{\"text\":\"");
        while (body.Length < 100_000)
        {
            var boundary = ((body.Length / 30_000) + 1) * 30_000;
            body.Append('é', boundary - 1 - body.Length).Append("🧬").Append('é');
        }

        var json = body.Append("\"}").ToString();
        Assert.True(char.IsHighSurrogate(json[29_999]) && char.IsLowSurrogate(json[30_000]));
        await Store.UpsertAsync(Table, pk, "unicode", json, Ct);

        Assert.Equal(json, (await Store.GetAsync(Table, pk, "unicode", Ct))?.Json);
    }
}

/// <summary>The contract on the embedded (in-process) table store.</summary>
public sealed class EmbeddedTableStoreContractTests : TableStoreContractTests
{
    protected override ITableStore Store { get; } = new EmbeddedTableStore();
}

/// <summary>The contract on Azure Tables, against Azurite.</summary>
[Trait("Category", "Integration")]
public sealed class AzureTableStoreContractTests(AzuriteFixture azurite) : TableStoreContractTests
{
    protected override ITableStore Store { get; } = new AzureTableStore(azurite.Clients());
}
