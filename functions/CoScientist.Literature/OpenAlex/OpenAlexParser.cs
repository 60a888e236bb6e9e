using CoScientist.Core.Literature;
using System.Text.Json;
using CoScientist.Literature.Text;

namespace CoScientist.Literature.OpenAlex;

/// <summary>What a works search found: the total count and this page's works.</summary>
public sealed record OpenAlexSearchResult(int Count, IReadOnlyList<Article> Articles);

/// <summary>
/// Parses OpenAlex works: lists (<c>{meta, results}</c>) and single works. Abstracts come as an
/// inverted index (word → positions) and are rebuilt into text.
/// </summary>
public static class OpenAlexParser
{
    private const string Source = SourceNames.OpenAlex;

    public static OpenAlexSearchResult ParseList(string json)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected(root, "a works list");
        }

        var count = root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("count", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : 0;
        return new OpenAlexSearchResult(count, [.. results.EnumerateArray().Select(FromWork).OfType<Article>()]);
    }

    public static Article ParseWork(string json)
    {
        using var document = Parse(json);
        return FromWork(document.RootElement) ?? throw Unexpected(document.RootElement, "a work");
    }

    /// <summary>The abstract text behind an <c>abstract_inverted_index</c>: each word placed at its positions.</summary>
    public static string RebuildAbstract(JsonElement invertedIndex)
    {
        if (invertedIndex.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        var words = new SortedDictionary<int, string>();
        foreach (var entry in invertedIndex.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var position in entry.Value.EnumerateArray())
            {
                if (position.ValueKind == JsonValueKind.Number && position.TryGetInt32(out var at) && at >= 0)
                {
                    words[at] = entry.Name;
                }
            }
        }

        return Markup.WithoutAbstractHeading(Markup.CollapseWhitespace(string.Join(' ', words.Values)));
    }

    private static JsonDocument Parse(string json)
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

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new LiteratureSourceException(Source, "unusable answer: JSON that is not an object");
        }

        if (document.RootElement.TryGetProperty("error", out _))
        {
            var message = ErrorBodies.FromJson(document.RootElement) ?? "error";
            document.Dispose();
            throw new LiteratureSourceException(Source, $"OpenAlex error: {message}");
        }

        return document;
    }

    private static Article? FromWork(JsonElement work)
    {
        if (work.ValueKind != JsonValueKind.Object || ArticleIds.NormalizeOpenAlexId(Text(work, "id")) is not { } id)
        {
            return null;
        }

        var doi = ArticleIds.NormalizeDoi(Text(work, "doi"));
        var authors = new List<string>();
        if (work.TryGetProperty("authorships", out var authorships) && authorships.ValueKind == JsonValueKind.Array)
        {
            foreach (var authorship in authorships.EnumerateArray())
            {
                var name = (authorship.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object ? Text(author, "display_name") : null)
                    ?? Text(authorship, "raw_author_name");
                if (name is not null)
                {
                    authors.Add(Markup.CollapseWhitespace(name));
                }
            }
        }

        int? year = work.TryGetProperty("publication_year", out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out var value) ? value : null;
        var landing = work.TryGetProperty("primary_location", out var location) && location.ValueKind == JsonValueKind.Object ? Text(location, "landing_page_url") : null;
        var abstractText = work.TryGetProperty("abstract_inverted_index", out var index) ? RebuildAbstract(index) : "";
        return new Article(
            ArticleIds.OpenAlexPrefix + id,
            Markup.ToPlainText(Text(work, "title") ?? Text(work, "display_name")),
            abstractText,
            authors,
            year,
            landing ?? (doi is null ? Text(work, "id") : $"https://doi.org/{doi}"),
            Source,
            doi);
    }

    private static LiteratureSourceException Unexpected(JsonElement root, string expected) =>
        new(Source, $"unusable answer: JSON that is not {expected} ({ErrorBodies.FromJson(root) ?? "no message"})");

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}
