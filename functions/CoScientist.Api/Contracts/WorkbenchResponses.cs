using CoScientist.Core.Literature;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;

namespace CoScientist.Api.Contracts;

/// <summary>What one agent slot would spend, priced at the server's model for that slot.</summary>
public sealed record SlotEstimateView(string Slot, string Model, int Calls, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>Answer to <c>POST /api/estimates</c>: what a run with this body would spend. Nothing is sent to a real model.</summary>
public sealed record EstimateResponse(string Model, int Calls, long InputTokens, long OutputTokens, long TotalTokens, decimal CostUsd, IReadOnlyList<SlotEstimateView> Slots, string Method);

/// <summary>A proposal's rating after a match.</summary>
public sealed record RatingPoint(string ProposalId, double Before, double After);

/// <summary>One match of the tournament in the order it was rated, with both ratings before and after.</summary>
public sealed record RatedMatchView(int Index, string MatchId, int Round, string WinnerId, RatingPoint A, RatingPoint B);

/// <summary>A proposal named in the rating history.</summary>
public sealed record RatedProposalView(string Id, string Title, int? Rank, double Elo, string Standing);

/// <summary>Answer to <c>GET /api/runs/{runId}/ratings</c>: every proposal's Elo after each match (all start at the initial rating).</summary>
public sealed record RatingHistoryResponse(string RunId, RunStatus Status, double InitialElo, IReadOnlyList<RatedProposalView> Proposals, IReadOnlyList<RatedMatchView> Matches);

/// <summary>A proposal in the lineage graph.</summary>
public sealed record LineageNode(string Id, string Title, ProposalOrigin Origin, string Strategy, int Round, string Standing, double Elo, int? Rank);

/// <summary>An evolved proposal's parent → child edge, with the strategy that made the child.</summary>
public sealed record LineageEdge(string ParentId, string ChildId, string Strategy);

/// <summary>A group of similar proposals found by the Proximity agent.</summary>
public sealed record ProximityCluster(int Index, IReadOnlyList<string> ProposalIds);

/// <summary>Answer to <c>GET /api/runs/{runId}/lineage</c>: the proposals, the evolution edges and the latest proximity clusters.</summary>
public sealed record LineageResponse(string RunId, RunStatus Status, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges, string? ProximityMethod, IReadOnlyList<ProximityCluster> Clusters);

/// <summary>The review behind a rejection: its verdict, reason, scores and text.</summary>
public sealed record SetAsideReviewEvidence(string ReviewId, ReviewKind Kind, ReviewVerdict Verdict, RejectionReason Rejection, ReviewScores Scores, string Summary, IReadOnlyList<string> Weaknesses);

/// <summary>The proximity evidence behind a duplicate: the proposal it repeats and how alike they are (0 to 1).</summary>
public sealed record SetAsideProximityEvidence(string DuplicateOf, string DuplicateOfTitle, double? Similarity, string? Method);

/// <summary>
/// A proposal the run set aside. For an unsafe one the title and text stay withheld, as in the
/// exports; only the fact and the reason remain.
/// </summary>
public sealed record SetAsideEntry(
    string Id,
    string Title,
    string Standing,
    string Reason,
    ProposalOrigin Origin,
    int Round,
    bool Withheld,
    SetAsideReviewEvidence? Review,
    SetAsideProximityEvidence? Proximity,
    string Url);

/// <summary>Answer to <c>GET /api/runs/{runId}/set-aside</c>.</summary>
public sealed record SetAsideResponse(string RunId, RunStatus Status, int Total, IReadOnlyList<SetAsideEntry> Proposals);

/// <summary>An article the proposal cites, with what the run retrieved about it when it did.</summary>
public sealed record CitedArticleView(string Id, string Title, string? Url, string? Source, IReadOnlyList<string> Authors, int? Year, string? Doi, bool Retrieved);

/// <summary>Answer to <c>GET /api/runs/{runId}/proposals/{proposalId}/citations</c>: what it cites, and what the citation check removed.</summary>
public sealed record CitationsResponse(string RunId, string ProposalId, bool Withheld, IReadOnlyList<CitedArticleView> Cited, IReadOnlyList<RemovedCitation> Removed);

/// <summary>Answer to <c>GET /api/runs/{runId}/favourites</c> and to <c>POST</c> on it: the proposals the scientist marked.</summary>
public sealed record FavouritesResponse(string RunId, IReadOnlyList<string> ProposalIds);
