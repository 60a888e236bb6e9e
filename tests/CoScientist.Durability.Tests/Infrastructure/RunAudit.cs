using CoScientist.Core.Messaging;
using CoScientist.Core.Proposals;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;

namespace CoScientist.Durability.Tests.Infrastructure;

/// <summary>
/// Checks a finished run for lost or duplicated work: every completed task left exactly its one
/// output (a proposal, a review or a match keyed by the task id), nothing exists without a
/// completed task behind it, and the cached Elo ratings equal a replay of the match log.
/// </summary>
internal static class RunAudit
{
    public static async Task<RunSnapshot> AssertIntactAsync(RunStore store, string runId, CancellationToken cancellationToken)
    {
        var snapshot = await RunSnapshot.LoadAsync(store, runId, cancellationToken: cancellationToken);
        var run = snapshot.Run;
        Assert.True(run.Status == RunStatus.Completed, $"run {runId} is {run.Status}: {run.StopReason}");
        Assert.All(snapshot.Tasks, t => Assert.True(t.IsTerminal, $"task {t.Id} is {t.Status}"));
        Assert.All(snapshot.Tasks, t => Assert.True(t.Status != AgentTaskStatus.Failed, $"task {t.Id} failed: {t.Error}"));

        HashSet<string> Completed(params TaskKind[] kinds) =>
            [.. snapshot.Tasks.Where(t => t.Status == AgentTaskStatus.Completed && kinds.Contains(t.Kind)).Select(t => t.Id)];

        var agentProposals = snapshot.Proposals.Where(p => p.Origin != ProposalOrigin.Scientist).Select(p => p.Id).ToList();
        Assert.Equal(agentProposals.Count, agentProposals.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(
            Completed(TaskKind.Generate, TaskKind.Evolve).Select(id => "P-" + id).Order(StringComparer.Ordinal),
            agentProposals.Order(StringComparer.Ordinal));

        var agentReviews = snapshot.Reviews.Where(r => !r.Id.StartsWith("S-", StringComparison.Ordinal)).Select(r => r.Id).ToList();
        Assert.Equal(Completed(TaskKind.Review).Order(StringComparer.Ordinal), agentReviews.Order(StringComparer.Ordinal));

        Assert.Equal(Completed(TaskKind.Match).Order(StringComparer.Ordinal), snapshot.Matches.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.NotEmpty(snapshot.Matches);

        // The leaderboard cached on the run when the last round was planned equals a replay of the log it saw.
        var replay = snapshot.UpTo(run.Round - 1).Leaderboard;
        Assert.NotEmpty(run.Leaderboard);
        foreach (var (id, elo) in run.Leaderboard)
        {
            // The run caches ratings rounded to 6 decimals.
            Assert.True(Math.Abs(replay.RatingOf(id) - elo) < 1e-5, $"{id}: cached {elo}, replayed {replay.RatingOf(id)}");
        }

        return snapshot;
    }

    /// <summary>What two runs of the same seed must share, whatever crashed or was delivered twice.</summary>
    public static IReadOnlyList<string> Fingerprint(RunSnapshot snapshot) =>
    [
        .. snapshot.Proposals.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => $"proposal {p.Id} {p.Title}"),
        .. snapshot.Reviews.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => $"review {r.Id} {r.ProposalId} {r.Verdict}"),
        .. snapshot.Matches.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => $"match {m.Id} {m.ProposalA} {m.ProposalB} {m.WinnerId}"),
        .. snapshot.Ranked.Select(p => $"rank {p.Id} {snapshot.Leaderboard.RatingOf(p.Id):F6}"),
    ];
}
