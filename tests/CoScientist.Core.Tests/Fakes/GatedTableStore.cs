using CoScientist.Core.Messaging;
using CoScientist.Core.Storage;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>
/// A table store whose reads of the runs table wait at a gate the test opens, so a test can hold
/// queue messages "in flight" and look at what the host does meanwhile.
/// </summary>
public sealed class GatedTableStore(ITableStore inner) : ITableStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(0);
    private int _waiting;

    /// <summary>Reads of the runs table now waiting at the gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public ITableStore Inner => inner;

    public void Open(int reads) => _gate.Release(reads);

    public async Task<TableEntry?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        if (table == StorageNames.RunsTable)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _gate.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        return await inner.GetAsync(table, partitionKey, rowKey, cancellationToken);
    }

    public Task<IReadOnlyList<TableEntry>> QueryAsync(string table, string partitionKey, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(table, partitionKey, cancellationToken);

    public Task<string?> TryInsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
        inner.TryInsertAsync(table, partitionKey, rowKey, json, cancellationToken);

    public Task<string> UpdateAsync(string table, string partitionKey, string rowKey, string json, string ifMatch, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(table, partitionKey, rowKey, json, ifMatch, cancellationToken);

    public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
        inner.UpsertAsync(table, partitionKey, rowKey, json, cancellationToken);

    public void Dispose() => _gate.Dispose();
}
