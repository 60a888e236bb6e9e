using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Supervisor;

namespace CoScientist.Core.Runs;

/// <summary>Tasks of one agent by state.</summary>
public sealed record TaskCounts(int Pending, int Running, int Completed, int Failed, int Cancelled);

/// <summary>
/// Where a run stands, read from storage by anyone: status, round, work per agent, what was
/// produced and spent, the messages stuck in poison queues, and the state of its orchestration.
/// What <c>cosci status</c> prints.
/// </summary>
public sealed record RunStatusReport(
    string RunId,
    string Status,
    string Goal,
    int Round,
    bool Simulated,
    string Model,
    bool Literature,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? StopReason,
    IReadOnlyDictionary<string, TaskCounts> Agents,
    int Proposals,
    int Reviews,
    int Matches,
    long Tokens,
    decimal CostUsd,
    PoisonSummary Poison,
    Orchestration.RunOrchestrationState? Orchestration = null)
{
    /// <param name="poison">What the poison queues hold for the run, read by the host (which knows its queues).</param>
    /// <param name="orchestration">The state of the run's orchestration, as its client reports it (null: it has none).</param>
    public static async Task<RunStatusReport> LoadAsync(Storage.RunStore store, PoisonSummary poison, string runId, Orchestration.RunOrchestrationState? orchestration = null, CancellationToken cancellationToken = default)
    {
        // Throws RunNotFoundException for an unknown run.
        var snapshot = await RunSnapshot.LoadAsync(store, runId, cancellationToken: cancellationToken);
        var statistics = RunStatistics.From(snapshot);
        var run = snapshot.Run;
        var agents = snapshot.Tasks
            .GroupBy(t => t.Kind.Agent().ToString(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new TaskCounts(
                    g.Count(t => t.Status == AgentTaskStatus.Pending),
                    g.Count(t => t.Status == AgentTaskStatus.Running),
                    g.Count(t => t.Status == AgentTaskStatus.Completed),
                    g.Count(t => t.Status == AgentTaskStatus.Failed),
                    g.Count(t => t.Status == AgentTaskStatus.Cancelled)),
                StringComparer.Ordinal);
        return new RunStatusReport(
            run.Id,
            run.Status.ToString().ToLowerInvariant(),
            run.Goal.Text,
            run.Round,
            run.Simulated,
            run.ModelDescription,
            run.Literature,
            run.CreatedAt,
            run.UpdatedAt,
            run.StopReason,
            agents,
            statistics.Proposals,
            statistics.Reviews,
            statistics.Matches,
            statistics.Usage.TotalTokens,
            Math.Round(statistics.Usage.CostUsd, 6),
            poison,
            orchestration);
    }
}
