using CoScientist.Core.Literature;
using System.Globalization;
using System.Text.Json;
using CoScientist.Literature.Text;

namespace CoScientist.Literature.EuropePmc;

/// <summary>One Europe PMC result: the article, and whether its full text can be fetched.</summary>
/// <param name="Article">The article as the search result describes it.</param>
/// <param name="Pmcid">PMC id, if the record has one.</param>
/// <param name="IsOpenAccess">Open access and in Europe PMC: <c>fullTextXML</c> serves its full text.</param>
public sealed record EuropePmcRecord(Article Article, string? Pmcid, bool IsOpenAccess);

/// <summary>What a search found: the total hit count and this page's records.</summary>
public sealed record EuropePmcSearchResult(int HitCount, IReadOnlyList<EuropePmcRecord> Records);

/// <summary>Parses Europe PMC's JSON search answers (<c>resultType=core</c>, and the lite and idlist shapes).</summary>
public static class EuropePmcParser
{
    private const string Source = SourceNames.EuropePmc;

    public static EuropePmcSearchResult ParseSearch(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new LiteratureSourceException(Source, $"unusable answer: not JSON ({ErrorBodies.Describe(json)})", null, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resultList", out var resultList))
            {
                var message = ErrorBodies.FromJson(root);
                throw new LiteratureSourceException(Source, message is null ? "unusable answer: JSON without a resultList" : $"Europe PMC error: {message}");
            }

            var hitCount = root.TryGetProperty("hitCount", out var hits) && hits.ValueKind == JsonValueKind.Number && hits.TryGetInt32(out var n) ? n : 0;
            var records = new List<EuropePmcRecord>();
            if (resultList.ValueKind == JsonValueKind.Object && resultList.TryGetProperty("result", out var results) && results.ValueKind == JsonValueKind.Array)
            {
                foreach (var result in results.EnumerateArray())
                {
                    if (FromResult(result) is { } record)
                    {
                        records.Add(record);
                    }
                }
            }

            return new EuropePmcSearchResult(hitCount, records);
        }
    }

    private static EuropePmcRecord? FromResult(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = Text(result, "id");
        var source = Text(result, "source");
        var pmid = ArticleIds.NormalizePmid(Text(result, "pmid"));
        var pmcid = ArticleIds.NormalizePmcid(Text(result, "pmcid"));
        var doi = ArticleIds.NormalizeDoi(Text(result, "doi"));
        if (id is null || source is null)
        {
            return null;
        }

        var articleId = source == "MED" && pmid is not null ? ArticleIds.PmidPrefix + pmid
            : source == "PMC" && pmcid is not null ? ArticleIds.PmcidPrefix + pmcid
            : doi is not null ? ArticleIds.DoiPrefix + doi
            : pmid is not null ? ArticleIds.PmidPrefix + pmid
            : $"{SourceNames.EuropePmc}:{source}:{id}";
        var article = new Article(
            articleId,
            Markup.ToPlainText(Text(result, "title")),
            Markup.ToPlainText(Text(result, "abstractText")),
            Authors(result),
            Year(result),
            $"https://europepmc.org/article/{Uri.EscapeDataString(source)}/{Uri.EscapeDataString(id)}",
            Source,
            doi);
        var openAccess = Text(result, "isOpenAccess") == "Y" && Text(result, "inEPMC") == "Y" && pmcid is not null;
        return new EuropePmcRecord(article, pmcid, openAccess);
    }

    private static List<string> Authors(JsonElement result)
    {
        var authors = new List<string>();
        if (result.TryGetProperty("authorList", out var list) && list.TryGetProperty("author", out var people) && people.ValueKind == JsonValueKind.Array)
        {
            foreach (var person in people.EnumerateArray())
            {
                var name = Text(person, "collectiveName")
                    ?? (Text(person, "lastName") is { } last ? string.Join(' ', new[] { Text(person, "firstName"), last }.Where(p => p is not null)) : null)
                    ?? Text(person, "fullName");
                if (name is not null)
                {
                    authors.Add(Markup.CollapseWhitespace(name));
                }
            }

            return authors;
        }

        // Lite results only carry "Schoenfeld JD, Haas-Kogan DA, O'Neill AF."
        if (Text(result, "authorString") is { } authorString)
        {
            authors.AddRange(authorString.TrimEnd('.').Split(',').Select(a => a.Trim()).Where(a => a.Length > 0));
        }

        return authors;
    }

    private static int? Year(JsonElement result)
    {
        if (int.TryParse(Text(result, "pubYear"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var year) && year > 0)
        {
            return year;
        }

        if (result.TryGetProperty("journalInfo", out var journal) && journal.ValueKind == JsonValueKind.Object
            && journal.TryGetProperty("yearOfPublication", out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out var journalYear) && journalYear > 0)
        {
            return journalYear;
        }

        // PMC-only records may have nothing else; the date they first appeared is the best there is.
        foreach (var name in (string[])["electronicPublicationDate", "firstPublicationDate"])
        {
            if (Text(result, name) is { Length: >= 4 } date && int.TryParse(date.AsSpan(0, 4), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fromDate))
            {
                return fromDate;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}
