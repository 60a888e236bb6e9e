using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;

namespace CoScientist.Core.Tests.Storage.Embedded;

public sealed class EmbeddedTableStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EmbeddedTableStore _store = new();

    [Fact]
    public async Task TryInsertAsync_NewKey_StoresAndReturnsAnETag()
    {
        var etag = await _store.TryInsertAsync("t", "p", "r", "{\"v\":1}", Ct);

        var entry = await _store.GetAsync("t", "p", "r", Ct);
        Assert.NotNull(etag);
        Assert.Equal(new TableEntry("p", "r", "{\"v\":1}", etag), entry);
    }

    [Fact]
    public async Task TryInsertAsync_KeyTaken_ReturnsNullAndKeepsTheFirst()
    {
        var first = await _store.TryInsertAsync("t", "p", "r", "first", Ct);

        var second = await _store.TryInsertAsync("t", "p", "r", "second", Ct);

        Assert.Null(second);
        var entry = await _store.GetAsync("t", "p", "r", Ct);
        Assert.Equal("first", entry?.Json);
        Assert.Equal(first, entry?.ETag);
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull() =>
        Assert.Null(await _store.GetAsync("t", "p", "nothing", Ct));

    [Fact]
    public async Task UpdateAsync_CurrentETag_ReplacesAndIssuesANewETag()
    {
        var etag = await _store.TryInsertAsync("t", "p", "r", "v1", Ct);

        var next = await _store.UpdateAsync("t", "p", "r", "v2", etag!, Ct);

        Assert.NotEqual(etag, next);
        var entry = await _store.GetAsync("t", "p", "r", Ct);
        Assert.Equal("v2", entry?.Json);
        Assert.Equal(next, entry?.ETag);
    }

    [Fact]
    public async Task UpdateAsync_StaleETag_ThrowsConflictAndKeepsTheNewerValue()
    {
        var stale = await _store.TryInsertAsync("t", "p", "r", "v1", Ct);
        await _store.UpdateAsync("t", "p", "r", "v2", stale!, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.UpdateAsync("t", "p", "r", "v3", stale!, Ct));

        Assert.Equal("v2", (await _store.GetAsync("t", "p", "r", Ct))?.Json);
    }

    [Fact]
    public async Task UpdateAsync_ETagFromAnotherEntity_ThrowsConflict()
    {
        var other = await _store.TryInsertAsync("t", "p", "other", "x", Ct);
        await _store.TryInsertAsync("t", "p", "r", "v1", Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.UpdateAsync("t", "p", "r", "v2", other!, Ct));
    }

    [Fact]
    public async Task UpdateAsync_MissingEntity_ThrowsConflict() =>
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.UpdateAsync("t", "p", "ghost", "v", "W/\"1\"", Ct));

    [Fact]
    public async Task UpsertAsync_ExistingEntity_OverwritesWithoutAnETag()
    {
        var etag = await _store.TryInsertAsync("t", "p", "r", "v1", Ct);

        var next = await _store.UpsertAsync("t", "p", "r", "v2", Ct);

        Assert.NotEqual(etag, next);
        Assert.Equal("v2", (await _store.GetAsync("t", "p", "r", Ct))?.Json);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.UpdateAsync("t", "p", "r", "v3", etag!, Ct));
    }

    [Fact]
    public async Task UpsertAsync_NewEntity_Inserts()
    {
        await _store.UpsertAsync("t", "p", "r", "v", Ct);

        Assert.Equal("v", (await _store.GetAsync("t", "p", "r", Ct))?.Json);
        Assert.Null(await _store.TryInsertAsync("t", "p", "r", "again", Ct));
    }

    [Fact]
    public async Task QueryAsync_Partition_OrderedByRowKeyOrdinally()
    {
        foreach (var row in new[] { "r010", "b", "r002", "a", "B" })
        {
            await _store.TryInsertAsync("t", "p", row, row, Ct);
        }

        var entries = await _store.QueryAsync("t", "p", Ct);

        Assert.Equal(["B", "a", "b", "r002", "r010"], entries.Select(e => e.RowKey));
    }

    [Fact]
    public async Task QueryAsync_PartitionsAndTables_AreIsolated()
    {
        await _store.TryInsertAsync("t", "run-1", "x", "1", Ct);
        await _store.TryInsertAsync("t", "run-2", "x", "2", Ct);
        await _store.TryInsertAsync("other", "run-1", "x", "3", Ct);

        Assert.Equal(["1"], (await _store.QueryAsync("t", "run-1", Ct)).Select(e => e.Json));
        Assert.Equal(["2"], (await _store.QueryAsync("t", "run-2", Ct)).Select(e => e.Json));
        Assert.Equal(["3"], (await _store.QueryAsync("other", "run-1", Ct)).Select(e => e.Json));
        Assert.Empty(await _store.QueryAsync("t", "run-3", Ct));
    }

    [Fact]
    public async Task TryInsertAsync_SameRowInAnotherPartition_Succeeds()
    {
        await _store.TryInsertAsync("t", "p1", "r", "a", Ct);

        Assert.NotNull(await _store.TryInsertAsync("t", "p2", "r", "b", Ct));
    }

    [Fact]
    public async Task TryInsertAsync_Concurrent_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(() => _store.TryInsertAsync("t", "p", "r", $"v{i}", Ct), Ct));

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r is not null);
    }
}
