using CoScientist.Core.Literature;
using System.Text.Json;
using CoScientist.Literature.Text;

namespace CoScientist.Literature.Crossref;

/// <summary>What a works query found: the total and this page's works.</summary>
public sealed record CrossrefSearchResult(int TotalResults, IReadOnlyList<Article> Articles);

/// <summary>
/// Parses Crossref's JSON envelopes (<c>{status, message-type, message}</c>): work lists and single
/// works. Abstracts are JATS (<c>&lt;jats:p&gt;</c>) and become plain text; a <c>failed</c> status
/// (validation failures list their messages) becomes a <see cref="LiteratureSourceException"/>.
/// </summary>
public static class CrossrefParser
{
    private const string Source = SourceNames.Crossref;

    public static CrossrefSearchResult ParseList(string json)
    {
        using var document = Parse(json, "work-list");
        var message = document.RootElement.GetProperty("message");
        var total = message.TryGetProperty("total-results", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var n) ? n : 0;
        var items = message.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : default;
        return new CrossrefSearchResult(total, [.. items.Select(FromWork).OfType<Article>()]);
    }

    public static Article ParseWork(string json)
    {
        using var document = Parse(json, "work");
        return FromWork(document.RootElement.GetProperty("message"))
            ?? throw new LiteratureSourceException(Source, "unusable answer: a work without a DOI");
    }

    private static JsonDocument Parse(string json, string messageType)
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

        var root = document.RootElement;
        var status = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) ? s.GetString() : null;
        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message-type", out var m) ? m.GetString() : null;
        if (status == "ok" && type == messageType && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            return document;
        }

        var error = ErrorBodies.FromJson(root);
        document.Dispose();
        throw new LiteratureSourceException(
            Source,
            status == "ok" ? $"unusable answer: message-type '{type}' where '{messageType}' was expected" : $"Crossref error ({type ?? status ?? "no status"}): {error ?? "no message"}");
    }

    private static Article? FromWork(JsonElement work)
    {
        if (work.ValueKind != JsonValueKind.Object || ArticleIds.NormalizeDoi(Text(work, "DOI")) is not { } doi)
        {
            return null;
        }

        var title = work.TryGetProperty("title", out var titles) && titles.ValueKind == JsonValueKind.Array
            ? titles.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? Markup.ToPlainText(t.GetString()) : "").FirstOrDefault(t => t.Length > 0) ?? ""
            : "";
        return new Article(
            ArticleIds.DoiPrefix + doi,
            title,
            Markup.ToPlainText(Text(work, "abstract")),
            Authors(work),
            Year(work),
            Text(work, "URL") ?? $"https://doi.org/{doi}",
            Source,
            doi);
    }

    private static List<string> Authors(JsonElement work)
    {
        var authors = new List<string>();
        if (!work.TryGetProperty("author", out var people) || people.ValueKind != JsonValueKind.Array)
        {
            return authors;
        }

        foreach (var person in people.EnumerateArray())
        {
            // People have given/family; organisations and consortia only a name.
            var family = Text(person, "family");
            var name = family is not null ? string.Join(' ', new[] { Text(person, "given"), family }.Where(p => p is not null)) : Text(person, "name");
            if (name is not null)
            {
                authors.Add(Markup.CollapseWhitespace(name));
            }
        }

        return authors;
    }

    /// <summary>The first year among issued, published, print, online and created dates (date-parts may hold null).</summary>
    private static int? Year(JsonElement work)
    {
        foreach (var name in (string[])["issued", "published", "published-print", "published-online", "created"])
        {
            if (work.TryGetProperty(name, out var date) && date.ValueKind == JsonValueKind.Object
                && date.TryGetProperty("date-parts", out var parts) && parts.ValueKind == JsonValueKind.Array
                && parts.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Array } first
                && first.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Number } year && year.TryGetInt32(out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}
