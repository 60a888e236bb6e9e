using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using QueueItem = CoScientist.Core.Storage.QueueItem;
using CoScientist.Core.Messaging;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Azure;

/// <summary>
/// The queue port on Azure Storage Queues, Base64-encoded as the Functions queue trigger reads
/// them. A body larger than a message may carry goes to a blob and the message carries a small
/// JSON pointer to it (a claim check), which receive and peek resolve transparently.
/// </summary>
public sealed partial class AzureQueueStore : IQueueStore
{
    /// <summary>Largest UTF-8 body sent inline: Base64 makes it 64,000 characters, under the 64 KiB message limit.</summary>
    internal const int MaxInlineBytes = 48_000;

    /// <summary>The property of a claim-check pointer body: <c>{"cosciPayloadBlob":"queues/&lt;queue&gt;/&lt;id&gt;"}</c>.</summary>
    internal const string PointerProperty = "cosciPayloadBlob";

    /// <summary>Azure's limits on receive: 32 messages at most, visibility from 1 second to 7 days.</summary>
    internal const int MaxReceive = 32;

    private const string PointerStart = "{\"" + PointerProperty + "\":";

    private static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Messages never expire (-1), as in the embedded store: the tasks table decides when work is stale, not a TTL.
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly AzureStorageClients _clients;
    private readonly PayloadBlobs _payloads;
    private readonly ILogger _logger;

    // Claim-check blobs of messages received here, deleted with their message.
    private readonly ConcurrentDictionary<(string Queue, string MessageId), string> _claimChecks = new();

    public AzureQueueStore(AzureStorageClients clients, ILogger<AzureQueueStore>? logger = null)
    {
        _clients = clients;
        _payloads = new PayloadBlobs(clients);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public async Task SendAsync(string queue, string body, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var client = _clients.GetQueueClient(queue);
        var text = body;
        var bytes = Encoding.UTF8.GetByteCount(body);
        if (bytes > MaxInlineBytes)
        {
            var blob = $"queues/{queue}/{Guid.NewGuid():N}";
            await _payloads.UploadAsync(blob, body, cancellationToken);
            text = JsonSerializer.Serialize(new Dictionary<string, string> { [PointerProperty] = blob });
            LogBodyToBlob(_logger, queue, bytes);
        }

        var delay = Clamp(visibilityDelay ?? TimeSpan.Zero, TimeSpan.Zero);
        try
        {
            await client.SendMessageAsync(text, delay, NeverExpires, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == ErrorCodes.QueueNotFound)
        {
            // Like the embedded store (and for poison queues on an unprovisioned account): create on first use.
            LogCreatingQueue(_logger, queue);
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await client.SendMessageAsync(text, delay, NeverExpires, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<QueueItem>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var client = _clients.GetUndecodedQueueClient(queue);
        QueueMessage[] messages;
        try
        {
            messages = (await client.ReceiveMessagesAsync(
                Math.Clamp(maxMessages, 1, MaxReceive), Clamp(visibilityTimeout, TimeSpan.FromSeconds(1)), cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A queue nobody sent to yet is empty.
            return [];
        }

        var items = new List<QueueItem>(messages.Length);
        foreach (var message in messages)
        {
            // Each message decoded on its own: one that is not ours cannot hide the others.
            if (Decode(message.Body) is not { } text)
            {
                await PoisonUndecodableAsync(queue, message, cancellationToken);
                continue;
            }

            var (body, blob) = await ResolveAsync(queue, text, cancellationToken);
            if (blob is not null)
            {
                _claimChecks[(queue, message.MessageId)] = blob;
            }

            items.Add(new QueueItem(
                queue, message.MessageId, message.PopReceipt, body, message.DequeueCount, message.InsertedOn ?? DateTimeOffset.UtcNow));
        }

        return items;
    }

    public async Task DeleteAsync(QueueItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            await _clients.GetQueueClient(item.Queue).DeleteMessageAsync(item.MessageId, item.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == ErrorCodes.PopReceiptMismatch)
        {
            // Someone else deleted it, or it became visible and was received again: it is theirs now.
            LogDeleteIgnored(_logger, item.Queue, item.MessageId, ex.Status, ex.ErrorCode);
            return;
        }

        if (_claimChecks.TryRemove((item.Queue, item.MessageId), out var blob))
        {
            await _payloads.DeleteAsync(blob, cancellationToken);
        }
    }

    public async Task<QueueItem> ReleaseAsync(QueueItem item, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            // No message text: only the visibility changes, the body (or its pointer) stays.
            var receipt = await _clients.GetQueueClient(item.Queue).UpdateMessageAsync(
                item.MessageId, item.PopReceipt, messageText: null, Clamp(visibilityTimeout, TimeSpan.Zero), cancellationToken);
            return item with { PopReceipt = receipt.Value.PopReceipt };
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == ErrorCodes.PopReceiptMismatch)
        {
            throw new InvalidOperationException($"Message {item.MessageId} in {item.Queue} is no longer held by this receiver.", ex);
        }
    }

    public async Task<int> CountAsync(string queue, CancellationToken cancellationToken = default)
    {
        try
        {
            var properties = await _clients.GetQueueClient(queue).GetPropertiesAsync(cancellationToken);
            return properties.Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    public async Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default)
    {
        PeekedMessage[] messages;
        try
        {
            messages = (await _clients.GetUndecodedQueueClient(queue).PeekMessagesAsync(Math.Clamp(maxMessages, 1, MaxReceive), cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }

        var bodies = new List<string>(messages.Length);
        foreach (var message in messages)
        {
            bodies.Add(Decode(message.Body) is { } text
                ? (await ResolveAsync(queue, text, cancellationToken)).Body
                : $"(a message that is not Base64-encoded UTF-8: {message.Body.ToMemory().Length} bytes)");
        }

        return bodies;
    }

    /// <summary>The text of a message as the Functions trigger decodes it (strict Base64 of UTF-8), or null when it is not.</summary>
    internal static string? Decode(BinaryData raw)
    {
        var text = raw.ToString();
        var bytes = new byte[text.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// A message no handler can read, whatever the tries: straight to the poison queue (its text as it
    /// was, for a person to look at), as the Functions queue extension does with badly encoded messages.
    /// </summary>
    private async Task PoisonUndecodableAsync(string queue, QueueMessage message, CancellationToken cancellationToken)
    {
        LogUndecodable(_logger, queue, message.MessageId, message.Body.ToMemory().Length);
        await SendAsync(queue + StorageNames.PoisonSuffix, message.Body.ToString(), cancellationToken: cancellationToken);
        try
        {
            await _clients.GetUndecodedQueueClient(queue).DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == ErrorCodes.PopReceiptMismatch)
        {
            // Another receiver got it after its visibility ran out and poisoned it too: a copy more in poison, nothing lost.
            LogDeleteIgnored(_logger, queue, message.MessageId, ex.Status, ex.ErrorCode);
        }
    }

    /// <summary>Azure takes whole seconds from <paramref name="minimum"/> to 7 days; a fraction rounds up so nothing is visible early.</summary>
    private static TimeSpan Clamp(TimeSpan value, TimeSpan minimum)
    {
        var seconds = TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, value.TotalSeconds)));
        return seconds < minimum ? minimum : seconds > MaxVisibility ? MaxVisibility : seconds;
    }

    /// <summary>The body a message stands for: itself, or the blob its claim-check pointer names.</summary>
    private async Task<(string Body, string? Blob)> ResolveAsync(string queue, string text, CancellationToken cancellationToken)
    {
        if (!text.StartsWith(PointerStart, StringComparison.Ordinal))
        {
            return (text, null);
        }

        string? blob;
        try
        {
            using var pointer = JsonDocument.Parse(text);
            blob = pointer.RootElement.GetProperty(PointerProperty).GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (text, null);
        }

        var body = blob is null ? null : await _payloads.DownloadAsync(blob, cancellationToken);
        if (body is null)
        {
            // Leave the pointer as the body: the handler fails on it and the message ends in the poison queue, visibly.
            LogClaimCheckMissing(_logger, queue, blob ?? "");
            return (text, null);
        }

        return (body, blob);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A message for {Queue} has {Bytes} bytes: its body goes to a payload blob")]
    private static partial void LogBodyToBlob(ILogger logger, string queue, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue} did not exist: creating it")]
    private static partial void LogCreatingQueue(ILogger logger, string queue);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} on {Queue} was not deleted ({Status} {ErrorCode}): another receiver holds or deleted it")]
    private static partial void LogDeleteIgnored(ILogger logger, string queue, string messageId, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} is not Base64-encoded UTF-8 ({Bytes} bytes): moved to the poison queue without a try")]
    private static partial void LogUndecodable(ILogger logger, string queue, string messageId, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message on {Queue} points to payload blob {Blob}, which does not exist")]
    private static partial void LogClaimCheckMissing(ILogger logger, string queue, string blob);
}
