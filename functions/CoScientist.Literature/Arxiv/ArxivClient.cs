using CoScientist.Core.Literature;
using System.Globalization;
using System.Text.RegularExpressions;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Http;
using CoScientist.Literature.Text;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.Arxiv;

/// <summary>
/// arXiv through its Atom API (<c>query</c>). Its terms ask for one request every three seconds on
/// a single connection: the gate and the handler registration see to both.
/// </summary>
public sealed partial class ArxivClient(HttpClient http, IOptions<LiteratureOptions> options, TimeProvider time)
    : SourceClient(http, options, time, SourceNames.Arxiv)
{
    public override async Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        var searchQuery = BuildSearchQuery(query);
        if (searchQuery.Length == 0 || maxResults <= 0)
        {
            return [];
        }

        var limit = Limit(maxResults);
        var feed = await QueryAsync(
            [("search_query", searchQuery), ("start", "0"), ("max_results", limit.ToString(CultureInfo.InvariantCulture)), ("sortBy", "relevance"), ("sortOrder", "descending")],
            cancellationToken);
        return [.. feed.Articles.Take(limit)];
    }

    /// <summary>By arXiv id (<c>arxiv:1605.08386</c>, <c>1605.08386v1</c>, <c>astro-ph/0601001</c>, an abs URL or the arXiv DOI).</summary>
    public override async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var arxivId = ArticleIds.NormalizeArxivId(id)
            ?? throw new ArgumentException($"'{id}' is not an arXiv id (e.g. arxiv:1605.08386 or astro-ph/0601001).", nameof(id));
        var feed = await QueryAsync([("id_list", arxivId), ("max_results", "1")], cancellationToken);
        return feed.Articles.FirstOrDefault(a => a.Id == ArticleIds.ArxivPrefix + arxivId);
    }

    /// <summary>
    /// arXiv's <c>search_query</c> for free text: every word must appear (<c>all:word AND ...</c>), a
    /// quoted phrase stays a phrase. Text already in arXiv syntax (<c>ti:</c>, <c>au:</c>, <c>AND</c>) passes unchanged.
    /// </summary>
    public static string BuildSearchQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var trimmed = text.Trim();
        if (ArxivSyntax().IsMatch(trimmed))
        {
            return trimmed;
        }

        var terms = QueryTerm().Matches(trimmed)
            .Select(m => m.Groups["phrase"].Success
                ? Words().Matches(m.Groups["phrase"].Value).Select(w => w.Value).ToList() is { Count: > 0 } words ? $"all:\"{string.Join(' ', words)}\"" : ""
                : $"all:{m.Groups["word"].Value}")
            .Where(t => t.Length > 0);
        return string.Join(" AND ", terms);
    }

    private async Task<ArxivFeed> QueryAsync((string Name, string? Value)[] parameters, CancellationToken cancellationToken)
    {
        var response = await SendAsync(QueryString.Build("query", parameters), cancellationToken);

        // Errors come as an Atom feed (HTTP 400 or 200); the parser names them.
        if (!response.IsSuccess && !(response.Status == 400 && response.Body.Contains("/api/errors", StringComparison.Ordinal)))
        {
            throw Failure(response);
        }

        try
        {
            return ArxivParser.Parse(response.Body);
        }
        catch (LiteratureSourceException ex) when (!response.IsSuccess)
        {
            throw new LiteratureSourceException(Name, ex.ApiMessage, response.Status, ex);
        }
    }

    [GeneratedRegex(@"\b(?:ti|au|abs|co|jr|cat|rn|id|all):|\b(?:AND|OR|ANDNOT)\b")]
    private static partial Regex ArxivSyntax();

    [GeneratedRegex("\"(?<phrase>[^\"]+)\"|(?<word>[\\p{L}\\p{N}][\\p{L}\\p{N}\\-.']*)")]
    private static partial Regex QueryTerm();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}\-.']*")]
    private static partial Regex Words();
}
