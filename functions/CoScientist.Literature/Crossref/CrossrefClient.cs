using CoScientist.Core.Literature;
using System.Globalization;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Http;
using CoScientist.Literature.Text;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.Crossref;

/// <summary>
/// Crossref works: bibliographic search and lookup by DOI. A <c>mailto</c> puts the requests in
/// Crossref's "polite pool"; the gate keeps within its concurrency limit.
/// </summary>
public sealed class CrossrefClient(HttpClient http, IOptions<LiteratureOptions> options, TimeProvider time)
    : SourceClient(http, options, time, SourceNames.Crossref)
{
    /// <summary>Only the fields the parser reads.</summary>
    public const string SelectedFields = "DOI,title,author,abstract,issued,published,published-print,published-online,created,URL";

    /// <summary>Crossref's plain-text answer for a DOI it does not know.</summary>
    private const string NotFound = "Resource not found.";

    public override async Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query) || maxResults <= 0)
        {
            return [];
        }

        var limit = Limit(maxResults);
        var response = await SendAsync(
            QueryString.Build("works", ("query", query.Trim()), ("rows", limit.ToString(CultureInfo.InvariantCulture)), ("select", SelectedFields), ("mailto", Settings.Contact)),
            cancellationToken);
        return response.IsSuccess ? [.. CrossrefParser.ParseList(response.Body).Articles.Take(limit)] : throw Failure(response);
    }

    /// <summary>By DOI (<c>doi:10.1093/jamiaopen/ooae021</c>, bare or as a doi.org URL); null when Crossref does not know it.</summary>
    public override async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var doi = ArticleIds.NormalizeDoi(id) ?? throw new ArgumentException($"'{id}' is not a DOI (e.g. doi:10.1093/jamiaopen/ooae021).", nameof(id));
        var response = await SendAsync(QueryString.Build($"works/{Uri.EscapeDataString(doi)}", ("mailto", Settings.Contact)), cancellationToken);
        if (response.Status == 404 && response.Body.Trim() == NotFound)
        {
            return null;
        }

        return response.IsSuccess ? CrossrefParser.ParseWork(response.Body) : throw Failure(response);
    }
}
