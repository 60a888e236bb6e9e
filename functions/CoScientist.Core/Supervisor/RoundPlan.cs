using CoScientist.Core.Messaging;

namespace CoScientist.Core.Supervisor;

/// <summary>The supervisor's decision for the next round.</summary>
/// <param name="ScanPlanned">The literature scan (<see cref="Runs.RunScan.Id"/>) whose round this plan carries out, if any.</param>
public sealed record RoundPlan(int Round, IReadOnlyList<AgentTask> Tasks, bool Finalizing, string? StopReason, string? Refusal, string? ScanPlanned = null)
{
    public static RoundPlan Refuse(int round, string reason) => new(round, [], false, null, reason);
}
