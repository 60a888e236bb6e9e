using Microsoft.Extensions.Logging;

namespace CoScientist.Api;

/// <summary>Log lines of the endpoints the workbench added. Ids and counts only, as in <see cref="ApiLog"/>.</summary>
internal static partial class WorkbenchLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Run {RunId}: proposal {ProposalId} favourite set to {Favourite}")]
    public static partial void FavouriteMarked(ILogger logger, string runId, string proposalId, bool favourite);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Estimate: {Calls} calls, {Tokens} tokens, ${CostUsd} for up to {MaxProposals} proposals")]
    public static partial void Estimated(ILogger logger, int calls, long tokens, decimal costUsd, int maxProposals);
}
