using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CoScientist.Core.Messaging;
using Microsoft.Extensions.Options;

namespace CoScientist.Azure;

/// <summary>The table, queue and blob service clients of one storage account, and the (prefixed) names the stores use on it.</summary>
public sealed class AzureStorageClients
{
    /// <summary>Blob container of the claim checks: <see cref="StorageNames.PayloadContainer"/>.</summary>
    public const string PayloadContainerName = StorageNames.PayloadContainer;

    public AzureStorageClients(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, string prefix = "", QueueServiceClient? undecodedQueues = null)
    {
        Tables = tables;
        Queues = queues;
        UndecodedQueues = undecodedQueues ?? queues;
        Blobs = blobs;
        Prefix = prefix;
    }

    public TableServiceClient Tables { get; }

    /// <summary>The queue service; its queues encode messages as Base64, as the Functions queue trigger expects.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>
    /// The same queue service without message decoding, for receiving: the SDK decodes a whole batch at once
    /// and one message that is not Base64 would fail it, hiding the good messages received with it.
    /// </summary>
    public QueueServiceClient UndecodedQueues { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>Put before every table, queue and container name (<see cref="AzureStorageOptions.Prefix"/>).</summary>
    public string Prefix { get; }

    /// <summary>Creates the clients from validated options; throws <see cref="OptionsValidationException"/> naming the bad keys.</summary>
    /// <param name="options">The <c>Storage</c> settings.</param>
    /// <param name="credential">Used with the service URIs; defaults to <see cref="DefaultAzureCredential"/>.</param>
    public static AzureStorageClients Create(AzureStorageOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(AzureStorageOptions.SectionName, typeof(AzureStorageOptions), problems);
        }

        // The Functions queue trigger decodes Base64 by default; plain-text messages would fail there.
        var queueOptions = Tuned(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, options);
        var undecodedOptions = Tuned(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, options);
        var tableOptions = Tuned(new TableClientOptions(), options);
        var blobOptions = Tuned(new BlobClientOptions(), options);
        if (!options.UsesServiceUris)
        {
            try
            {
                return new AzureStorageClients(
                    new TableServiceClient(options.ConnectionString, tableOptions),
                    new QueueServiceClient(options.ConnectionString, queueOptions),
                    new BlobServiceClient(options.ConnectionString, blobOptions),
                    options.Prefix,
                    new QueueServiceClient(options.ConnectionString, undecodedOptions));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                // The parser's message may quote the connection string, key included: report only the key name.
                throw new OptionsValidationException(
                    AzureStorageOptions.SectionName,
                    typeof(AzureStorageOptions),
                    [$"{AzureStorageOptions.SectionName}:ConnectionString could not be parsed ({ex.GetType().Name})."]);
            }
        }

        credential ??= new DefaultAzureCredential();
        return new AzureStorageClients(
            new TableServiceClient(options.TableServiceUri!, credential, tableOptions),
            new QueueServiceClient(options.QueueServiceUri!, credential, queueOptions),
            new BlobServiceClient(options.BlobServiceUri!, credential, blobOptions),
            options.Prefix,
            new QueueServiceClient(options.QueueServiceUri!, credential, undecodedOptions));
    }

    private static T Tuned<T>(T clientOptions, AzureStorageOptions options)
        where T : ClientOptions
    {
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        return clientOptions;
    }

    /// <summary>The client of a table named in <see cref="Messaging.StorageNames"/>.</summary>
    public TableClient GetTableClient(string table) => Tables.GetTableClient(Prefix + table);

    /// <summary>The client of a queue named in <see cref="Messaging.StorageNames"/> (or its poison queue).</summary>
    public QueueClient GetQueueClient(string queue) => Queues.GetQueueClient(Prefix + queue);

    /// <summary>The client of a queue that hands message text over as stored (see <see cref="UndecodedQueues"/>).</summary>
    public QueueClient GetUndecodedQueueClient(string queue) => UndecodedQueues.GetQueueClient(Prefix + queue);

    /// <summary>The container holding claim-check payloads.</summary>
    public BlobContainerClient GetPayloadContainer() => Blobs.GetBlobContainerClient(Prefix + PayloadContainerName);
}
