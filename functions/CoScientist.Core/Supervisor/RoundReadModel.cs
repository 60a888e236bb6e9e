using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Supervisor;

/// <summary>
/// What a round's tasks read, written once when the round is committed: the run's proposals, reviews,
/// matches, meta-reviews and proximity graphs as they stood when it was planned. An agent step reads its
/// task, the run and this document instead of the run's whole partition (a step only ever reads rounds
/// that had ended when its own was planned).
/// </summary>
public sealed record RoundReadModel(
    int Round,
    IReadOnlyList<AgentTask> Tasks,
    IReadOnlyList<Proposal> Proposals,
    IReadOnlyList<Review> Reviews,
    IReadOnlyList<MatchRecord> Matches,
    IReadOnlyList<MetaReview> MetaReviews,
    IReadOnlyList<ProximityGraph> Graphs)
{
    /// <summary>The document's name in the run's partition.</summary>
    public static string DocumentName(int round) => $"round-{round:D3}";
}
