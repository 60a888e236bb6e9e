using CoScientist.Literature;
using CoScientist.Proposals;
using CoScientist.Runs;

namespace CoScientist.Agents;

/// <summary>
/// The literature a run's agents see: the configured sources plus the run's attached context,
/// de-duplicated by id. Citations are kept only when they name an article actually provided.
/// </summary>
public sealed class RunLiterature(ILiteratureSource source)
{
    public const int ArticlesPerQuery = 5;

    public async Task<IReadOnlyList<Article>> SearchAsync(RunRecord run, IEnumerable<string> queries, CancellationToken cancellationToken = default)
    {
        var attached = new AttachedContextLiterature(run.Goal.AttachedContext);
        var found = new List<Article>();
        foreach (var query in queries.Where(q => !string.IsNullOrWhiteSpace(q)).Take(4))
        {
            found.AddRange(await attached.SearchAsync(query, ArticlesPerQuery, cancellationToken));
            found.AddRange(await source.SearchAsync(query, ArticlesPerQuery, cancellationToken));
        }

        return [.. found.DistinctBy(a => a.Id, StringComparer.OrdinalIgnoreCase).Take(12)];
    }

    /// <summary>The cited ids that name a provided article; invented references are dropped, never shown as real.</summary>
    public static IReadOnlyList<ArticleReference> Verified(IEnumerable<string>? citedIds, IReadOnlyList<Article> provided)
    {
        var byId = provided.ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase);
        return
        [
            .. (citedIds ?? [])
                .Where(byId.ContainsKey)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(id => byId[id])
                .Select(a => new ArticleReference(a.Id, a.Title, a.Url, a.Source)),
        ];
    }
}
