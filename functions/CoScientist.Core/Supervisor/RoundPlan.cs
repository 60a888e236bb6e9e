using CoScientist.Messaging;

namespace CoScientist.Supervisor;

/// <summary>The supervisor's decision for the next round.</summary>
public sealed record RoundPlan(int Round, IReadOnlyList<AgentTask> Tasks, bool Finalizing, string? StopReason, string? Refusal)
{
    public static RoundPlan Refuse(int round, string reason) => new(round, [], false, null, reason);
}
