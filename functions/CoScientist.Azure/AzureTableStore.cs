using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Azure;

/// <summary>
/// The table port on Azure Tables. Each entity kind has its table, partitioned by run id. The
/// entity's JSON is split across string properties <c>Json0..JsonN</c> (a string property holds
/// at most 32K characters), and when it would not fit in one entity (1 MiB) it goes to a blob in
/// the payload container, the entity keeping only a <c>JsonBlob</c> pointer (a claim check).
/// </summary>
public sealed partial class AzureTableStore : ITableStore
{
    /// <summary>Characters per <c>JsonN</c> property: under the 32,768 a 64 KiB UTF-16 string property holds.</summary>
    internal const int PartChars = 30_000;

    /// <summary>
    /// Largest JSON kept in the entity: 15 parts, 900,000 bytes as UTF-16, which with keys and
    /// property names stays under the 1 MiB entity limit. Larger JSON goes to a blob.
    /// </summary>
    internal const int MaxInlineChars = 15 * PartChars;

    internal const string PartsProperty = "JsonParts";
    internal const string PartPropertyPrefix = "Json";
    internal const string BlobProperty = "JsonBlob";

    // A payload blob is deleted when its entity is replaced; a reader between the two reads again.
    private const int MaxBlobRaceRetries = 3;

    private readonly AzureStorageClients _clients;
    private readonly PayloadBlobs _payloads;
    private readonly ILogger _logger;

    public AzureTableStore(AzureStorageClients clients, ILogger<AzureTableStore>? logger = null)
    {
        _clients = clients;
        _payloads = new PayloadBlobs(clients);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public async Task<TableEntry?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        StorageKeys.Validate(partitionKey, nameof(partitionKey));
        StorageKeys.Validate(rowKey, nameof(rowKey));
        var client = _clients.GetTableClient(table);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await FindAsync(client, partitionKey, rowKey, select: null, cancellationToken);
            if (entity is null)
            {
                return null;
            }

            var json = await ReadJsonAsync(table, entity, cancellationToken);
            if (json is not null)
            {
                return new TableEntry(partitionKey, rowKey, json, entity.ETag.ToString());
            }

            if (attempt >= MaxBlobRaceRetries)
            {
                throw new InvalidDataException($"The payload blob of {table}/{partitionKey}/{rowKey} is missing.");
            }

            LogPayloadReplaced(_logger, table, partitionKey, rowKey);
        }
    }

    public async Task<IReadOnlyList<TableEntry>> QueryAsync(string table, string partitionKey, CancellationToken cancellationToken = default)
    {
        StorageKeys.Validate(partitionKey, nameof(partitionKey));
        var client = _clients.GetTableClient(table);
        var entities = new List<TableEntity>();
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
            await foreach (var entity in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                entities.Add(entity);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A table nobody wrote to yet holds nothing.
            return [];
        }

        var entries = new List<TableEntry>(entities.Count);
        foreach (var entity in entities)
        {
            var json = await ReadJsonAsync(table, entity, cancellationToken);
            if (json is not null)
            {
                entries.Add(new TableEntry(partitionKey, entity.RowKey, json, entity.ETag.ToString()));
                continue;
            }

            // Replaced while the query ran: read the entity as it is now (unless it is gone).
            if (await GetAsync(table, partitionKey, entity.RowKey, cancellationToken) is { } current)
            {
                entries.Add(current);
            }
        }

        // Azure returns a partition ordered by row key; sorting here keeps the port's ordinal order whatever the server (Azurite included).
        entries.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
        return entries;
    }

    public async Task<string?> TryInsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
    {
        StorageKeys.Validate(partitionKey, nameof(partitionKey));
        StorageKeys.Validate(rowKey, nameof(rowKey));
        ArgumentNullException.ThrowIfNull(json);
        var client = _clients.GetTableClient(table);
        var (entity, blob) = await BuildAsync(table, partitionKey, rowKey, json, cancellationToken);
        try
        {
            var response = await WithTableAsync(table, client, () => client.AddEntityAsync(entity, cancellationToken), cancellationToken);
            return ETagOf(response);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The key is taken: the existing entity (and its payload) stays as it was.
            await _payloads.DeleteAsync(blob, cancellationToken);
            return null;
        }
    }

    public async Task<string> UpdateAsync(string table, string partitionKey, string rowKey, string json, string ifMatch, CancellationToken cancellationToken = default)
    {
        StorageKeys.Validate(partitionKey, nameof(partitionKey));
        StorageKeys.Validate(rowKey, nameof(rowKey));
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        if (ifMatch == ETag.All.ToString())
        {
            // "*" would match any version on Azure; the port means one version, as read.
            throw new ArgumentException("ifMatch must be an ETag read from the store, not '*'.", nameof(ifMatch));
        }

        var client = _clients.GetTableClient(table);

        // ETags only move forward, so if the update below succeeds, the version read here is the
        // one it replaced, and that version's payload blob (if any) is no longer referenced.
        var previous = await FindAsync(client, partitionKey, rowKey, [BlobProperty], cancellationToken);
        if (previous is null)
        {
            throw new ConcurrencyConflictException($"{table}/{partitionKey}/{rowKey} changed since it was read: it no longer exists.");
        }

        var (entity, blob) = await BuildAsync(table, partitionKey, rowKey, json, cancellationToken);
        Response response;
        try
        {
            response = await client.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            await _payloads.DeleteAsync(blob, cancellationToken);
            throw new ConcurrencyConflictException($"{table}/{partitionKey}/{rowKey} changed since it was read.", ex);
        }

        await DeleteReplacedAsync(previous, blob, cancellationToken);
        return ETagOf(response);
    }

    public async Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
    {
        StorageKeys.Validate(partitionKey, nameof(partitionKey));
        StorageKeys.Validate(rowKey, nameof(rowKey));
        ArgumentNullException.ThrowIfNull(json);
        var client = _clients.GetTableClient(table);

        // Read the pointer first so that the replaced version's payload blob can be deleted.
        var previous = await FindAsync(client, partitionKey, rowKey, [BlobProperty], cancellationToken);
        var (entity, blob) = await BuildAsync(table, partitionKey, rowKey, json, cancellationToken);
        var response = await WithTableAsync(
            table, client, () => client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken), cancellationToken);
        await DeleteReplacedAsync(previous, blob, cancellationToken);
        return ETagOf(response);
    }

    /// <summary>Splits JSON into property-sized parts, never between the two halves of a surrogate pair.</summary>
    internal static List<string> Split(string json)
    {
        var parts = new List<string>();
        for (var start = 0; start < json.Length;)
        {
            var length = Math.Min(PartChars, json.Length - start);
            if (start + length < json.Length && char.IsHighSurrogate(json[start + length - 1]))
            {
                length--;
            }

            parts.Add(json.Substring(start, length));
            start += length;
        }

        return parts;
    }

    /// <summary>
    /// The claim-check blob name: <c>{table}/{pk}/{rk}/{version}</c>. Each write gets its own
    /// version so that a write that loses (an insert of a taken key, an update with a stale
    /// ETag) never overwrites the payload the winning entity points to.
    /// </summary>
    internal static string BlobName(string table, string partitionKey, string rowKey)
    {
        var version = Guid.NewGuid().ToString("N");
        var name = $"{table}/{partitionKey}/{rowKey}/{version}";

        // Keys may be long or be "." / "..", which URLs would normalise away: name those by a hash.
        if (name.Length > 1000 || partitionKey is "" or "." or ".." || rowKey is "" or "." or "..")
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partitionKey + "\n" + rowKey)));
            name = $"{table}/{hash}/{version}";
        }

        return name;
    }

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag.");

    private static async Task<TableEntity?> FindAsync(
        TableClient client, string partitionKey, string rowKey, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select, cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The table does not exist yet.
            return null;
        }
    }

    private async Task<(TableEntity Entity, string? Blob)> BuildAsync(
        string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        if (json.Length > MaxInlineChars)
        {
            var blob = BlobName(table, partitionKey, rowKey);
            await _payloads.UploadAsync(blob, json, cancellationToken);
            LogPayloadToBlob(_logger, table, partitionKey, rowKey, json.Length);
            entity[PartsProperty] = 0;
            entity[BlobProperty] = blob;
            return (entity, blob);
        }

        var parts = Split(json);
        entity[PartsProperty] = parts.Count;
        for (var i = 0; i < parts.Count; i++)
        {
            entity[PartPropertyPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = parts[i];
        }

        return (entity, null);
    }

    /// <summary>The entity's JSON, or null when its payload blob was deleted by a newer write in the meantime.</summary>
    private async Task<string?> ReadJsonAsync(string table, TableEntity entity, CancellationToken cancellationToken)
    {
        if (entity.GetString(BlobProperty) is { Length: > 0 } blob)
        {
            return await _payloads.DownloadAsync(blob, cancellationToken);
        }

        var count = entity.GetInt32(PartsProperty)
            ?? throw new InvalidDataException($"{table}/{entity.PartitionKey}/{entity.RowKey} has no {PartsProperty} property: it was not written by this store.");
        var json = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var name = PartPropertyPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            json.Append(entity.GetString(name)
                ?? throw new InvalidDataException($"{table}/{entity.PartitionKey}/{entity.RowKey} lacks {name} of its {count} parts."));
        }

        return json.ToString();
    }

    private async Task DeleteReplacedAsync(TableEntity? previous, string? written, CancellationToken cancellationToken)
    {
        if (previous?.GetString(BlobProperty) is { Length: > 0 } replaced && replaced != written)
        {
            await _payloads.DeleteAsync(replaced, cancellationToken);
        }
    }

    /// <summary>Runs a write, creating the table first if it does not exist yet (as the embedded store would).</summary>
    private async Task<Response> WithTableAsync(string table, TableClient client, Func<Task<Response>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write();
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == ErrorCodes.TableNotFound)
        {
            LogCreatingTable(_logger, table);
            await client.CreateIfNotExistsAsync(cancellationToken);
            return await write();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Entity {Table}/{PartitionKey}/{RowKey} has {Chars} characters of JSON: stored in a payload blob")]
    private static partial void LogPayloadToBlob(ILogger logger, string table, string partitionKey, string rowKey, int chars);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The payload of {Table}/{PartitionKey}/{RowKey} was replaced while it was read: reading again")]
    private static partial void LogPayloadReplaced(ILogger logger, string table, string partitionKey, string rowKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Table {Table} did not exist: creating it")]
    private static partial void LogCreatingTable(ILogger logger, string table);
}
