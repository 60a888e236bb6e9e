using CoScientist.Core.Messaging;

namespace CoScientist.Ingest;

/// <summary>
/// The blob containers of uploads (named in <see cref="StorageNames"/>, with every other storage name) and
/// the paths within them. Constants, because the blob trigger's path must be one.
/// </summary>
public static class UploadContainers
{
    /// <summary>Where scientists drop goal files and data files: <see cref="StorageNames.UploadsContainer"/>.</summary>
    public const string Uploads = StorageNames.UploadsContainer;

    /// <summary>Where files that cannot be used are moved, with the reason beside them: <see cref="StorageNames.QuarantineContainer"/>.</summary>
    public const string Quarantine = StorageNames.QuarantineContainer;

    /// <summary>The blob trigger's path: every blob in <see cref="Uploads"/>, whatever its folder.</summary>
    public const string TriggerPath = Uploads + "/{name}";

    /// <summary>Folder of data files for a run: <c>runs/{runId}/...</c>.</summary>
    public const string RunFolder = "runs/";

    /// <summary>Suffix of the sidecar blob that holds a quarantined file's reason.</summary>
    public const string ReasonSuffix = ".reason.txt";
}

/// <summary>
/// Blob metadata names of uploads. Azure requires metadata names to be C# identifiers, so these use
/// underscores (a hyphenated name is refused with 400 InvalidMetadata).
/// </summary>
public static class UploadMetadata
{
    /// <summary>Set by the uploader on a data file: the run it feeds.</summary>
    public const string RunId = "runid";

    /// <summary>Set once handled: the run the file started or fed. Its presence makes a redelivery a no-op.</summary>
    public const string HandledRunId = "cosci_run_id";

    /// <summary>Set once handled: <c>started</c> or <c>fed</c>.</summary>
    public const string HandledAction = "cosci_outcome";

    /// <summary>Set on a quarantined copy: why it could not be used.</summary>
    public const string Reason = "cosci_reason";

    /// <summary>Set on a quarantined copy: where it came from (<c>uploads/name</c>).</summary>
    public const string Source = "cosci_source";

    /// <summary>Set on a quarantined copy: when, in ISO 8601 UTC.</summary>
    public const string QuarantinedAt = "cosci_quarantined_at";
}
