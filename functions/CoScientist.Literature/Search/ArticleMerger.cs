using CoScientist.Core.Literature;
using CoScientist.Literature.Text;

namespace CoScientist.Literature.Search;

/// <summary>
/// De-duplicates articles from several sources: two records are the same paper when they share a
/// DOI, PMID or arXiv id (normalised). Of each group the richest record is kept (the longest text:
/// full text over abstract over none), with gaps (DOI, year, authors, URL) filled from the others.
/// </summary>
public static class ArticleMerger
{
    /// <summary>
    /// Merges result lists from several sources, best-first each: ranks are interleaved (first of
    /// every source, then second, ...) so no source crowds out the others, duplicates are merged
    /// where the paper first appears, and at most <paramref name="maxResults"/> are returned.
    /// </summary>
    public static IReadOnlyList<Article> Merge(IReadOnlyList<IReadOnlyList<Article>> perSource, int maxResults)
    {
        var interleaved = new List<Article>();
        for (var rank = 0; perSource.Any(list => rank < list.Count); rank++)
        {
            interleaved.AddRange(perSource.Where(list => rank < list.Count).Select(list => list[rank]));
        }

        return [.. Deduplicate(interleaved).Take(Math.Max(0, maxResults))];
    }

    /// <summary>The articles with duplicates merged, in order of first appearance.</summary>
    public static IReadOnlyList<Article> Deduplicate(IEnumerable<Article> articles)
    {
        var groups = new List<List<Article>>();
        var groupOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            var keys = ArticleIds.KeysOf(article);
            var matches = keys.Where(groupOfKey.ContainsKey).Select(k => groupOfKey[k]).Distinct().Order().ToList();
            int group;
            if (matches.Count == 0)
            {
                group = groups.Count;
                groups.Add([]);
            }
            else
            {
                // A record can join two groups (one matched by DOI, the other by PMID): fold them together.
                group = matches[0];
                foreach (var other in matches.Skip(1))
                {
                    groups[group].AddRange(groups[other]);
                    foreach (var key in groupOfKey.Where(kv => kv.Value == other).Select(kv => kv.Key).ToList())
                    {
                        groupOfKey[key] = group;
                    }

                    groups[other].Clear();
                }
            }

            groups[group].Add(article);
            foreach (var key in keys)
            {
                groupOfKey[key] = group;
            }
        }

        return [.. groups.Where(g => g.Count > 0).Select(Richest)];
    }

    /// <summary>The record with the most text, its missing fields filled from the others.</summary>
    public static Article Richest(IReadOnlyList<Article> duplicates)
    {
        var best = duplicates
            .Select((article, order) => (Article: article, Order: order))
            .OrderByDescending(x => x.Article.Abstract.Length)
            .ThenByDescending(x => Completeness(x.Article))
            .ThenBy(x => x.Order)
            .First().Article;
        return best with
        {
            Title = best.Title.Length > 0 ? best.Title : duplicates.Select(a => a.Title).FirstOrDefault(t => t.Length > 0) ?? "",
            Authors = best.Authors.Count > 0 ? best.Authors : duplicates.Select(a => a.Authors).FirstOrDefault(a => a.Count > 0) ?? [],
            Year = best.Year ?? duplicates.Select(a => a.Year).FirstOrDefault(y => y is not null),
            Url = best.Url ?? duplicates.Select(a => a.Url).FirstOrDefault(u => u is not null),
            Doi = best.Doi ?? duplicates.Select(a => ArticleIds.NormalizeDoi(a.Doi)).FirstOrDefault(d => d is not null),
        };
    }

    private static int Completeness(Article article) =>
        (article.Title.Length > 0 ? 1 : 0) + (article.Authors.Count > 0 ? 1 : 0) + (article.Year is null ? 0 : 1) + (article.Doi is null ? 0 : 1) + (article.Url is null ? 0 : 1);
}
