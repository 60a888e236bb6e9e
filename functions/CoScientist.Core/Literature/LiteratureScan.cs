using System.Globalization;
using CoScientist.Core.Messaging;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Proposals;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Literature;

/// <summary>What one literature scan did for one run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Since">Papers newer than this counted as new: the last scan, or the run's start.</param>
/// <param name="Queries">The searches made.</param>
/// <param name="Found">Distinct articles the searches returned.</param>
/// <param name="NewArticles">Articles recorded as new for the run.</param>
/// <param name="ReviewedProposalIds">Leading proposals the new papers bear on: re-reviewed in the scan round.</param>
/// <param name="NewProposals">Proposals Generation is asked for, from papers that bear on no leader.</param>
/// <param name="Reopened">Whether the run was re-opened for a scan round.</param>
/// <param name="Error">Why the run could not be scanned; it is tried again next time.</param>
public sealed record RunScanResult(
    string RunId,
    DateTimeOffset Since,
    IReadOnlyList<string> Queries,
    int Found,
    IReadOnlyList<ArticleReference> NewArticles,
    IReadOnlyList<string> ReviewedProposalIds,
    int NewProposals,
    bool Reopened,
    string? Error = null);

/// <summary>What a literature scan did, run by run.</summary>
public sealed record LiteratureScanReport(DateTimeOffset At, IReadOnlyList<string> Sources, IReadOnlyList<RunScanResult> Runs)
{
    public int NewArticles => Runs.Sum(r => r.NewArticles.Count);

    public int Reopened => Runs.Count(r => r.Reopened);

    public int Failed => Runs.Count(r => r.Error is not null);
}

/// <summary>
/// The scheduled literature scan (the Azure timer function and <c>cosci scan</c> call
/// <see cref="RunAsync"/>). For each ended run with scanning on, it searches the run's topics (the
/// goal, the plan's topics, the leading proposals' titles) for papers newer than its last scan that
/// the run has not seen; records them; and re-opens the run for one scan round, which the supervisor
/// plans: a new full review, with the new papers, of each leading proposal they bear on, and new
/// literature-grounded proposals when some papers bear on no leader. The run then goes on to a new
/// overview with a "New literature since" section. Scanning twice adds nothing: an article is one
/// row per run (its id is the key), and a paper already recorded is never new again. One source
/// instance serves the whole scan, so its cache and the sources' rate limits span all runs.
/// </summary>
public sealed partial class LiteratureScan(
    RunStore store,
    IRunOrchestrations orchestrations,
    ILiteratureSourceFactory sources,
    IOptions<LiteratureScanOptions> options,
    IOptions<SupervisorOptions> supervisorOptions,
    TimeProvider time,
    ILogger<LiteratureScan> logger)
{
    private readonly LiteratureScanOptions _options = options.Value;

    /// <summary>Scans every ended run that has scanning on, one after another.</summary>
    public async Task<LiteratureScanReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var at = time.GetUtcNow();
        if (sources.Sources.Count == 0)
        {
            LogNoSources(logger);
            return new LiteratureScanReport(at, [], []);
        }

        var source = sources.Create();
        var results = new List<RunScanResult>();
        foreach (var run in (await store.ListRunsAsync(cancellationToken)).Where(IsDue).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            results.Add(await ScanRunAsync(run.Id, source, cancellationToken));
        }

        return new LiteratureScanReport(at, sources.Sources, results);
    }

    /// <summary>Scans one run now, whatever its scanning flag, if it has ended.</summary>
    public Task<RunScanResult> ScanRunAsync(string runId, CancellationToken cancellationToken = default) =>
        ScanRunAsync(runId, sources.Create(), cancellationToken);

    /// <summary>A run a scan looks at: scanning on, ended, and not refused or failed.</summary>
    public static bool IsDue(RunRecord run) => run.Scanning && run.Status is RunStatus.Completed or RunStatus.Stopped;

    /// <summary>"Newer than <paramref name="since"/>": by publication date when the source gives one, else by year (sources mostly give only the year).</summary>
    public static bool IsNewer(Article article, DateTimeOffset since) =>
        article.Published is { } date
            ? date >= DateOnly.FromDateTime(since.UtcDateTime)
            : article.Year is { } year && year >= since.UtcDateTime.Year;

    /// <summary>The searches for a run: the goal's key terms, the plan's first topics, and the titles of the leading proposals.</summary>
    public IReadOnlyList<string> QueriesFor(RunRecord run, IReadOnlyList<Proposal> leaders) =>
    [
        .. new[] { KeyTerms.Query(run.Goal.Text) }
            .Concat((run.Plan?.Topics ?? []).Take(2).Select(t => KeyTerms.Query(t)))
            .Concat(leaders.Take(_options.QueryProposals).Select(p => KeyTerms.Query(p.Title)))
            .Where(q => q.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(_options.MaxQueries),
    ];

    /// <summary>The leaders an article bears on: those sharing enough content words with it beyond the goal's own.</summary>
    public IReadOnlyList<string> BearsOn(Article article, RunRecord run, IReadOnlyList<Proposal> leaders)
    {
        var goalTerms = KeyTerms.Of(string.Join(' ', [run.Goal.Text, .. run.Plan?.Topics ?? []])).ToHashSet(StringComparer.Ordinal);
        var articleTerms = KeyTerms.Of(article.Title + " " + article.Abstract);
        return
        [
            .. leaders
                .Where(p => KeyTerms.Shared(KeyTerms.Of(p.Title + " " + p.Statement).Where(t => !goalTerms.Contains(t)), articleTerms) >= _options.MinSharedTerms)
                .Select(p => p.Id),
        ];
    }

    private async Task<RunScanResult> ScanRunAsync(string runId, ILiteratureSource source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now;
        try
        {
            var snapshot = await RunSnapshot.LoadAsync(store, runId, supervisorOptions.Value.KFactor, cancellationToken);
            var run = snapshot.Run;
            since = run.LastScanAt ?? run.CreatedAt;
            if (!run.Status.IsTerminal())
            {
                return new RunScanResult(runId, since, [], 0, [], [], 0, false, $"the run is {run.Status.ToString().ToLowerInvariant()}; only ended runs are scanned");
            }

            var leaders = snapshot.Ranked.Where(p => p.Status == ProposalStatus.Active).Take(_options.TopProposals).ToList();
            var records = await store.ListLiteratureAsync(runId, cancellationToken);

            // Papers an earlier scan recorded but could not hand to the run (it crashed, or the run
            // was busy) are applied first; they are no longer "new" to a search.
            var applied = run.Scans.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var pending = records.Where(r => r.ScanId is not null && !applied.Contains(r.ScanId)).GroupBy(r => r.ScanId!).OrderBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
            if (pending is not null)
            {
                return await ApplyAsync(run, pending.Key, [.. pending], since, [], 0, now, cancellationToken);
            }

            var queries = QueriesFor(run, leaders);
            var known = records.SelectMany(r => ArticleKeys.KeysOf(r.Article)).ToHashSet(StringComparer.Ordinal);
            var found = new List<(Article Article, string Query)>();
            foreach (var query in queries)
            {
                found.AddRange((await source.SearchAsync(query, _options.ArticlesPerQuery, cancellationToken)).Select(a => (a, query)));
            }

            var distinct = found.DistinctBy(f => ArticleKeys.Of(f.Article.Id) ?? f.Article.Id, StringComparer.Ordinal).ToList();
            var fresh = distinct
                .Where(f => !ArticleKeys.KeysOf(f.Article).Overlaps(known) && IsNewer(f.Article, since))
                .Take(_options.MaxNewArticles)
                .ToList();
            if (fresh.Count == 0)
            {
                await store.MutateRunAsync(runId, r => r with { LastScanAt = now }, cancellationToken);
                LogNothingNew(logger, runId, since, queries.Count, distinct.Count);
                return new RunScanResult(runId, since, queries, distinct.Count, [], [], 0, false);
            }

            var scanId = "scan-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var recorded = new List<RetrievedArticle>();
            foreach (var (article, query) in fresh)
            {
                var record = new RetrievedArticle
                {
                    RunId = runId,
                    Article = article,
                    FoundBy = scanId,
                    Round = run.Round,
                    RetrievedAt = now,
                    Query = query,
                    ScanId = scanId,
                    BearsOn = BearsOn(article, run, leaders),
                };

                // Another scan may have recorded it a moment ago: then it is that scan's to apply.
                if (await store.TryAddLiteratureAsync(record, cancellationToken))
                {
                    recorded.Add(record);
                }
            }

            return await ApplyAsync(run, scanId, recorded, since, queries, distinct.Count, now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One run's failure (a source down, a bad record) does not stop the scan of the others; it is tried again next time.
            LogRunFailed(logger, runId, ex.Message);
            return new RunScanResult(runId, since, [], 0, [], [], 0, false, ex.Message);
        }
    }

    /// <summary>Re-opens the run for the scan round of <paramref name="scanId"/>, under its ETag, unless it already had it.</summary>
    private async Task<RunScanResult> ApplyAsync(
        RunRecord run,
        string scanId,
        List<RetrievedArticle> recorded,
        DateTimeOffset since,
        IReadOnlyList<string> queries,
        int found,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var articles = recorded.Select(r => new ArticleReference(r.Article.Id, r.Article.Title, r.Article.Url, r.Article.Source)).ToList();
        if (recorded.Count == 0)
        {
            await store.MutateRunAsync(run.Id, r => r with { LastScanAt = now }, cancellationToken);
            return new RunScanResult(run.Id, since, queries, found, [], [], 0, false);
        }

        var ids = recorded.Select(r => r.Article.Id).ToList();
        var reviews = recorded.SelectMany(r => r.BearsOn.Select(p => (Proposal: p, r.Article.Id)))
            .GroupBy(x => x.Proposal, StringComparer.Ordinal)
            .Select(g => new ScanReview(g.Key, [.. g.Select(x => x.Id).Distinct(StringComparer.Ordinal)]))
            .ToList();
        var direction = recorded.Where(r => r.BearsOn.Count == 0).Select(r => r.Article.Id).ToList();
        var newProposals = direction.Count > 0 ? _options.NewProposals : 0;
        var scan = new RunScan
        {
            Id = scanId,
            At = now,
            Since = since,
            ArticleIds = ids,
            Reviews = reviews,
            DirectionArticleIds = direction,
            NewProposals = newProposals,
        };

        var reopened = false;
        var updated = await store.MutateRunAsync(run.Id, r =>
        {
            reopened = false;
            if (!r.Status.IsTerminal() || r.Scans.Any(s => s.Id == scanId))
            {
                return r; // Busy (its records wait for the next scan) or already re-opened for this scan.
            }

            reopened = true;
            return r with
            {
                Status = RunStatus.Running,
                Finalizing = false,
                StopRequested = false,
                StopReason = null,
                CompletedAt = null,
                LastScanAt = now,
                Budget = Extend(r.Budget, now - r.CreatedAt, newProposals),
                Scans = [.. r.Scans, scan],
                UpdatedAt = now,
            };
        }, cancellationToken);

        if (reopened)
        {
            // Its last orchestration ended with the run: a new one plans the scan's round.
            await orchestrations.StartAsync(run.Id, cancellationToken);
            LogReopened(logger, run.Id, scanId, ids.Count, reviews.Count, newProposals);
        }

        return new RunScanResult(run.Id, since, queries, found, articles, [.. reviews.Select(r => r.ProposalId)], newProposals, reopened);
    }

    /// <summary>
    /// The budget of a scan round: room for the new proposals and their matches, the run's wall
    /// time again from now, and <see cref="LiteratureScanOptions.BudgetExtension"/> more cost and tokens.
    /// </summary>
    private RunBudget Extend(RunBudget budget, TimeSpan age, int newProposals) => budget with
    {
        MaxProposals = Math.Min(RunBudget.ProposalLimit, budget.MaxProposals + newProposals),
        MaxMatches = budget.MaxMatches is { } matches ? matches + (_options.MatchesPerNewProposal * newProposals) : null,
        MaxCostUsd = budget.MaxCostUsd is { } cost ? Math.Round(cost * (1 + (decimal)_options.BudgetExtension), 6) : null,
        MaxTokens = budget.MaxTokens is { } tokens ? (long)Math.Ceiling(tokens * (1 + _options.BudgetExtension)) : null,
        MaxWallTime = budget.MaxWallTime is { } wall ? age + wall : null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Literature scan skipped: no literature source is configured (set Literature:Enabled to true)")]
    private static partial void LogNoSources(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: nothing new since {Since} ({Queries} queries, {Found} articles found)")]
    private static partial void LogNothingNew(ILogger logger, string runId, DateTimeOffset since, int queries, int found);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} re-opened for {ScanId}: {Articles} new articles, {Reviews} proposals to re-review, {NewProposals} new proposals")]
    private static partial void LogReopened(ILogger logger, string runId, string scanId, int articles, int reviews, int newProposals);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: literature scan failed, it will be tried again: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, string runId, string reason);
}
