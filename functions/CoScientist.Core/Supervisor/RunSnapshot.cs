using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Supervisor;

/// <summary>
/// Everything a run holds, read at once, with what derives from it: each proposal's standing
/// (from its reviews and the proximity graph) and Elo (from the match log). A snapshot can be
/// cut at a round, so that a decision depends only on rounds that have finished.
/// </summary>
public sealed class RunSnapshot
{
    private RunSnapshot(
        RunRecord run,
        string runETag,
        IReadOnlyList<AgentTask> tasks,
        IReadOnlyList<Proposal> proposals,
        IReadOnlyList<Review> reviews,
        IReadOnlyList<MatchRecord> matches,
        IReadOnlyList<MetaReview> metaReviews,
        IReadOnlyList<ProximityGraph> graphs,
        KFactorSchedule kFactor)
    {
        Run = run;
        RunETag = runETag;
        Tasks = tasks;
        Reviews = reviews;
        Matches = matches;
        MetaReviews = metaReviews;
        Graph = graphs.OrderBy(g => g.TaskId, StringComparer.Ordinal).LastOrDefault();
        Proposals = [.. proposals.Select(WithStanding).OrderBy(p => p.Round).ThenBy(p => p.Id, StringComparer.Ordinal)];
        Leaderboard = Leaderboard.Replay(Proposals.Select(p => p.Id), matches, kFactor);
        Graphs = graphs;
        KFactor = kFactor;
    }

    public RunRecord Run { get; }

    /// <summary>The run's ETag as read with this snapshot: a decision made from the snapshot is written under it.</summary>
    public string RunETag { get; }

    public IReadOnlyList<AgentTask> Tasks { get; }

    /// <summary>Proposals with their derived status, oldest first.</summary>
    public IReadOnlyList<Proposal> Proposals { get; }

    public IReadOnlyList<Review> Reviews { get; }

    public IReadOnlyList<MatchRecord> Matches { get; }

    public IReadOnlyList<MetaReview> MetaReviews { get; }

    /// <summary>The latest proximity graph, if any.</summary>
    public ProximityGraph? Graph { get; }

    public Leaderboard Leaderboard { get; }

    public MetaReview? LatestMetaReview => MetaReviews.OrderBy(m => m.Round).ThenBy(m => m.Id, StringComparer.Ordinal).LastOrDefault();

    private IReadOnlyList<ProximityGraph> Graphs { get; }

    private KFactorSchedule KFactor { get; }

    public static async Task<RunSnapshot> LoadAsync(RunStore store, string runId, KFactorSchedule? kFactor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var run = await store.GetRunAsync(runId, cancellationToken) ?? throw new RunNotFoundException(runId);
        return await LoadAfterAsync(store, run, kFactor, cancellationToken);
    }

    /// <summary>The rest of the run's partition, read after <paramref name="run"/> was.</summary>
    private static async Task<RunSnapshot> LoadAfterAsync(RunStore store, Stored<RunRecord> run, KFactorSchedule? kFactor, CancellationToken cancellationToken)
    {
        var runId = run.Value.Id;

        // The run first, then tasks, then outputs: a step writes its outputs before it marks its task done, so every
        // task seen done here has its outputs in the reads that follow. Read together, a task could
        // be seen done without its output, and a plan made from that would differ from the same plan
        // made a moment later.
        var tasks = await store.ListTasksAsync(runId, cancellationToken);
        var proposals = store.ListProposalsAsync(runId, cancellationToken);
        var reviews = store.ListReviewsAsync(runId, cancellationToken);
        var matches = store.ListMatchesAsync(runId, cancellationToken);
        var metaReviews = store.ListMetaReviewsAsync(runId, cancellationToken);
        var graphs = store.ListProximityGraphsAsync(runId, cancellationToken);
        return new RunSnapshot(run.Value, run.ETag, tasks, await proposals, await reviews, await matches, await metaReviews, await graphs, kFactor ?? KFactorSchedule.Default);
    }

    /// <summary>
    /// What the tasks of <paramref name="round"/>, planned from this snapshot, will read: everything this
    /// snapshot holds (a step cuts it at the round before its own).
    /// </summary>
    public RoundReadModel ToReadModel(int round) => new(round, Tasks, Proposals, Reviews, Matches, MetaReviews, Graphs);

    /// <summary>
    /// An agent step's snapshot: the run as read now, with the outputs of <paramref name="model"/>, its
    /// round's read model. Standing and Elo are derived again, as from storage.
    /// </summary>
    public static RunSnapshot From(RunRecord run, string runETag, RoundReadModel model, KFactorSchedule? kFactor = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new RunSnapshot(run, runETag, model.Tasks, model.Proposals, model.Reviews, model.Matches, model.MetaReviews, model.Graphs, kFactor ?? KFactorSchedule.Default);
    }

    /// <summary>
    /// What an agent step of <paramref name="round"/> reads: the run and the round's read model, in
    /// parallel; the whole partition when the round has no read model (planned before there was one, or
    /// its planning stopped between committing the round and writing the document).
    /// </summary>
    public static async Task<RunSnapshot> LoadForRoundAsync(RunStore store, string runId, int round, KFactorSchedule? kFactor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var run = store.GetRunAsync(runId, cancellationToken);
        var model = await store.GetDocumentAsync<RoundReadModel>(runId, RoundReadModel.DocumentName(round), cancellationToken);
        var stored = await run ?? throw new RunNotFoundException(runId);
        return model is null
            ? await LoadAfterAsync(store, stored, kFactor, cancellationToken)
            : From(stored.Value, stored.ETag, model, kFactor);
    }

    /// <summary>The run as it stood when <paramref name="round"/> ended: later outputs are left out.</summary>
    public RunSnapshot UpTo(int round) => new(
        Run,
        RunETag,
        [.. Tasks.Where(t => t.Round <= round)],
        [.. Proposals.Where(p => p.Round <= round)],
        [.. Reviews.Where(r => r.Round <= round)],
        [.. Matches.Where(m => m.Round <= round)],
        [.. MetaReviews.Where(m => m.Round <= round)],
        [.. Graphs.Where(g => RoundOf(g.TaskId) <= round)],
        KFactor);

    public Proposal? Proposal(string id) => Proposals.FirstOrDefault(p => p.Id == id);

    public IEnumerable<Review> ReviewsOf(string proposalId) => Reviews.Where(r => r.ProposalId == proposalId);

    public bool HasReview(string proposalId, ReviewKind kind) => Reviews.Any(r => r.ProposalId == proposalId && r.Kind == kind);

    /// <summary>May play: active, not a near-duplicate, and passed its initial review.</summary>
    public bool IsEntrant(Proposal proposal) =>
        proposal.Status == ProposalStatus.Active
        && Reviews.Any(r => r.ProposalId == proposal.Id && r.Kind == ReviewKind.Initial && r.Verdict == ReviewVerdict.Pass);

    public IReadOnlyList<Proposal> Entrants => [.. Proposals.Where(IsEntrant)];

    /// <summary>Shown proposals, best first.</summary>
    public IReadOnlyList<Proposal> Ranked =>
        [.. Leaderboard.Ranked(Proposals.Where(p => p.IsShown).Select(p => p.Id)).Select(id => Proposal(id)!)];

    public int TimesPlayed(string a, string b) =>
        Matches.Count(m => (m.ProposalA == a && m.ProposalB == b) || (m.ProposalA == b && m.ProposalB == a));

    internal static int RoundOf(string taskId) =>
        taskId.Length > 4 && taskId[0] == 'r' && int.TryParse(taskId.AsSpan(1, 3), out var round) ? round : 0;

    private Proposal WithStanding(Proposal proposal)
    {
        var reviews = Reviews.Where(r => r.ProposalId == proposal.Id).ToList();
        var unsafeReview = reviews.FirstOrDefault(r => r.Rejection == RejectionReason.Unsafe);
        if (unsafeReview is not null)
        {
            return proposal with { Status = ProposalStatus.Unsafe, StatusReason = unsafeReview.Summary };
        }

        var rejection = reviews.FirstOrDefault(r => r.Kind == ReviewKind.Initial && r.Verdict == ReviewVerdict.Reject);
        if (rejection is not null)
        {
            return proposal with { Status = ProposalStatus.Rejected, StatusReason = $"{rejection.Rejection}: {rejection.Summary}" };
        }

        var duplicate = Graph?.Duplicates.FirstOrDefault(d => d.ProposalId == proposal.Id);
        return duplicate is not null
            ? proposal with { Status = ProposalStatus.Duplicate, DuplicateOf = duplicate.DuplicateOf, StatusReason = $"Near-duplicate of {duplicate.DuplicateOf} (similarity {duplicate.Similarity:F2})." }
            : proposal with { Status = ProposalStatus.Active, StatusReason = null, DuplicateOf = null };
    }
}
