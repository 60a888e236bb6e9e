namespace CoScientist.Ingest;

/// <summary>What the upload handler did with a blob.</summary>
public enum UploadAction
{
    /// <summary>A goal file started a run.</summary>
    Started,

    /// <summary>A data file was attached to a run's context.</summary>
    Fed,

    /// <summary>An earlier delivery of the same blob version handled it already; nothing was done.</summary>
    AlreadyHandled,

    /// <summary>The file could not be used: it was moved to the quarantine container with the reason.</summary>
    Quarantined,

    /// <summary>The blob is gone or was replaced meanwhile (the newer version gets its own event); nothing was done.</summary>
    Skipped,
}

/// <summary>The outcome of handling one uploaded blob.</summary>
/// <param name="Action">What was done.</param>
/// <param name="BlobName">The blob's name in the uploads container.</param>
/// <param name="RunId">The run started or fed; null when quarantined or skipped.</param>
/// <param name="Detail">For a quarantine, the reason; otherwise a short description for the scientist.</param>
public sealed record UploadOutcome(UploadAction Action, string BlobName, string? RunId, string Detail)
{
    public bool IsQuarantined => Action == UploadAction.Quarantined;

    /// <summary>For a quarantine, the copy's name in the quarantine container; its reason is beside it.</summary>
    public string? QuarantineName { get; init; }

    /// <summary>One line for a log or a terminal.</summary>
    public override string ToString() => Action switch
    {
        UploadAction.Started => $"{BlobName}: started run {RunId}. {Detail}".TrimEnd(),
        UploadAction.Fed => $"{BlobName}: fed run {RunId}. {Detail}".TrimEnd(),
        UploadAction.AlreadyHandled => $"{BlobName}: already handled (run {RunId}); nothing done.",
        UploadAction.Quarantined => $"{BlobName}: quarantined as {QuarantineName}: {Detail}",
        _ => $"{BlobName}: skipped: {Detail}",
    };
}

/// <summary>The file cannot be used; the message is the reason recorded with it in quarantine.</summary>
internal sealed class UploadRejectedException(string reason) : Exception(reason);
