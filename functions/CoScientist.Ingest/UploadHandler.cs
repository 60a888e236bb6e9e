using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoScientist.Azure;
using CoScientist.Ingest.Files;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Ingest;

/// <summary>
/// What happens to a blob dropped into the uploads container; the Functions app's blob trigger and
/// <c>cosci upload</c> both call <see cref="HandleAsync"/>.
/// <list type="number">
/// <item>A goal file (JSON or Markdown with front matter, as <c>POST /api/runs</c>) starts a run.</item>
/// <item>A data file for a run (metadata <c>runid</c>, or the path <c>runs/{runId}/...</c>) is appended to
/// that run's attached context, which the agents search as literature.</item>
/// <item>A file that cannot be used, for any reason found in its content, is moved (copied, then deleted) to the
/// quarantine container under a folder of its own (<see cref="QuarantineNameFor"/>), with the reason in its
/// metadata (<c>cosci_reason</c>) and in a <c>&lt;name&gt;.reason.txt</c> sidecar. Never dropped, never overwritten.</item>
/// </list>
/// Idempotent per blob version: the run id is derived from the blob's name and ETag, and a data
/// file's text carries its name and ETag in the context, so a redelivered event starts or feeds
/// once; a handled blob is marked with <c>cosci_run_id</c> and later deliveries stop there.
/// Storage failures are thrown, so the trigger retries; only the file's own faults quarantine it.
/// </summary>
public sealed partial class UploadHandler(
    AzureStorageClients storage,
    RunService runs,
    ServerModel server,
    RunRequestRules rules,
    IOptions<IngestOptions> options,
    TimeProvider time,
    ILogger<UploadHandler> logger)
{
    private readonly IngestOptions _options = options.Value;

    public BlobContainerClient Uploads => storage.Blobs.GetBlobContainerClient(_options.UploadsContainer);

    public BlobContainerClient Quarantine => storage.Blobs.GetBlobContainerClient(_options.QuarantineContainer);

    /// <summary>Handles the blob <paramref name="blobName"/> of the uploads container.</summary>
    public async Task<UploadOutcome> HandleAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        var blob = Uploads.GetBlobClient(blobName);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Skipped(blobName, "the blob is gone (handled or quarantined by an earlier delivery).");
        }

        var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase);
        if (metadata.TryGetValue(UploadMetadata.HandledRunId, out var handledRun))
        {
            return new UploadOutcome(UploadAction.AlreadyHandled, blobName, handledRun, "");
        }

        UploadOutcome outcome;
        try
        {
            outcome = await ProcessAsync(blob, blobName, properties, metadata, cancellationToken);
        }
        catch (UploadRejectedException ex)
        {
            return await QuarantineAsync(blob, blobName, properties, metadata, ex.Message, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return Skipped(blobName, "the blob was replaced while it was read; the new version is handled on its own.");
        }

        if (outcome.Action is UploadAction.Started or UploadAction.Fed)
        {
            await MarkHandledAsync(blob, properties.ETag, metadata, outcome, cancellationToken);
        }

        LogHandled(logger, blobName, outcome.Action, outcome.RunId);
        return outcome;
    }

    /// <summary>
    /// Where a version of an upload is kept in quarantine: <c>{yyyyMMdd-HHmmss}-{hash}/{name}</c>, its reason at
    /// that name plus <see cref="UploadContainers.ReasonSuffix"/>. The folder is this name and version's own,
    /// so neither an earlier file of the same name nor an upload called <c>&lt;x&gt;.reason.txt</c> can take its place.
    /// </summary>
    public static string QuarantineNameFor(string container, string blobName, ETag etag, DateTimeOffset lastModified)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"quarantine\n{container}/{blobName}\n{etag}"));
        return string.Create(CultureInfo.InvariantCulture, $"{lastModified.UtcDateTime:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(hash, 0, 6)}/{blobName}");
    }

    /// <summary>The run a goal blob starts: the same for every delivery of the same name and content version.</summary>
    public static string RunIdFor(string container, string blobName, ETag etag, DateTimeOffset lastModified)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{container}/{blobName}\n{etag}"));
        return string.Create(CultureInfo.InvariantCulture, $"run-{lastModified.UtcDateTime:yyyyMMdd-HHmmss}-u{Convert.ToHexStringLower(hash, 0, 5)}");
    }

    private async Task<UploadOutcome> ProcessAsync(
        BlobClient blob,
        string blobName,
        BlobProperties properties,
        Dictionary<string, string> metadata,
        CancellationToken cancellationToken)
    {
        var type = UploadFile.TypeOf(blobName);
        var runId = TargetRun(blobName, metadata);
        if (runId is not null)
        {
            return await FeedAsync(blob, blobName, properties, type, runId, cancellationToken);
        }

        if (type is UploadFileType.Text or UploadFileType.Csv or UploadFileType.Tsv)
        {
            throw new UploadRejectedException(
                $"'{blobName}' is a data file but names no run: upload it as {UploadContainers.RunFolder}<runId>/{Path.GetFileName(blobName)} "
                + $"or with metadata {UploadMetadata.RunId}=<runId>. A goal file is JSON or Markdown.");
        }

        if (type is UploadFileType.Unsupported)
        {
            throw new UploadRejectedException(
                $"'{blobName}' is not a type the co-scientist reads: a goal file is .json or .md; a data file for a run is "
                + $"{string.Join(", ", UploadFile.DataExtensions)}.");
        }

        CheckSize(properties.ContentLength, _options.MaxGoalFileBytes, "goal file");
        var bytes = await DownloadAsync(blob, properties.ETag, cancellationToken);
        var request = Read("goal file", () => type == UploadFileType.Json
            ? GoalFile.FromJson(StripBom(bytes), server, rules)
            : GoalFile.FromMarkdown(UploadFile.DecodeText(bytes.Span, "goal file"), server, rules));
        var id = RunIdFor(_options.UploadsContainer, blobName, properties.ETag, properties.LastModified);
        RunRecord run;
        bool created;
        try
        {
            (run, created) = await runs.StartOnceAsync(id, request, cancellationToken);
        }
        catch (RunRequestException ex)
        {
            throw new UploadRejectedException("The goal file cannot start a run: " + ex.Message);
        }

        return new UploadOutcome(UploadAction.Started, blobName, run.Id, created
            ? $"Goal: \"{Shorten(run.Goal.Text, 80)}\"; up to {run.Budget.MaxProposals} proposals; model {run.ModelDescription}."
            : "It had been started by an earlier delivery of this upload.");
    }

    private async Task<UploadOutcome> FeedAsync(BlobClient blob, string blobName, BlobProperties properties, UploadFileType type, string runId, CancellationToken cancellationToken)
    {
        if (type is UploadFileType.Unsupported)
        {
            throw new UploadRejectedException(
                $"'{blobName}' is not a data file the agents can read: use {string.Join(", ", UploadFile.DataExtensions)} (UTF-8 text).");
        }

        CheckSize(properties.ContentLength, _options.MaxDataFileBytes, "data file");
        var bytes = await DownloadAsync(blob, properties.ETag, cancellationToken);
        var text = Read("data file", () =>
        {
            var decoded = UploadFile.DecodeText(bytes.Span, "data file");
            if (type == UploadFileType.Json)
            {
                UploadFile.CheckJson(decoded);
            }

            return decoded;
        });

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UploadRejectedException($"The data file '{blobName}' is empty.");
        }

        try
        {
            // The source names the blob and its version: a redelivery finds it attached and adds nothing.
            var (_, appended) = await runs.AttachContextAsync(runId, $"uploaded file {blobName} (version {properties.ETag})", text, cancellationToken);
            return new UploadOutcome(UploadAction.Fed, blobName, runId, appended
                ? $"{text.Length} characters added to the run's attached context; the agents search it from their next step."
                : "It had been attached by an earlier delivery of this upload.");
        }
        catch (RunNotFoundException)
        {
            throw new UploadRejectedException($"There is no run '{runId}' to feed '{blobName}' to.");
        }
        catch (RunRequestException ex)
        {
            throw new UploadRejectedException(ex.Message);
        }
    }

    /// <summary>The run a data file feeds: metadata <c>runid</c>, else the folder <c>runs/{runId}/</c>; null for a goal file.</summary>
    private static string? TargetRun(string blobName, Dictionary<string, string> metadata)
    {
        string? runId = null;
        if (metadata.TryGetValue(UploadMetadata.RunId, out var fromMetadata))
        {
            runId = fromMetadata.Trim();
        }
        else if (blobName.StartsWith(UploadContainers.RunFolder, StringComparison.Ordinal))
        {
            var rest = blobName[UploadContainers.RunFolder.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            runId = slash > 0 ? rest[..slash] : throw new UploadRejectedException(
                $"'{blobName}' is in {UploadContainers.RunFolder} but not in a run's folder: use {UploadContainers.RunFolder}<runId>/<file>.");
        }

        return runId is null || RunIds.IsValid(runId)
            ? runId
            : throw new UploadRejectedException($"'{Shorten(runId, 70)}' is not a run id (letters, digits, '-', '_' and '.', at most {RunIds.MaxLength}).");
    }

    /// <summary>
    /// Runs a parser over the file's content. Any failure of it is the file's fault, named or not:
    /// an exception no parser check foresaw still quarantines the file instead of failing the handler,
    /// which would leave the upload in place to fail on every retry.
    /// </summary>
    private static T Read<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is not (UploadRejectedException or OperationCanceledException or OutOfMemoryException))
        {
            var message = ex.Message.ReplaceLineEndings(" ").Trim();
            throw new UploadRejectedException($"The {what} could not be read ({ex.GetType().Name}: {Shorten(message, 300)}).");
        }
    }

    private static void CheckSize(long length, int limit, string what)
    {
        if (length > limit)
        {
            throw new UploadRejectedException($"The {what} is {length} bytes; the limit is {limit} bytes.");
        }

        if (length == 0)
        {
            throw new UploadRejectedException($"The {what} is empty.");
        }
    }

    /// <summary>The content of exactly the version whose properties were read (412 when it was replaced meanwhile).</summary>
    private static async Task<ReadOnlyMemory<byte>> DownloadAsync(BlobClient blob, ETag etag, CancellationToken cancellationToken)
    {
        var content = await blob.DownloadContentAsync(
            new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } },
            cancellationToken);
        return content.Value.Content.ToMemory();
    }

    private static ReadOnlyMemory<byte> StripBom(ReadOnlyMemory<byte> bytes) =>
        bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;

    private static async Task MarkHandledAsync(BlobClient blob, ETag etag, Dictionary<string, string> metadata, UploadOutcome outcome, CancellationToken cancellationToken)
    {
        var marked = new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase)
        {
            [UploadMetadata.HandledRunId] = outcome.RunId!,
            [UploadMetadata.HandledAction] = outcome.Action.ToString().ToLowerInvariant(),
        };
        try
        {
            await blob.SetMetadataAsync(marked, new BlobRequestConditions { IfMatch = etag }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // Marked by a concurrent delivery, or replaced by a newer upload (which gets its own event).
        }
    }

    private async Task<UploadOutcome> QuarantineAsync(
        BlobClient blob,
        string blobName,
        BlobProperties properties,
        Dictionary<string, string> metadata,
        string reason,
        CancellationToken cancellationToken)
    {
        await Quarantine.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var now = time.GetUtcNow();
        var name = QuarantineNameFor(_options.UploadsContainer, blobName, properties.ETag, properties.LastModified);
        var source = $"{_options.UploadsContainer}/{blobName}";
        var quarantined = new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase)
        {
            [UploadMetadata.Reason] = HeaderSafe(reason, 1024),
            [UploadMetadata.Source] = HeaderSafe(source, 1024),
            [UploadMetadata.QuarantinedAt] = now.ToString("O", CultureInfo.InvariantCulture),
        };
        try
        {
            // A server-side copy of exactly the version that was judged, then the sidecar, then the delete:
            // a crash in between leaves the original in uploads, and the redelivery quarantines it again.
            // If-None-Match: * so nothing in quarantine is ever overwritten; the name is this version's
            // own, so an existing copy is this version's, left by an earlier delivery.
            var copy = await Quarantine.GetBlobClient(name).StartCopyFromUriAsync(
                blob.Uri,
                new BlobCopyFromUriOptions
                {
                    Metadata = quarantined,
                    SourceConditions = new BlobRequestConditions { IfMatch = properties.ETag },
                    DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            // Either the copy exists (an earlier delivery of this version made it: the name is the version's
            // own) or the source was replaced or removed meanwhile.
            if (!(await Quarantine.GetBlobClient(name).ExistsAsync(cancellationToken)).Value)
            {
                return Skipped(blobName, "the blob was replaced or removed before it could be quarantined.");
            }
        }

        var sidecar = $"""
            {reason}

            source: {source}
            etag: {properties.ETag}
            size: {properties.ContentLength} bytes
            content type: {properties.ContentType}
            quarantined at: {now:O}

            """;
        try
        {
            await Quarantine.GetBlobClient(name + UploadContainers.ReasonSuffix).UploadAsync(
                BinaryData.FromString(sidecar),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain; charset=utf-8" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Written by an earlier delivery of this version.
        }

        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // Replaced by a newer upload since: that one is handled on its own; the judged version is in quarantine.
        }

        LogQuarantined(logger, blobName, name, reason);
        return new UploadOutcome(UploadAction.Quarantined, blobName, null, reason) { QuarantineName = name };
    }

    private UploadOutcome Skipped(string blobName, string why)
    {
        LogSkipped(logger, blobName, why);
        return new UploadOutcome(UploadAction.Skipped, blobName, null, why);
    }

    /// <summary>Metadata travels in HTTP headers: printable ASCII on one line, within a length.</summary>
    private static string HeaderSafe(string text, int maxLength)
    {
        var ascii = new string([.. text.ReplaceLineEndings(" ").Select(c => c is >= ' ' and <= '~' ? c : '?')]).Trim();
        return ascii.Length > maxLength ? ascii[..(maxLength - 3)] + "..." : ascii;
    }

    private static string Shorten(string text, int length) => text.Length > length ? text[..(length - 1)] + "…" : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {BlobName}: {Action} (run {RunId})")]
    private static partial void LogHandled(ILogger logger, string blobName, UploadAction action, string? runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {BlobName} quarantined as {QuarantineName}: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, string blobName, string quarantineName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {BlobName} skipped: {Why}")]
    private static partial void LogSkipped(ILogger logger, string blobName, string why);
}
