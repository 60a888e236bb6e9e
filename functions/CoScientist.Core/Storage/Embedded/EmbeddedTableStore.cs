using System.Collections.Concurrent;
using System.Globalization;

namespace CoScientist.Core.Storage.Embedded;

/// <summary>The in-process table store used by default: the semantics of Azure Tables, in memory.</summary>
public sealed class EmbeddedTableStore : ITableStore
{
    private readonly ConcurrentDictionary<string, SortedDictionary<string, TableEntry>> _partitions = new();
    private readonly Lock _gate = new();
    private long _version;

    public Task<TableEntry?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Partition(table, partitionKey).GetValueOrDefault(rowKey));
        }
    }

    public Task<IReadOnlyList<TableEntry>> QueryAsync(string table, string partitionKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TableEntry>>([.. Partition(table, partitionKey).Values]);
        }
    }

    public Task<string?> TryInsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var partition = Partition(table, partitionKey);
            if (partition.ContainsKey(rowKey))
            {
                return Task.FromResult<string?>(null);
            }

            var entry = new TableEntry(partitionKey, rowKey, json, NextETag());
            partition[rowKey] = entry;
            return Task.FromResult<string?>(entry.ETag);
        }
    }

    public Task<string> UpdateAsync(string table, string partitionKey, string rowKey, string json, string ifMatch, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var partition = Partition(table, partitionKey);
            if (!partition.TryGetValue(rowKey, out var current) || current.ETag != ifMatch)
            {
                throw new ConcurrencyConflictException($"{table}/{partitionKey}/{rowKey} changed since it was read.");
            }

            var entry = new TableEntry(partitionKey, rowKey, json, NextETag());
            partition[rowKey] = entry;
            return Task.FromResult(entry.ETag);
        }
    }

    public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var entry = new TableEntry(partitionKey, rowKey, json, NextETag());
            Partition(table, partitionKey)[rowKey] = entry;
            return Task.FromResult(entry.ETag);
        }
    }

    private SortedDictionary<string, TableEntry> Partition(string table, string partitionKey) =>
        _partitions.GetOrAdd(table + "\u0001" + partitionKey, _ => new SortedDictionary<string, TableEntry>(StringComparer.Ordinal));

    private string NextETag() => "W/\"" + (++_version).ToString(CultureInfo.InvariantCulture) + "\"";
}
