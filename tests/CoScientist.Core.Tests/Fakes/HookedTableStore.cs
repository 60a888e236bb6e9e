using CoScientist.Core.Messaging;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>
/// A table store that lets a test slip another writer's action into a precise moment: right after
/// the next read of a run, or right before the next update of a run. Each hook fires once.
/// </summary>
public sealed class HookedTableStore(ITableStore inner) : ITableStore
{
    /// <summary>Runs after the next read of the runs table; the reader still gets what it read.</summary>
    public Func<Task>? AfterNextRunRead { get; set; }

    /// <summary>Runs before the next update of the runs table goes through.</summary>
    public Func<ITableStore, Task>? BeforeNextRunUpdate { get; set; }

    public ITableStore Inner => inner;

    public async Task<TableEntry?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        var entry = await inner.GetAsync(table, partitionKey, rowKey, cancellationToken);
        if (table == StorageNames.RunsTable && AfterNextRunRead is { } hook)
        {
            AfterNextRunRead = null;
            await hook();
        }

        return entry;
    }

    public Task<IReadOnlyList<TableEntry>> QueryAsync(string table, string partitionKey, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(table, partitionKey, cancellationToken);

    public Task<string?> TryInsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
        inner.TryInsertAsync(table, partitionKey, rowKey, json, cancellationToken);

    public async Task<string> UpdateAsync(string table, string partitionKey, string rowKey, string json, string ifMatch, CancellationToken cancellationToken = default)
    {
        if (table == StorageNames.RunsTable && BeforeNextRunUpdate is { } hook)
        {
            BeforeNextRunUpdate = null;
            await hook(inner);
        }

        return await inner.UpdateAsync(table, partitionKey, rowKey, json, ifMatch, cancellationToken);
    }

    public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
        inner.UpsertAsync(table, partitionKey, rowKey, json, cancellationToken);

    /// <summary>Changes the stored run directly, as a concurrent writer would.</summary>
    public static async Task ChangeRunAsync(ITableStore tables, string runId, Func<RunRecord, RunRecord> change, CancellationToken cancellationToken)
    {
        var current = await tables.GetAsync(StorageNames.RunsTable, StorageNames.RunsPartition, runId, cancellationToken)
            ?? throw new InvalidOperationException($"No run {runId}.");
        var changed = change(RunStore.Deserialize<RunRecord>(current.Json));
        await tables.UpdateAsync(StorageNames.RunsTable, StorageNames.RunsPartition, runId, RunStore.Serialize(changed), current.ETag, cancellationToken);
    }
}
