using CoScientist.Api.Contracts;
using CoScientist.Api.Problems;
using CoScientist.Api.Validation;
using CoScientist.Core.Literature;
using CoScientist.Core.Proposals;
using CoScientist.Core.Results;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Tournament;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// How a run got where it is: each proposal's Elo after every match, the lineage of evolved
/// proposals and the proximity clusters, every proposal set aside with the evidence behind it,
/// each proposal's citations, and the scientist's favourites. The workbench page draws these.
/// </summary>
public sealed class RunInsightsApi(
    RunStore store,
    IOptions<ApiOptions> apiOptions,
    IOptions<SupervisorOptions> supervisorOptions,
    TimeProvider time,
    ILogger<RunInsightsApi> logger)
{
    /// <summary>Prefix of the documents that hold favourite marks, one per proposal, so concurrent marks never overwrite each other.</summary>
    internal const string FavouritePrefix = "favourite-";

    private const string WithheldText = "(withheld: judged unsafe)";

    private readonly ApiOptions _options = apiOptions.Value;

    /// <summary><c>GET /api/runs/{runId}/ratings</c>: every match in the order it was rated, with both ratings before and after.</summary>
    public async Task<IResult> GetRatingHistoryAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        if (await SnapshotAsync(runId, cancellationToken) is not { } snapshot)
        {
            return ApiProblems.RunNotFound(runId);
        }

        var export = RunExport.From(snapshot, null, []);
        var ranks = export.Ranking.ToDictionary(r => r.Proposal.Id, r => r.Rank, StringComparer.Ordinal);
        var matches = snapshot.Leaderboard.History
            .Select((h, i) =>
            {
                var aWon = h.Match.WinnerId == h.Match.ProposalA;
                return new RatedMatchView(
                    i + 1,
                    h.Match.Id,
                    h.Match.Round,
                    h.Match.WinnerId,
                    new RatingPoint(h.Match.ProposalA, Math.Round(aWon ? h.WinnerBefore : h.LoserBefore, 1), Math.Round(aWon ? h.WinnerAfter : h.LoserAfter, 1)),
                    new RatingPoint(h.Match.ProposalB, Math.Round(aWon ? h.LoserBefore : h.WinnerBefore, 1), Math.Round(aWon ? h.LoserAfter : h.WinnerAfter, 1)));
            })
            .ToList();
        var played = matches.SelectMany(m => new[] { m.A.ProposalId, m.B.ProposalId }).ToHashSet(StringComparer.Ordinal);
        var proposals = export.Proposals
            .Where(p => played.Contains(p.Id))
            .Select(p => new RatedProposalView(
                p.Id,
                p.Title,
                ranks.TryGetValue(p.Id, out var rank) ? rank : null,
                Math.Round(snapshot.Leaderboard.RatingOf(p.Id), 1),
                Views.StandingOf(snapshot, snapshot.Proposal(p.Id)!)))
            .OrderBy(p => p.Rank ?? int.MaxValue).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        return ApiResults.Json(new RatingHistoryResponse(runId, snapshot.Run.Status, EloRating.Initial, proposals, matches));
    }

    /// <summary><c>GET /api/runs/{runId}/lineage</c>: proposals, parent → child edges with the strategy, and the latest proximity clusters.</summary>
    public async Task<IResult> GetLineageAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        if (await SnapshotAsync(runId, cancellationToken) is not { } snapshot)
        {
            return ApiProblems.RunNotFound(runId);
        }

        var export = RunExport.From(snapshot, null, []);
        var ranks = export.Ranking.ToDictionary(r => r.Proposal.Id, r => r.Rank, StringComparer.Ordinal);
        var nodes = export.Proposals
            .Select(p => new LineageNode(
                p.Id,
                p.Title,
                p.Origin,
                p.Strategy,
                p.Round,
                Views.StandingOf(snapshot, snapshot.Proposal(p.Id)!),
                Math.Round(snapshot.Leaderboard.RatingOf(p.Id), 1),
                ranks.TryGetValue(p.Id, out var rank) ? rank : null))
            .ToList();
        var known = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var edges = export.Proposals
            .SelectMany(child => child.ParentIds.Where(known.Contains).Select(parent => new LineageEdge(parent, child.Id, child.Strategy)))
            .ToList();
        var clusters = (snapshot.Graph?.Clusters ?? [])
            .Select((c, i) => new ProximityCluster(i + 1, [.. c.Where(known.Contains)]))
            .Where(c => c.ProposalIds.Count > 0)
            .ToList();
        return ApiResults.Json(new LineageResponse(runId, snapshot.Run.Status, nodes, edges, snapshot.Graph?.Method, clusters));
    }

    /// <summary>
    /// <c>GET /api/runs/{runId}/set-aside</c>: every proposal rejected at initial review, found a
    /// near-duplicate, or judged unsafe, with the reason and the review or proximity evidence.
    /// An unsafe proposal's title and text stay withheld.
    /// </summary>
    public async Task<IResult> GetSetAsideAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        if (await SnapshotAsync(runId, cancellationToken) is not { } snapshot)
        {
            return ApiProblems.RunNotFound(runId);
        }

        var graphs = await store.ListProximityGraphsAsync(runId, cancellationToken);
        var titles = snapshot.Proposals.ToDictionary(p => p.Id, p => p.IsShown ? p.Title : WithheldText, StringComparer.Ordinal);
        var entries = snapshot.Proposals
            .Where(p => p.Status is not ProposalStatus.Active)
            .OrderBy(p => p.Round).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => SetAside(request, snapshot, graphs, titles, p))
            .ToList();
        return ApiResults.Json(new SetAsideResponse(runId, snapshot.Run.Status, entries.Count, entries));
    }

    /// <summary><c>GET /api/runs/{runId}/proposals/{proposalId}/citations</c>: the articles it cites and the citations the check removed.</summary>
    public async Task<IResult> GetCitationsAsync(HttpRequest request, string runId, string proposalId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("runId", runId), ("proposalId", proposalId)) is { } invalid)
        {
            return invalid;
        }

        if (await store.GetRunAsync(runId, cancellationToken) is null)
        {
            return ApiProblems.RunNotFound(runId);
        }

        if (await store.GetProposalAsync(runId, proposalId, cancellationToken) is not { } proposal)
        {
            return ApiProblems.ProposalNotFound(runId, proposalId);
        }

        if (!proposal.IsShown)
        {
            return ApiResults.Json(new CitationsResponse(runId, proposalId, true, [], []));
        }

        var retrieved = await RetrievedByKeyAsync(runId, cancellationToken);
        var cited = proposal.Articles.Select(a => Cited(a, retrieved)).ToList();
        return ApiResults.Json(new CitationsResponse(runId, proposalId, false, cited, proposal.RemovedCitations));
    }

    /// <summary><c>GET /api/runs/{runId}/favourites</c>: the proposals the scientist marked, in id order.</summary>
    public async Task<IResult> GetFavouritesAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        if (await store.GetRunAsync(runId, cancellationToken) is null)
        {
            return ApiProblems.RunNotFound(runId);
        }

        return ApiResults.Json(new FavouritesResponse(runId, await FavouritesAsync(runId, cancellationToken)));
    }

    /// <summary>
    /// <c>POST /api/runs/{runId}/favourites</c>: marks or unmarks a proposal. A mark is the scientist's
    /// own note: it changes nothing in the ranking, so it is taken whatever the run's state.
    /// </summary>
    public async Task<IResult> SetFavouriteAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync<FavouriteRequest>(request, _options.MaxRequestBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var mark = body.Value!;
        var errors = new FieldErrors();
        if (mark.ProposalId is null)
        {
            errors.Add("proposalId", "is required.");
        }
        else if (!Ids.IsValid(mark.ProposalId))
        {
            errors.Add("proposalId", $"is not a proposal id: 1 to {Ids.MaxLength} ASCII letters, digits, '-', '_' or '.'.");
        }

        if (mark.Favourite is null)
        {
            errors.Add("favourite", "is required: true to mark the proposal, false to unmark it.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await store.GetRunAsync(runId, cancellationToken) is null)
        {
            return ApiProblems.RunNotFound(runId);
        }

        if (await store.GetProposalAsync(runId, mark.ProposalId!, cancellationToken) is null)
        {
            return ApiProblems.ProposalNotFound(runId, mark.ProposalId!);
        }

        await store.SaveDocumentAsync(runId, FavouritePrefix + mark.ProposalId, new FavouriteMark(mark.ProposalId!, mark.Favourite!.Value, time.GetUtcNow()), cancellationToken);
        WorkbenchLog.FavouriteMarked(logger, runId, mark.ProposalId!, mark.Favourite.Value);
        return ApiResults.Json(new FavouritesResponse(runId, await FavouritesAsync(runId, cancellationToken)));
    }

    /// <summary>Every article retrieved for the run, by its normal key, so a citation can show its authors, year and DOI.</summary>
    internal async Task<Dictionary<string, Article>> RetrievedByKeyAsync(string runId, CancellationToken cancellationToken)
    {
        var retrieved = new Dictionary<string, Article>(StringComparer.Ordinal);
        foreach (var row in await store.ListLiteratureAsync(runId, cancellationToken))
        {
            foreach (var key in ArticleKeys.KeysOf(row.Article))
            {
                retrieved.TryAdd(key, row.Article);
            }
        }

        return retrieved;
    }

    internal static CitedArticleView Cited(ArticleReference reference, IReadOnlyDictionary<string, Article> retrieved)
    {
        var article = ArticleKeys.Of(reference.Id) is { } key ? retrieved.GetValueOrDefault(key) : null;
        return new CitedArticleView(
            reference.Id,
            reference.Title,
            SafeUrl(reference.Url ?? article?.Url),
            reference.Source ?? article?.Source,
            article?.Authors ?? [],
            article?.Year,
            article?.Doi,
            article is not null);
    }

    // Only web links are handed out: a javascript: or data: URL from a source is data, never a live link.
    private static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    private async Task<IReadOnlyList<string>> FavouritesAsync(string runId, CancellationToken cancellationToken) =>
        [.. (await store.ListDocumentsAsync<FavouriteMark>(runId, FavouritePrefix, cancellationToken))
            .Where(m => m.Favourite)
            .Select(m => m.ProposalId)
            .Order(StringComparer.Ordinal)];

    private static SetAsideEntry SetAside(
        HttpRequest request,
        RunSnapshot snapshot,
        IReadOnlyList<Core.Agents.Proximity.ProximityGraph> graphs,
        IReadOnlyDictionary<string, string> titles,
        Proposal proposal)
    {
        var withheld = !proposal.IsShown;
        var review = snapshot.ReviewsOf(proposal.Id)
            .Where(r => r.Verdict == ReviewVerdict.Reject)
            .OrderBy(r => r.Round).ThenBy(r => r.CreatedAt)
            .LastOrDefault();
        var reviewEvidence = review is null
            ? null
            : new SetAsideReviewEvidence(
                review.Id,
                review.Kind,
                review.Verdict,
                review.Rejection,
                review.Scores,
                withheld ? WithheldText : review.Summary,
                withheld ? [] : review.Weaknesses);
        SetAsideProximityEvidence? proximity = null;
        if (proposal.Status == ProposalStatus.Duplicate && proposal.DuplicateOf is { } of)
        {
            var found = graphs.SelectMany(g => g.Duplicates.Select(d => (Graph: g, Duplicate: d)))
                .FirstOrDefault(x => x.Duplicate.ProposalId == proposal.Id && x.Duplicate.DuplicateOf == of);
            proximity = new SetAsideProximityEvidence(
                of,
                titles.GetValueOrDefault(of, "(unknown)"),
                found.Duplicate is null ? null : Math.Round(found.Duplicate.Similarity, 3),
                found.Graph?.Method);
        }

        var reason = proposal.Status switch
        {
            ProposalStatus.Unsafe => "Judged unsafe; its content is withheld.",
            ProposalStatus.Duplicate => proposal.StatusReason ?? $"A near-duplicate of {proposal.DuplicateOf}.",
            _ => proposal.StatusReason ?? (review is null ? "Rejected." : $"Rejected at {review.Kind} review ({review.Rejection})."),
        };
        return new SetAsideEntry(
            proposal.Id,
            withheld ? WithheldText : proposal.Title,
            Views.StandingOf(snapshot, proposal),
            reason,
            proposal.Origin,
            proposal.Round,
            withheld,
            reviewEvidence,
            proximity,
            ApiLinks.Proposal(request, snapshot.Run.Id, proposal.Id));
    }

    private async Task<RunSnapshot?> SnapshotAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await RunSnapshot.LoadAsync(store, runId, supervisorOptions.Value.KFactor, cancellationToken);
        }
        catch (RunNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The stored mark: the last write for a proposal wins.</summary>
    internal sealed record FavouriteMark(string ProposalId, bool Favourite, DateTimeOffset At);
}
