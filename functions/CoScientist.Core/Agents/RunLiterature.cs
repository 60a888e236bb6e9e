using CoScientist.Core.Literature;
using CoScientist.Core.Proposals;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Core.Agents;

/// <summary>
/// The literature a run's agents see: the run's attached context plus, unless the run was started
/// with literature off (<see cref="RunRecord.Literature"/>), the sources the host configured, through one source instance per run (its cache is the run's), de-duplicated by
/// article. What a step retrieves is recorded in the run's literature table, and the citation
/// check keeps a reference only when it names an article retrieved for the run.
/// </summary>
public sealed partial class RunLiterature
{
    public const int ArticlesPerQuery = 5;

    /// <summary>Most articles one step reads.</summary>
    public const int MaxArticles = 12;

    /// <summary>Most queries one step searches.</summary>
    public const int MaxQueries = 4;

    /// <summary>Runs whose sources (and caches) are kept; a worker serving more runs makes new ones as needed.</summary>
    private const int CachedRuns = 16;

    private readonly ILiteratureSourceFactory _sources;
    private readonly RunStore? _store;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ILiteratureSource> _perRun = new(StringComparer.Ordinal);
    private readonly Queue<string> _runOrder = new();

    /// <summary>Over one shared source, recording nothing (tests, tools).</summary>
    public RunLiterature(ILiteratureSource source)
        : this(new SingleLiteratureSourceFactory(source))
    {
    }

    /// <param name="sources">Makes each run's source.</param>
    /// <param name="store">Where retrievals are recorded and the citation check finds earlier ones; null records nothing.</param>
    /// <param name="logger">Warns when the sources fail and a step goes on with what it has.</param>
    public RunLiterature(ILiteratureSourceFactory sources, RunStore? store = null, ILogger<RunLiterature>? logger = null)
    {
        _sources = sources;
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Searches the attached context and the run's source; records nothing.</summary>
    public async Task<IReadOnlyList<Article>> SearchAsync(RunRecord run, IEnumerable<string> queries, CancellationToken cancellationToken = default) =>
        [.. (await FindAsync(run, queries, cancellationToken)).Select(f => f.Article)];

    /// <summary>Searches for a step and records what it found for the run (the first retrieval of each article stays).</summary>
    public async Task<IReadOnlyList<Article>> SearchAsync(AgentContext context, IEnumerable<string> queries, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(context.Run, queries, cancellationToken);
        if (_store is not null)
        {
            foreach (var (article, query) in found)
            {
                await _store.TryAddLiteratureAsync(
                    new RetrievedArticle { RunId = context.Run.Id, Article = article, FoundBy = context.TaskId, Round = context.Round, RetrievedAt = context.Now, Query = query },
                    cancellationToken);
            }
        }

        return [.. found.Select(f => f.Article)];
    }

    /// <summary>Articles recorded for the run (e.g. a scan's finds named in a task's input), in the order asked; unknown ids are skipped.</summary>
    public async Task<IReadOnlyList<Article>> RecordedAsync(string runId, IReadOnlyList<string> articleIds, CancellationToken cancellationToken = default)
    {
        if (_store is null || articleIds.Count == 0)
        {
            return [];
        }

        var found = new List<Article>();
        foreach (var id in articleIds)
        {
            if (await _store.GetLiteratureAsync(runId, id, cancellationToken) is { } record)
            {
                found.Add(record.Article);
            }
        }

        return found;
    }

    /// <summary>
    /// Runs the citation check over a step's output. First against what the step was given; only
    /// if something does not hold there, again against everything retrieved for the run in earlier
    /// rounds and the attached context, so a proposal may keep a reference its parent rests on.
    /// </summary>
    /// <param name="context">The step.</param>
    /// <param name="provided">The articles the step was given.</param>
    /// <param name="apply">Checks the output's citations with the checker and returns the cleaned output.</param>
    public async Task<(T Value, CitationChecker Check)> CheckCitationsAsync<T>(
        AgentContext context,
        IReadOnlyList<Article> provided,
        Func<CitationChecker, T> apply,
        CancellationToken cancellationToken = default)
    {
        var narrow = new CitationChecker(provided);
        var value = apply(narrow);
        if (narrow.Removed.Count == 0)
        {
            return (value, narrow);
        }

        IEnumerable<Article> earlier = _store is null
            ? []
            : (await _store.ListLiteratureAsync(context.Run.Id, cancellationToken)).Where(r => r.Round < context.Round).Select(r => r.Article);
        var wide = new CitationChecker([.. provided, .. earlier, .. new AttachedContextLiterature(context.Run.Goal.AttachedContext).Passages]);
        return (apply(wide), wide);
    }

    /// <summary>The cited ids that name a provided article; invented references are dropped, never shown as real.</summary>
    public static IReadOnlyList<ArticleReference> Verified(IEnumerable<string>? citedIds, IReadOnlyList<Article> provided) =>
        new CitationChecker(provided).CheckIds(citedIds).Articles;

    private async Task<IReadOnlyList<(Article Article, string Query)>> FindAsync(RunRecord run, IEnumerable<string> queries, CancellationToken cancellationToken)
    {
        var attached = new AttachedContextLiterature(run.Goal.AttachedContext);
        // A run started with literature off never reaches the sources (no request leaves the machine for it).
        var source = run.Literature ? SourceFor(run.Id) : null;
        var found = new List<(Article, string)>();
        foreach (var query in queries.Where(q => !string.IsNullOrWhiteSpace(q)).Select(q => q.Trim()).Take(MaxQueries))
        {
            found.AddRange((await attached.SearchAsync(query, ArticlesPerQuery, cancellationToken)).Select(a => (a, query)));
            if (source is null)
            {
                continue;
            }

            try
            {
                found.AddRange((await source.SearchAsync(query, ArticlesPerQuery, cancellationToken)).Select(a => (a, query)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A literature outage should not fail the step: it goes on with what it has, and says so.
                LogSearchFailed(_logger, run.Id, query, ex.Message);
            }
        }

        return [.. found.DistinctBy(f => ArticleKeys.Of(f.Item1.Id) ?? f.Item1.Id, StringComparer.Ordinal).Take(MaxArticles)];
    }

    private ILiteratureSource SourceFor(string runId)
    {
        lock (_lock)
        {
            if (_perRun.TryGetValue(runId, out var source))
            {
                return source;
            }

            while (_perRun.Count >= CachedRuns && _runOrder.TryDequeue(out var oldest))
            {
                _perRun.Remove(oldest);
            }

            source = _sources.Create();
            _perRun[runId] = source;
            _runOrder.Enqueue(runId);
            return source;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: literature search for \"{Query}\" failed, going on without it: {Reason}")]
    private static partial void LogSearchFailed(ILogger logger, string runId, string query, string reason);
}
