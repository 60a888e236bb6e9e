using CoScientist.Core.Results;
using CoScientist.Core.Tournament;

namespace CoScientist.Cli.Commands;

/// <summary>One leaderboard entry of the summary.</summary>
/// <summary>One leaderboard entry of the summary, with the 95% interval of its fitted strength.</summary>
public sealed record TopProposal(string Id, string Title, double Elo, RatingInterval? Interval);

/// <summary>What <c>cosci run --json</c> prints: enough to script against without reading the export.</summary>
public sealed record RunSummary(
    string RunId,
    string Status,
    bool Simulated,
    string Model,
    bool Literature,
    int Proposals,
    int Matches,
    IReadOnlyDictionary<string, int> Agents,
    IReadOnlyList<TopProposal> Top,
    long Tokens,
    decimal CostUsd,
    string? StopReason,
    string? Out)
{
    public static RunSummary From(RunExport export, string? outDirectory, int top = 5) => new(
        export.Run.Id,
        export.Run.Status.ToString().ToLowerInvariant(),
        export.Run.Simulated,
        export.Run.ModelDescription,
        export.Run.Literature,
        export.Statistics.Proposals,
        export.Statistics.Matches,
        export.Statistics.Agents.ToDictionary(a => a.Key, a => a.Value.Steps, StringComparer.Ordinal),
        [.. export.Ranking.Take(top).Select(r => new TopProposal(r.Proposal.Id, r.Proposal.Title, r.Elo, r.Interval))],
        export.Statistics.Usage.TotalTokens,
        Math.Round(export.Statistics.Usage.CostUsd, 6),
        export.Run.StopReason,
        outDirectory is null ? null : Path.GetFullPath(outDirectory));
}
