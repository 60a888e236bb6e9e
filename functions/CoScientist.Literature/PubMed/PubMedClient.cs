using CoScientist.Core.Literature;
using System.Globalization;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Http;
using CoScientist.Literature.Text;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.PubMed;

/// <summary>
/// PubMed through NCBI E-utilities: esearch for the PMIDs (relevance order), then efetch for the
/// records. Every request carries <c>tool</c>, <c>email</c> (when set) and <c>api_key</c> (when set),
/// as NCBI's usage policy asks.
/// </summary>
public sealed class PubMedClient(HttpClient http, IOptions<LiteratureOptions> options, TimeProvider time)
    : SourceClient(http, options, time, SourceNames.PubMed)
{
    public override async Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query) || maxResults <= 0)
        {
            return [];
        }

        var limit = Limit(maxResults);
        var found = await SearchIdsAsync(query.Trim(), limit, cancellationToken);
        return found.Pmids.Count == 0 ? [] : await FetchAsync([.. found.Pmids.Take(limit)], cancellationToken);
    }

    /// <summary>By PMID (<c>pmid:123</c> or <c>123</c>) or by DOI, looked up with esearch's <c>[doi]</c> field.</summary>
    public override async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var pmid = ArticleIds.NormalizePmid(id);
        if (pmid is null && ArticleIds.NormalizeDoi(id) is { } doi)
        {
            var found = await SearchIdsAsync($"\"{doi}\"[doi]", 1, cancellationToken);
            if (found.Pmids.Count == 0)
            {
                return null;
            }

            pmid = found.Pmids[0];
        }

        if (pmid is null)
        {
            throw new ArgumentException($"'{id}' is not a PMID or DOI (e.g. pmid:27797938 or 10.1136/gutjnl-2016-312510).", nameof(id));
        }

        var articles = await FetchAsync([pmid], cancellationToken);
        return articles.Count == 0 ? null : articles[0];
    }

    private async Task<PubMedSearchResult> SearchIdsAsync(string term, int maxResults, CancellationToken cancellationToken)
    {
        var response = await SendAsync(
            QueryString.Build(
                "esearch.fcgi",
                [("db", "pubmed"), ("term", term), ("retmax", maxResults.ToString(CultureInfo.InvariantCulture)), ("retmode", "xml"), ("sort", "relevance"), .. Etiquette()]),
            cancellationToken);
        return response.IsSuccess ? PubMedParser.ParseSearch(response.Body) : throw Failure(response);
    }

    private async Task<IReadOnlyList<Article>> FetchAsync(IReadOnlyList<string> pmids, CancellationToken cancellationToken)
    {
        var response = await SendAsync(
            QueryString.Build(
                "efetch.fcgi",
                [("db", "pubmed"), ("id", string.Join(',', pmids)), ("retmode", "xml"), ("rettype", "abstract"), .. Etiquette()]),
            cancellationToken);
        if (!response.IsSuccess)
        {
            throw Failure(response);
        }

        // Keep esearch's relevance order whatever order efetch answers in.
        var articles = PubMedParser.ParseArticles(response.Body);
        var rank = pmids.Select((p, i) => (p, i)).ToDictionary(x => ArticleIds.PmidPrefix + x.p, x => x.i, StringComparer.Ordinal);
        return [.. articles.OrderBy(a => rank.GetValueOrDefault(a.Id, int.MaxValue)).Take(pmids.Count)];
    }

    private (string Name, string? Value)[] Etiquette() =>
        [("tool", Options.PubMed.Tool), ("email", Settings.Contact), ("api_key", Settings.ApiKey)];
}
