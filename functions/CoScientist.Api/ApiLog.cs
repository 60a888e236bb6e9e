using Microsoft.Extensions.Logging;

namespace CoScientist.Api;

/// <summary>The API's log lines. Ids, counts and reasons only: never a key, a request body or a goal's text.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId} started: up to {MaxProposals} proposals, seed {Seed}, model {Provider}")]
    public static partial void RunStarted(ILogger logger, string runId, int maxProposals, int seed, string provider);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Run {RunId}: {Action} requested, status now {Status}")]
    public static partial void RunControlled(ILogger logger, string runId, string action, string status);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Run {RunId}: the scientist added proposal {ProposalId}")]
    public static partial void ProposalAdded(ILogger logger, string runId, string proposalId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Run {RunId}: the scientist reviewed proposal {ProposalId} ({ReviewId})")]
    public static partial void ReviewAdded(ILogger logger, string runId, string proposalId, string reviewId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Run {RunId}: feedback #{Count} recorded")]
    public static partial void FeedbackAdded(ILogger logger, string runId, int count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Run {RunId}: Specific Aims for {ProposalId} written on demand ({Calls} model calls, ${CostUsd})")]
    public static partial void AimsGenerated(ILogger logger, string runId, string proposalId, int calls, decimal costUsd);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Run {RunId}: Specific Aims for {ProposalId} could not be written: {Error}")]
    public static partial void AimsFailed(ILogger logger, string runId, string proposalId, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "{Method} {Path} refused: API key {Reason}")]
    public static partial void KeyRejected(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "{Method} {Path} failed (trace {TraceId})")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path, string traceId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "{Method} {Path} refused: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the run changed under it too often (ETag retries ran out)")]
    public static partial void RunBusy(ILogger logger, string method, string path);
}
