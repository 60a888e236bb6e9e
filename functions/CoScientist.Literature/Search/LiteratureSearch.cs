using CoScientist.Core.Literature;
using CoScientist.Literature.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Literature.Search;

/// <summary>
/// The literature port over several sources: asks every enabled source, merges their answers
/// (duplicates by DOI, PMID or arXiv id folded into the richest record) and remembers each query's
/// answer for the life of the instance. Make one per run: the cache is the run's, while the rate
/// gates underneath are the process's.
/// </summary>
public sealed partial class LiteratureSearch : ILiteratureSource
{
    private readonly IReadOnlyList<ILiteratureClient> _sources;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CachedSearch> _searches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Article?>> _gets = new(StringComparer.OrdinalIgnoreCase);

    public LiteratureSearch(IEnumerable<ILiteratureClient> sources, ILogger<LiteratureSearch>? logger = null)
    {
        _sources = [.. sources];
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The sources asked, by name.</summary>
    public IReadOnlyList<string> Sources => [.. _sources.Select(s => s.Name)];

    public async Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query) || maxResults <= 0 || _sources.Count == 0)
        {
            return [];
        }

        var key = Markup.CollapseWhitespace(query).ToLowerInvariant();
        CachedSearch entry;
        lock (_lock)
        {
            // A cached answer serves any request for as many results or fewer; a failed one is asked again.
            if (!_searches.TryGetValue(key, out entry!) || entry.MaxResults < maxResults || entry.Results.IsFaulted || entry.Results.IsCanceled)
            {
                entry = new CachedSearch(maxResults, SearchAllAsync(query.Trim(), maxResults));
                _searches[key] = entry;
            }
        }

        try
        {
            var results = await entry.Results.WaitAsync(cancellationToken);
            return [.. results.Take(maxResults)];
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            lock (_lock)
            {
                if (_searches.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                {
                    _searches.Remove(key);
                }
            }

            throw;
        }
    }

    /// <summary>
    /// The article with a prefixed id (<c>pmid:</c>, <c>arxiv:</c>, <c>doi:</c>, <c>openalex:</c>,
    /// <c>pmcid:</c>), from the first source that knows it; null when none does.
    /// </summary>
    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var candidates = SourcesFor(id);
        if (candidates.Count == 0)
        {
            throw new ArgumentException($"'{id}' has no prefix an enabled source can look up (pmid:, arxiv:, doi:, openalex:, pmcid:).", nameof(id));
        }

        Task<Article?> task;
        lock (_lock)
        {
            if (!_gets.TryGetValue(id.Trim(), out task!) || task.IsFaulted || task.IsCanceled)
            {
                task = GetFromAnyAsync(id.Trim(), candidates);
                _gets[id.Trim()] = task;
            }
        }

        return await task.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<Article>> SearchAllAsync(string query, int maxResults)
    {
        // Not the caller's token: the answer is shared with later callers of the same query.
        var outcomes = await Task.WhenAll(_sources.Select(async source =>
        {
            try
            {
                return (Source: source.Name, Articles: await source.SearchAsync(query, maxResults, CancellationToken.None), Error: (LiteratureSourceException?)null);
            }
            catch (LiteratureSourceException ex)
            {
                return (Source: source.Name, Articles: (IReadOnlyList<Article>)[], Error: ex);
            }
        }));

        var failures = outcomes.Where(o => o.Error is not null).ToList();
        if (failures.Count == outcomes.Length)
        {
            throw new LiteratureSourceException("literature", $"every source failed: {string.Join("; ", failures.Select(f => f.Error!.Message))}");
        }

        foreach (var failure in failures)
        {
            LogSourceFailed(_logger, failure.Source, failure.Error!.Message);
        }

        return ArticleMerger.Merge([.. outcomes.Select(o => o.Articles)], maxResults);
    }

    private async Task<Article?> GetFromAnyAsync(string id, IReadOnlyList<ILiteratureClient> candidates)
    {
        LiteratureSourceException? firstError = null;
        foreach (var source in candidates)
        {
            try
            {
                if (await source.GetAsync(id, CancellationToken.None) is { } article)
                {
                    return article;
                }
            }
            catch (LiteratureSourceException ex)
            {
                firstError ??= ex;
                LogSourceFailed(_logger, source.Name, ex.Message);
            }
        }

        return firstError is null ? null : throw firstError;
    }

    private List<ILiteratureClient> SourcesFor(string id)
    {
        var text = id.Trim();
        string[] order = text switch
        {
            _ when text.StartsWith(ArticleIds.PmidPrefix, StringComparison.OrdinalIgnoreCase) => [SourceNames.PubMed, SourceNames.EuropePmc, SourceNames.OpenAlex],
            _ when text.StartsWith(ArticleIds.ArxivPrefix, StringComparison.OrdinalIgnoreCase) => [SourceNames.Arxiv],
            _ when text.StartsWith(ArticleIds.OpenAlexPrefix, StringComparison.OrdinalIgnoreCase) => [SourceNames.OpenAlex],
            _ when text.StartsWith(ArticleIds.PmcidPrefix, StringComparison.OrdinalIgnoreCase) => [SourceNames.EuropePmc],
            _ when text.StartsWith(SourceNames.EuropePmc + ":", StringComparison.OrdinalIgnoreCase) => [SourceNames.EuropePmc],
            _ when ArticleIds.NormalizeArxivId(text) is not null && ArticleIds.IsDoi(text) => [SourceNames.Arxiv, SourceNames.Crossref, SourceNames.OpenAlex],
            _ when ArticleIds.IsDoi(text) => [SourceNames.Crossref, SourceNames.OpenAlex, SourceNames.PubMed, SourceNames.EuropePmc],
            _ => [],
        };
        return [.. order.Select(name => _sources.FirstOrDefault(s => s.Name == name)).OfType<ILiteratureClient>()];
    }

    private sealed record CachedSearch(int MaxResults, Task<IReadOnlyList<Article>> Results);

    [LoggerMessage(Level = LogLevel.Warning, Message = "literature source {Source} failed, searching on without it: {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string source, string reason);
}
