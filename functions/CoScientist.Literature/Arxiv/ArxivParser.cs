using CoScientist.Core.Literature;
using System.Globalization;
using System.Xml.Linq;
using CoScientist.Literature.Text;

namespace CoScientist.Literature.Arxiv;

/// <summary>One page of an arXiv feed: the total hit count and the entries.</summary>
public sealed record ArxivFeed(int TotalResults, IReadOnlyList<Article> Articles);

/// <summary>
/// Parses the arXiv API's Atom feed, the current layout and the legacy (2016) one alike. arXiv
/// reports errors as a feed whose single entry is titled "Error" (often with HTTP 400): that
/// becomes a <see cref="LiteratureSourceException"/> carrying the entry's summary.
/// </summary>
public static class ArxivParser
{
    private const string Source = SourceNames.Arxiv;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace ArxivNs = "http://arxiv.org/schemas/atom";
    private static readonly XNamespace OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";

    public static ArxivFeed Parse(string xml)
    {
        var root = SafeXml.ParseRoot(Source, xml);
        if (root.Name != Atom + "feed")
        {
            throw new LiteratureSourceException(Source, $"unusable answer: <{root.Name.LocalName}> where an Atom <feed> was expected ({ErrorBodies.Describe(xml)})");
        }

        if (ErrorBodies.ArxivError(root) is { } error)
        {
            throw new LiteratureSourceException(Source, $"arXiv error: {error}");
        }

        var total = int.TryParse(root.Element(OpenSearch + "totalResults")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;
        var articles = root.Elements(Atom + "entry").Select(FromEntry).OfType<Article>().ToList();
        return new ArxivFeed(total, articles);
    }

    private static Article? FromEntry(XElement entry)
    {
        var id = ArticleIds.NormalizeArxivId(entry.Element(Atom + "id")?.Value);
        var title = Markup.CollapseWhitespace(entry.Element(Atom + "title")?.Value);

        // The legacy API answered an unknown id with an entry that has no title.
        if (id is null || title.Length == 0)
        {
            return null;
        }

        var authors = entry.Elements(Atom + "author")
            .Select(a => Markup.CollapseWhitespace(a.Element(Atom + "name")?.Value))
            .Where(name => name.Length > 0)
            .ToList();
        var published = entry.Element(Atom + "published")?.Value;
        int? year = DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date.Year : null;
        var url = entry.Elements(Atom + "link")
            .FirstOrDefault(l => (string?)l.Attribute("rel") == "alternate")?.Attribute("href")?.Value
            ?? $"https://arxiv.org/abs/{id}";
        var doi = ArticleIds.NormalizeDoi(entry.Element(ArxivNs + "doi")?.Value);
        return new Article(
            ArticleIds.ArxivPrefix + id,
            title,
            Markup.CollapseWhitespace(entry.Element(Atom + "summary")?.Value),
            authors,
            year,
            url,
            Source,
            doi);
    }
}
