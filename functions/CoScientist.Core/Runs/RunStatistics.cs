using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Proposals;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Runs;

/// <summary>Per-agent figures: steps done and what they spent.</summary>
public sealed record AgentStatistics(int Steps, int Failed, StepUsage Usage);

/// <summary>The supervisor's statistics of a run, as shown in status reports.</summary>
public sealed record RunStatistics(
    int Proposals,
    int ProposalsActive,
    int ProposalsRejected,
    int ProposalsUnsafe,
    int ProposalsDuplicate,
    int Reviews,
    int Matches,
    int Debates,
    int Rounds,
    double EloSpread,
    IReadOnlyDictionary<string, AgentStatistics> Agents,
    StepUsage Usage,
    int FailedTasks,
    int PendingTasks)
{
    public static RunStatistics From(RunSnapshot snapshot)
    {
        var proposals = snapshot.Proposals;
        var ratings = snapshot.Ranked.Select(p => snapshot.Leaderboard.RatingOf(p.Id)).ToList();
        var agents = Enum.GetValues<AgentRole>().ToDictionary(
            role => role.ToString(),
            role =>
            {
                var tasks = snapshot.Tasks.Where(t => t.Kind.Agent() == role).ToList();
                var steps = tasks.Count(t => t.Status == AgentTaskStatus.Completed)
                    + (role == AgentRole.Supervisor ? snapshot.Run.SupervisorSteps : 0);
                return new AgentStatistics(
                    steps,
                    tasks.Count(t => t.Status == AgentTaskStatus.Failed),
                    tasks.Aggregate(StepUsage.None, (u, t) => u.Add(t.Usage)));
            },
            StringComparer.Ordinal);
        return new RunStatistics(
            proposals.Count,
            proposals.Count(p => p.Status == ProposalStatus.Active),
            proposals.Count(p => p.Status == ProposalStatus.Rejected),
            proposals.Count(p => p.Status == ProposalStatus.Unsafe),
            proposals.Count(p => p.Status == ProposalStatus.Duplicate),
            snapshot.Reviews.Count,
            snapshot.Matches.Count,
            snapshot.Matches.Count(m => m.Format == MatchFormat.Debate),
            snapshot.Run.Round,
            ratings.Count == 0 ? 0 : ratings.Max() - ratings.Min(),
            agents,
            snapshot.Tasks.Aggregate(StepUsage.None, (u, t) => u.Add(t.Usage)),
            snapshot.Tasks.Count(t => t.Status == AgentTaskStatus.Failed),
            snapshot.Tasks.Count(t => !t.IsTerminal));
    }
}
