using CoScientist.Core.Literature;
using System.Globalization;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Http;
using CoScientist.Literature.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.EuropePmc;

/// <summary>
/// Europe PMC's REST search (<c>resultType=core</c>, JSON). For results it marks open access, the
/// full text comes from <c>{PMCID}/fullTextXML</c> and follows the abstract in
/// <see cref="Article.Abstract"/>; the others keep their abstract.
/// </summary>
public sealed partial class EuropePmcClient(HttpClient http, IOptions<LiteratureOptions> options, TimeProvider time, ILogger<EuropePmcClient> logger)
    : SourceClient(http, options, time, SourceNames.EuropePmc)
{
    public override async Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query) || maxResults <= 0)
        {
            return [];
        }

        var limit = Limit(maxResults);
        var records = await SearchRecordsAsync(query.Trim(), limit, cancellationToken);
        return await WithFullTextAsync(records.Take(limit).ToList(), cancellationToken);
    }

    /// <summary>By PMID, PMC id, DOI, or a <c>europepmc:SRC:ID</c> id for records of other Europe PMC sources.</summary>
    public override async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var query = ArticleIds.NormalizePmcid(id) is { } pmcid ? $"PMCID:{pmcid}"
            : ArticleIds.NormalizePmid(id) is { } pmid ? $"EXT_ID:{pmid} AND SRC:MED"
            : ArticleIds.NormalizeDoi(id) is { } doi ? $"DOI:\"{doi}\""
            : OwnId(id) is { } own ? $"EXT_ID:{own.Id} AND SRC:{own.Source}"
            : throw new ArgumentException($"'{id}' is not a PMID, PMC id, DOI or europepmc:SRC:ID id.", nameof(id));
        var records = await SearchRecordsAsync(query, 1, cancellationToken);
        return records.Count == 0 ? null : (await WithFullTextAsync([records[0]], cancellationToken))[0];
    }

    private async Task<IReadOnlyList<EuropePmcRecord>> SearchRecordsAsync(string query, int pageSize, CancellationToken cancellationToken)
    {
        var response = await SendAsync(
            QueryString.Build(
                "search",
                ("query", query),
                ("format", "json"),
                ("resultType", "core"),
                ("pageSize", pageSize.ToString(CultureInfo.InvariantCulture)),
                ("cursorMark", "*")),
            cancellationToken);
        return response.IsSuccess ? EuropePmcParser.ParseSearch(response.Body).Records : throw Failure(response);
    }

    private async Task<IReadOnlyList<Article>> WithFullTextAsync(IReadOnlyList<EuropePmcRecord> records, CancellationToken cancellationToken)
    {
        if (!Options.EuropePmc.FullText)
        {
            return [.. records.Select(r => r.Article)];
        }

        // The gate paces these; asking them together only overlaps the waiting.
        return await Task.WhenAll(records.Select(r => r.IsOpenAccess ? WithFullTextAsync(r, cancellationToken) : Task.FromResult(r.Article)));
    }

    private async Task<Article> WithFullTextAsync(EuropePmcRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var response = await SendAsync($"{Uri.EscapeDataString(record.Pmcid!)}/fullTextXML", cancellationToken);
            if (!response.IsSuccess)
            {
                throw Failure(response);
            }

            var fullText = JatsFullText.Parse(response.Body);
            var abstractText = record.Article.Abstract.Length > 0 ? record.Article.Abstract : fullText.Abstract;
            return record.Article with { Abstract = JatsFullText.Combine(abstractText, fullText.Body, Options.EuropePmc.FullTextMaxCharacters) };
        }
        catch (LiteratureSourceException ex)
        {
            // The abstract is still worth having; the full text was a bonus.
            LogNoFullText(logger, record.Pmcid!, ex.Message);
            return record.Article;
        }
    }

    private static (string Source, string Id)? OwnId(string id)
    {
        var parts = id.Trim().Split(':');
        return parts is [var prefix, var source, var own] && prefix.Equals(SourceNames.EuropePmc, StringComparison.OrdinalIgnoreCase)
            && source.Length is > 0 and <= 5 && source.All(char.IsAsciiLetterUpper) && own.Length > 0 && own.All(char.IsAsciiLetterOrDigit)
            ? (source, own)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "europepmc: no full text for {Pmcid}, keeping the abstract: {Reason}")]
    private static partial void LogNoFullText(ILogger logger, string pmcid, string reason);
}
