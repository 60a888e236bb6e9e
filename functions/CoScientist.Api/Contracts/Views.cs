using CoScientist.Api.Endpoints;
using CoScientist.Core.Llm;
using CoScientist.Core.Proposals;
using CoScientist.Core.Results;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;
using Microsoft.AspNetCore.Http;

namespace CoScientist.Api.Contracts;

/// <summary>Maps what the engine stores to the API's response records.</summary>
internal static class Views
{
    public static RunSummary Summary(HttpRequest request, RunRecord run) => new(
        run.Id,
        run.Status,
        run.Goal.Text,
        run.ModelDescription,
        run.Simulated,
        run.Round,
        run.CreatedAt,
        run.UpdatedAt,
        run.CompletedAt,
        run.StopReason,
        ApiLinks.Run(request, run.Id));

    public static RunStatusResponse Status(HttpRequest request, RunSnapshot snapshot, bool overviewAvailable, Core.Orchestration.RunOrchestrationState? orchestration = null)
    {
        var run = snapshot.Run;
        var statistics = RunStatistics.From(snapshot);
        var counts = new RunCounts(
            statistics.Proposals,
            statistics.ProposalsActive,
            statistics.ProposalsRejected,
            statistics.ProposalsUnsafe,
            statistics.ProposalsDuplicate,
            snapshot.Proposals.Count(p => p.Origin == ProposalOrigin.Scientist),
            statistics.Reviews,
            statistics.Matches,
            statistics.Debates,
            snapshot.MetaReviews.Count,
            statistics.PendingTasks,
            statistics.FailedTasks,
            run.Feedback.Count);
        return new RunStatusResponse(
            run.Id,
            run.Status,
            new GoalView(run.Goal.Text, run.Goal.Preferences, run.Goal.Constraints),
            new BudgetView(run.Budget.MaxProposals, run.Budget.EffectiveMaxMatches, run.Budget.MaxTokens, run.Budget.MaxCostUsd, run.Budget.MaxWallTime?.TotalMinutes),
            run.Seed,
            run.Literature,
            run.ModelDescription,
            run.Simulated,
            run.Round,
            run.Finalizing,
            run.StopRequested,
            run.StopReason,
            run.CreatedAt,
            run.UpdatedAt,
            run.CompletedAt,
            counts,
            Usage(statistics.Usage),
            Math.Round(statistics.EloSpread, 1),
            statistics.Agents.ToDictionary(a => a.Key, a => new AgentView(a.Value.Steps, a.Value.Failed, Usage(a.Value.Usage)), StringComparer.Ordinal),
            [.. run.Feedback.Select(f => new FeedbackView(f.Text, f.At))],
            overviewAvailable,
            new RunLinks(ApiLinks.Run(request, run.Id), ApiLinks.Proposals(request, run.Id), ApiLinks.Overview(request, run.Id)),
            orchestration is null ? null : new OrchestrationView(orchestration.Status, orchestration.Phase, orchestration.Failure, orchestration.LastUpdatedAt));
    }

    public static UsageView Usage(StepUsage usage) =>
        new(usage.Calls, usage.InputTokens, usage.OutputTokens, usage.TotalTokens, Math.Round(usage.CostUsd, 6));

    public static string StandingOf(RunSnapshot snapshot, Proposal proposal) => proposal.Status switch
    {
        ProposalStatus.Unsafe => Standing.Unsafe,
        ProposalStatus.Rejected => Standing.Rejected,
        ProposalStatus.Duplicate => Standing.Duplicate,
        _ => snapshot.IsEntrant(proposal) ? Standing.InTournament : Standing.PendingReview,
    };

    /// <summary>Active proposals by Elo (ranked), then rejected and duplicate ones (unranked); unsafe ones are left out.</summary>
    public static IReadOnlyList<LeaderboardEntry> Leaderboard(HttpRequest request, RunSnapshot snapshot, RunExport export)
    {
        var ranked = export.Ranking.Select(r => Entry(request, snapshot, r.Proposal, r.Rank));
        var others = snapshot.Ranked
            .Where(p => p.Status is ProposalStatus.Rejected or ProposalStatus.Duplicate)
            .Select(p => Entry(request, snapshot, p, null));
        return [.. ranked, .. others];
    }

    public static ProposalDetailResponse Detail(HttpRequest request, RunSnapshot snapshot, RunExport export, string proposalId, bool aimsAvailable)
    {
        var proposal = export.Proposals.First(p => p.Id == proposalId);
        var derived = snapshot.Proposal(proposalId)!;
        var rank = export.Ranking.FirstOrDefault(r => r.Proposal.Id == proposalId)?.Rank;
        var (wins, losses) = Record(snapshot, proposalId);
        var titles = export.Proposals.ToDictionary(p => p.Id, p => p.Title, StringComparer.Ordinal);
        ProposalRef Ref(string id) => new(id, titles.GetValueOrDefault(id, "(unknown)"), ApiLinks.Proposal(request, snapshot.Run.Id, id));

        var reviews = export.Reviews
            .Where(r => r.ProposalId == proposalId)
            .OrderBy(r => r.Round).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new ReviewView(r.Id, r.Kind, r.Round, r.Verdict, r.Rejection, r.Scores, r.Summary, r.Strengths, r.Weaknesses, r.Findings, r.Simulated, r.CreatedAt))
            .ToList();
        var matches = export.Matches
            .Where(m => m.Match.ProposalA == proposalId || m.Match.ProposalB == proposalId)
            .Select(m =>
            {
                var isA = m.Match.ProposalA == proposalId;
                return new MatchView(
                    m.Match.Id,
                    m.Match.Round,
                    m.Match.Format,
                    isA ? m.Match.ProposalB : m.Match.ProposalA,
                    m.Match.WinnerId == proposalId,
                    Math.Round(isA ? m.RatingABefore : m.RatingBBefore, 1),
                    Math.Round(isA ? m.RatingAAfter : m.RatingBAfter, 1),
                    Math.Round(isA ? m.RatingBBefore : m.RatingABefore, 1),
                    Math.Round(isA ? m.RatingBAfter : m.RatingAAfter, 1),
                    m.Match.Rationale,
                    m.Match.Transcript,
                    m.Match.CreatedAt);
            })
            .ToList();
        var children = export.Proposals.Where(p => p.ParentIds.Contains(proposalId)).Select(p => Ref(p.Id)).ToList();
        return new ProposalDetailResponse(
            snapshot.Run.Id,
            rank,
            Math.Round(snapshot.Leaderboard.RatingOf(proposalId), 1),
            snapshot.Leaderboard.GamesOf(proposalId),
            wins,
            losses,
            View(proposal, StandingOf(snapshot, derived)),
            reviews,
            matches,
            new Lineage([.. proposal.ParentIds.Select(Ref)], children),
            aimsAvailable,
            ApiLinks.SpecificAims(request, snapshot.Run.Id, proposalId));
    }

    public static ProposalView View(Proposal p, string standing) => new(
        p.Id, p.Title, p.Statement, p.Background, p.UnmetNeed, p.ProposedSolution, p.Goals, p.TestableHypotheses, p.Reasoning,
        p.StudySteps, p.Articles, p.Origin, p.Strategy, p.Round, standing, p.StatusReason, p.DuplicateOf, p.Simulated, p.CreatedAt);

    private static LeaderboardEntry Entry(HttpRequest request, RunSnapshot snapshot, Proposal proposal, int? rank)
    {
        var (wins, losses) = Record(snapshot, proposal.Id);
        return new LeaderboardEntry(
            rank,
            proposal.Id,
            proposal.Title,
            Math.Round(snapshot.Leaderboard.RatingOf(proposal.Id), 1),
            snapshot.Leaderboard.IntervalOf(proposal.Id).Rounded(),
            snapshot.Leaderboard.GamesOf(proposal.Id),
            wins,
            losses,
            StandingOf(snapshot, proposal),
            proposal.Origin,
            ApiLinks.Proposal(request, snapshot.Run.Id, proposal.Id));
    }

    private static (int Wins, int Losses) Record(RunSnapshot snapshot, string proposalId)
    {
        var played = snapshot.Matches.Where(m => m.ProposalA == proposalId || m.ProposalB == proposalId).ToList();
        var wins = played.Count(m => m.WinnerId == proposalId);
        return (wins, played.Count - wins);
    }
}
