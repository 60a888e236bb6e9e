namespace CoScientist.Core.Storage;

/// <summary>A stored entity: Azure Tables' keys and ETag, with the entity itself as JSON.</summary>
public sealed record TableEntry(string PartitionKey, string RowKey, string Json, string ETag);

/// <summary>An ETag did not match (someone else changed the entity), or an insert found the key taken.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The table port, shaped like Azure Tables: partition and row keys, ETags, insert that fails
/// when the key exists, update guarded by ETag. Implemented in-process (embedded) and on Azure.
/// </summary>
public interface ITableStore
{
    Task<TableEntry?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>All entities of a partition, ordered by row key.</summary>
    Task<IReadOnlyList<TableEntry>> QueryAsync(string table, string partitionKey, CancellationToken cancellationToken = default);

    /// <summary>Adds the entity; returns null when the key is already taken (the existing entity is left alone).</summary>
    Task<string?> TryInsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default);

    /// <summary>Replaces the entity only if its ETag still matches; throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    Task<string> UpdateAsync(string table, string partitionKey, string rowKey, string json, string ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces, unconditionally: for outputs keyed by their task id, where a retry writes the same content.</summary>
    Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default);
}
