using CoScientist.Core.Literature;
using System.Globalization;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Http;
using CoScientist.Literature.Text;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.OpenAlex;

/// <summary>OpenAlex works: full-text search and lookup by OpenAlex id, DOI or PMID; <c>api_key</c> and <c>mailto</c> sent when configured.</summary>
public sealed class OpenAlexClient(HttpClient http, IOptions<LiteratureOptions> options, TimeProvider time)
    : SourceClient(http, options, time, SourceNames.OpenAlex)
{
    /// <summary>Only the fields the parser reads: OpenAlex works are large.</summary>
    public const string SelectedFields = "id,doi,title,display_name,publication_year,authorships,abstract_inverted_index,primary_location";

    public override async Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query) || maxResults <= 0)
        {
            return [];
        }

        var limit = Math.Min(Limit(maxResults), 200);
        var response = await SendAsync(
            QueryString.Build("works", [("search", query.Trim()), ("per_page", limit.ToString(CultureInfo.InvariantCulture)), ("select", SelectedFields), .. Etiquette()]),
            cancellationToken);
        return response.IsSuccess ? [.. OpenAlexParser.ParseList(response.Body).Articles.Take(limit)] : throw Failure(response);
    }

    /// <summary>By OpenAlex id (<c>openalex:W2109415576</c>), DOI or PMID; null when OpenAlex answers 404 in its own JSON.</summary>
    public override async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var path = ArticleIds.NormalizeOpenAlexId(id) is { } work ? $"works/{work}"
            : ArticleIds.NormalizeDoi(id) is { } doi ? $"works/doi:{Uri.EscapeDataString(doi)}"
            : ArticleIds.NormalizePmid(id) is { } pmid ? $"works/pmid:{pmid}"
            : throw new ArgumentException($"'{id}' is not an OpenAlex work id, DOI or PMID (e.g. openalex:W2109415576).", nameof(id));
        var response = await SendAsync(QueryString.Build(path, [("select", SelectedFields), .. Etiquette()]), cancellationToken);
        if (response.Status == 404 && IsJson(response))
        {
            return null;
        }

        return response.IsSuccess ? OpenAlexParser.ParseWork(response.Body) : throw Failure(response);
    }

    private static bool IsJson(SourceResponse response) =>
        response.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || response.Body.TrimStart().StartsWith('{');

    private (string Name, string? Value)[] Etiquette() => [("mailto", Settings.Contact), ("api_key", Settings.ApiKey)];
}
