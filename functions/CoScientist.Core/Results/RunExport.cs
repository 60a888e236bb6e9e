using CoScientist.Core.Literature;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Results;

/// <summary>A proposal with its place on the leaderboard.</summary>
/// <summary>A proposal's place on the leaderboard: its Elo, and the 95% interval of its Bradley–Terry strength fitted from the same matches.</summary>
public sealed record RankedProposal(int Rank, double Elo, int Games, Proposal Proposal, RatingInterval? Interval = null);

/// <summary>A match with both ratings before and after it, replayed from the log.</summary>
public sealed record ExportedMatch(
    MatchRecord Match,
    double RatingABefore,
    double RatingBBefore,
    double RatingAAfter,
    double RatingBAfter);

/// <summary>
/// Everything a run produced, in one document: the format of <c>run.json</c> written by
/// <c>cosci run --out</c> (and <c>cosci export</c>). Unsafe proposals are left out of the ranking
/// and their text withheld; their ids and status remain for the record. <see cref="Literature"/>
/// is every article retrieved for the run: what its agents and scans actually read.
/// </summary>
public sealed record RunExport(
    RunRecord Run,
    RunStatistics Statistics,
    IReadOnlyList<RankedProposal> Ranking,
    IReadOnlyList<Proposal> Proposals,
    IReadOnlyList<Review> Reviews,
    IReadOnlyList<ExportedMatch> Matches,
    IReadOnlyList<MetaReview> MetaReviews,
    IReadOnlyList<AgentTask> Tasks,
    ResearchOverview? Overview,
    IReadOnlyList<SpecificAimsPage> SpecificAims,
    IReadOnlyList<RetrievedArticle>? Literature = null)
{
    public static async Task<RunExport> LoadAsync(RunStore store, string runId, CancellationToken cancellationToken = default)
    {
        var snapshot = await RunSnapshot.LoadAsync(store, runId, cancellationToken: cancellationToken);
        var overview = await store.GetDocumentAsync<ResearchOverview>(runId, RunStore.OverviewDocument, cancellationToken);
        // Pages of shown proposals only, best first.
        var pages = (await store.ListDocumentsAsync<SpecificAimsPage>(runId, RunStore.AimsPrefix, cancellationToken))
            .ToDictionary(p => p.ProposalId, StringComparer.Ordinal);
        var aims = snapshot.Ranked.Where(p => pages.ContainsKey(p.Id)).Select(p => pages[p.Id]).ToList();
        var literature = await store.ListLiteratureAsync(runId, cancellationToken);
        return From(snapshot, overview, aims, literature);
    }

    public static RunExport From(RunSnapshot snapshot, ResearchOverview? overview, IReadOnlyList<SpecificAimsPage> aims, IReadOnlyList<RetrievedArticle>? literature = null)
    {
        var board = snapshot.Leaderboard;
        var ranking = snapshot.Ranked
            .Where(p => p.Status is ProposalStatus.Active)
            .Select((p, i) => new RankedProposal(i + 1, Math.Round(board.RatingOf(p.Id), 1), board.GamesOf(p.Id), p, board.IntervalOf(p.Id).Rounded()))
            .ToList();
        var matches = board.History
            .Select(h => h.Match.WinnerId == h.Match.ProposalA
                ? new ExportedMatch(h.Match, h.WinnerBefore, h.LoserBefore, h.WinnerAfter, h.LoserAfter)
                : new ExportedMatch(h.Match, h.LoserBefore, h.WinnerBefore, h.LoserAfter, h.WinnerAfter))
            .ToList();
        var proposals = snapshot.Proposals
            .Select(p => p.IsShown ? p : Withheld(p))
            .ToList();
        var hidden = snapshot.Proposals.Where(p => !p.IsShown).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var reviews = snapshot.Reviews
            .Select(r => hidden.Contains(r.ProposalId) ? r with { Summary = WithheldText, Strengths = [], Weaknesses = [], Findings = [], Articles = [], RemovedCitations = [] } : r)
            .ToList();
        matches = [.. matches.Select(m => hidden.Contains(m.Match.ProposalA) || hidden.Contains(m.Match.ProposalB)
            ? m with { Match = m.Match with { Rationale = WithheldText, Transcript = [] } }
            : m)];
        return new RunExport(
            snapshot.Run,
            RunStatistics.From(snapshot),
            ranking,
            proposals,
            reviews,
            matches,
            snapshot.MetaReviews,
            snapshot.Tasks,
            overview,
            aims,
            [.. (literature ?? []).OrderBy(r => r.Round).ThenBy(r => r.Article.Id, StringComparer.Ordinal)]);
    }

    private const string WithheldText = "(withheld: judged unsafe)";

    // An unsafe proposal stays on record as a fact (id, status, lineage), but nothing of its content is shown.
    private static Proposal Withheld(Proposal p) => p with
    {
        Title = WithheldText,
        StatusReason = "Judged unsafe.",
        Statement = WithheldText,
        Background = "",
        UnmetNeed = "",
        ProposedSolution = "",
        Goals = [],
        TestableHypotheses = [],
        Reasoning = "",
        StudySteps = [],
        Articles = [],
        RemovedCitations = [],
    };
}
