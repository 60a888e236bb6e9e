using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Tournament;

namespace CoScientist.Api.Contracts;

/// <summary>Answer to <c>POST /api/runs</c> (202): the run is queued; poll <c>statusUrl</c>.</summary>
public sealed record RunCreatedResponse(string RunId, RunStatus Status, string StatusUrl, string Model, bool Simulated);

/// <summary>One run in <c>GET /api/runs</c>.</summary>
public sealed record RunSummary(
    string RunId,
    RunStatus Status,
    string Goal,
    string Model,
    bool Simulated,
    int Round,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string? StopReason,
    string StatusUrl);

/// <summary>A page of runs, newest first; pass <c>continuation</c> back for the next page (null on the last).</summary>
public sealed record RunListResponse(IReadOnlyList<RunSummary> Runs, string? Continuation);

public sealed record GoalView(string Text, IReadOnlyList<string> Preferences, IReadOnlyList<string> Constraints);

public sealed record BudgetView(int MaxProposals, int MaxMatches, long? MaxTokens, decimal? BudgetUsd, double? MaxMinutes);

/// <summary>What a run holds so far.</summary>
public sealed record RunCounts(
    int Proposals,
    int ProposalsActive,
    int ProposalsRejected,
    int ProposalsUnsafe,
    int ProposalsDuplicate,
    int ProposalsFromScientist,
    int Reviews,
    int Matches,
    int Debates,
    int MetaReviews,
    int PendingTasks,
    int FailedTasks,
    int Feedback);

/// <summary>Tokens and cost. For the simulated model, what a similar real run would cost (no money is spent).</summary>
public sealed record UsageView(int Calls, long InputTokens, long OutputTokens, long TotalTokens, decimal CostUsd);

public sealed record AgentView(int Steps, int Failed, UsageView Usage);

public sealed record FeedbackView(string Text, DateTimeOffset At);

/// <summary>Answer to <c>GET /api/runs/{runId}</c> and to pause, resume and stop.</summary>
public sealed record RunStatusResponse(
    string RunId,
    RunStatus Status,
    GoalView Goal,
    BudgetView Budget,
    int Seed,
    bool Literature,
    string Model,
    bool Simulated,
    int Round,
    bool Finalizing,
    bool StopRequested,
    string? StopReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    RunCounts Counts,
    UsageView Usage,
    double EloSpread,
    IReadOnlyDictionary<string, AgentView> Agents,
    IReadOnlyList<FeedbackView> Feedback,
    bool OverviewAvailable,
    RunLinks Links,
    OrchestrationView? Orchestration = null);

/// <summary>
/// The run's orchestration, next to the run's own status: <c>running</c>, <c>pending</c> (not yet picked up
/// by a worker), <c>suspended</c>, <c>completed</c>, <c>failed</c> (with the reason) or <c>terminated</c>;
/// its phase (for example "waiting for round 3"). Null when the run has no orchestration.
/// </summary>
public sealed record OrchestrationView(string Status, string? Phase, string? Failure, DateTimeOffset LastUpdatedAt);

public sealed record RunLinks(string Self, string Proposals, string Overview);

/// <summary>
/// Where a proposal stands: <c>pending-review</c> (awaiting its initial review), <c>in-tournament</c>,
/// <c>rejected</c> (by its initial review), <c>duplicate</c> (of an earlier one) or <c>unsafe</c> (content withheld).
/// </summary>
public static class Standing
{
    public const string PendingReview = "pending-review";
    public const string InTournament = "in-tournament";
    public const string Rejected = "rejected";
    public const string Duplicate = "duplicate";
    public const string Unsafe = "unsafe";
}

/// <summary>One line of the leaderboard. <c>rank</c> is null for proposals outside the tournament ranking (rejected, duplicate).</summary>
public sealed record LeaderboardEntry(
    int? Rank,
    string Id,
    string Title,
    double Elo,
    RatingInterval Interval,
    int Games,
    int Wins,
    int Losses,
    string Standing,
    ProposalOrigin Origin,
    string Url);

/// <summary>Answer to <c>GET /api/runs/{runId}/proposals</c>: active proposals by Elo, then the others.</summary>
public sealed record LeaderboardResponse(string RunId, RunStatus Status, int Total, IReadOnlyList<LeaderboardEntry> Proposals);

public sealed record ProposalView(
    string Id,
    string Title,
    string Statement,
    string Background,
    string UnmetNeed,
    string ProposedSolution,
    IReadOnlyList<string> Goals,
    IReadOnlyList<string> TestableHypotheses,
    string Reasoning,
    IReadOnlyList<string> StudySteps,
    IReadOnlyList<ArticleReference> Articles,
    ProposalOrigin Origin,
    string Strategy,
    int Round,
    string Standing,
    string? StatusReason,
    string? DuplicateOf,
    bool Simulated,
    DateTimeOffset CreatedAt);

public sealed record ReviewView(
    string Id,
    ReviewKind Kind,
    int Round,
    ReviewVerdict Verdict,
    RejectionReason Rejection,
    ReviewScores Scores,
    string Summary,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Weaknesses,
    IReadOnlyList<ReviewFinding> Findings,
    bool Simulated,
    DateTimeOffset CreatedAt);

/// <summary>A match seen from the proposal: its rating and the opponent's before and after.</summary>
public sealed record MatchView(
    string Id,
    int Round,
    MatchFormat Format,
    string OpponentId,
    bool Won,
    double RatingBefore,
    double RatingAfter,
    double OpponentRatingBefore,
    double OpponentRatingAfter,
    string Rationale,
    IReadOnlyList<DebateTurn> Transcript,
    DateTimeOffset CreatedAt);

public sealed record ProposalRef(string Id, string Title, string Url);

public sealed record Lineage(IReadOnlyList<ProposalRef> Parents, IReadOnlyList<ProposalRef> Children);

/// <summary>Answer to <c>GET /api/runs/{runId}/proposals/{proposalId}</c>.</summary>
public sealed record ProposalDetailResponse(
    string RunId,
    int? Rank,
    double Elo,
    int Games,
    int Wins,
    int Losses,
    ProposalView Proposal,
    IReadOnlyList<ReviewView> Reviews,
    IReadOnlyList<MatchView> Matches,
    Lineage Lineage,
    bool SpecificAimsAvailable,
    string SpecificAimsUrl);

/// <summary>Answer to <c>POST /api/runs/{runId}/proposals</c> (201).</summary>
public sealed record ProposalCreatedResponse(string RunId, string Id, string Title, int Round, string Standing, string Url);

/// <summary>Answer to <c>POST /api/runs/{runId}/reviews</c> (201).</summary>
public sealed record ReviewCreatedResponse(string RunId, string Id, string ProposalId, ReviewKind Kind, int Round, string Text, DateTimeOffset CreatedAt, string ProposalUrl);

/// <summary>Answer to <c>POST /api/runs/{runId}/feedback</c> (202): the agents see it from the next round.</summary>
public sealed record FeedbackAcceptedResponse(string RunId, string Text, DateTimeOffset At, int FeedbackCount, string StatusUrl);

/// <summary>Answer to <c>GET /api/runs/{runId}/proposals/{proposalId}/aims</c>.</summary>
/// <param name="Generated">True when this request wrote the page (it was not stored yet).</param>
/// <param name="Markdown">The page as Markdown, as <c>cosci run --out</c> writes it.</param>
public sealed record SpecificAimsResponse(string RunId, string ProposalId, bool Generated, SpecificAimsPage Page, string Markdown);

