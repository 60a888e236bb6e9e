using CoScientist.Core.Literature;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CoScientist.Literature.Text;

namespace CoScientist.Literature.PubMed;

/// <summary>What esearch found: the total hit count and the PMIDs of this page, best first.</summary>
public sealed record PubMedSearchResult(int Count, IReadOnlyList<string> Pmids);

/// <summary>
/// Parses E-utilities XML: esearch (<c>eSearchResult</c>) and efetch (<c>PubmedArticleSet</c>).
/// NCBI reports errors in-band as <c>&lt;ERROR&gt;</c>, often with HTTP 200: those become
/// <see cref="LiteratureSourceException"/>, as does any other document in their place.
/// </summary>
public static partial class PubMedParser
{
    private const string Source = SourceNames.PubMed;

    public static PubMedSearchResult ParseSearch(string xml)
    {
        var root = SafeXml.ParseRoot(Source, xml);
        ThrowOnError(root);
        if (root.Name.LocalName != "eSearchResult")
        {
            throw Unexpected(root, "eSearchResult");
        }

        // A query with no hits comes with <ErrorList><PhraseNotFound>: that is zero results, not an error.
        var count = int.TryParse(root.Element("Count")?.Value, out var total) ? total : 0;
        IReadOnlyList<string> ids = [.. (root.Element("IdList")?.Elements("Id") ?? []).Select(e => e.Value.Trim()).Where(id => id.Length > 0)];
        return new PubMedSearchResult(count, ids);
    }

    public static IReadOnlyList<Article> ParseArticles(string xml)
    {
        var root = SafeXml.ParseRoot(Source, xml);
        ThrowOnError(root);
        if (root.Name.LocalName != "PubmedArticleSet")
        {
            throw Unexpected(root, "PubmedArticleSet");
        }

        var articles = new List<Article>();
        foreach (var element in root.Elements())
        {
            var article = element.Name.LocalName switch
            {
                "PubmedArticle" => FromArticle(element),
                "PubmedBookArticle" => FromBookArticle(element),
                _ => null,
            };
            if (article is not null)
            {
                articles.Add(article);
            }
        }

        return articles;
    }

    private static Article? FromArticle(XElement element)
    {
        var citation = element.Element("MedlineCitation");
        var pmid = citation?.Element("PMID")?.Value.Trim();
        var article = citation?.Element("Article");
        if (string.IsNullOrEmpty(pmid) || article is null)
        {
            return null;
        }

        var title = Markup.ToPlainText(article.Element("ArticleTitle"));
        if (title.Length == 0)
        {
            title = Markup.ToPlainText(article.Element("VernacularTitle"));
        }

        var abstractElement = article.Element("Abstract") ?? citation!.Elements("OtherAbstract").FirstOrDefault();
        var pubDate = article.Element("Journal")?.Element("JournalIssue")?.Element("PubDate");
        var year = YearOf(pubDate)
            ?? YearOf(article.Element("ArticleDate"))
            ?? YearOf(element.Element("PubmedData")?.Element("History")?.Elements("PubMedPubDate").FirstOrDefault(d => (string?)d.Attribute("PubStatus") == "pubmed"));
        var doi = Doi(element.Element("PubmedData")?.Element("ArticleIdList"))
            ?? article.Elements("ELocationID").Where(e => (string?)e.Attribute("EIdType") == "doi").Select(e => ArticleIds.NormalizeDoi(e.Value)).FirstOrDefault(d => d is not null);
        return Create(pmid, title, AbstractText(abstractElement), Authors(article.Element("AuthorList")), year, doi);
    }

    private static Article? FromBookArticle(XElement element)
    {
        var document = element.Element("BookDocument");
        var pmid = document?.Element("PMID")?.Value.Trim();
        if (string.IsNullOrEmpty(pmid))
        {
            return null;
        }

        var book = document!.Element("Book");
        var title = Markup.ToPlainText(document.Element("ArticleTitle"));
        if (title.Length == 0)
        {
            title = Markup.ToPlainText(book?.Element("BookTitle"));
        }

        var authors = Authors(document.Element("AuthorList") ?? book?.Element("AuthorList"));
        var doi = Doi(element.Element("PubmedBookData")?.Element("ArticleIdList"));
        return Create(pmid, title, AbstractText(document.Element("Abstract")), authors, YearOf(book?.Element("PubDate")), doi);
    }

    private static Article Create(string pmid, string title, string abstractText, IReadOnlyList<string> authors, int? year, string? doi) =>
        new(ArticleIds.PmidPrefix + pmid, title, abstractText, authors, year, $"https://pubmed.ncbi.nlm.nih.gov/{pmid}/", Source, doi);

    /// <summary>The abstract's paragraphs; structured ones as <c>LABEL: text</c>, one per line.</summary>
    private static string AbstractText(XElement? abstractElement)
    {
        if (abstractElement is null)
        {
            return "";
        }

        var parts = abstractElement.Elements("AbstractText")
            .Select(part => (Label: ((string?)part.Attribute("Label"))?.Trim(), Text: Markup.CollapseWhitespace(Markup.ToPlainText(part))))
            .Where(part => part.Text.Length > 0)
            .Select(part => string.IsNullOrEmpty(part.Label) ? part.Text : $"{part.Label}: {part.Text}");
        return string.Join('\n', parts);
    }

    private static List<string> Authors(XElement? authorList)
    {
        if (authorList is null)
        {
            return [];
        }

        var authors = new List<string>();
        foreach (var author in authorList.Elements("Author").Where(a => (string?)a.Attribute("ValidYN") != "N"))
        {
            var collective = Markup.ToPlainText(author.Element("CollectiveName"));
            if (collective.Length > 0)
            {
                authors.Add(collective);
                continue;
            }

            var last = author.Element("LastName")?.Value.Trim();
            var first = (author.Element("ForeName") ?? author.Element("Initials"))?.Value.Trim();
            var name = string.Join(' ', new[] { first, last }.Where(p => !string.IsNullOrEmpty(p)));
            if (name.Length > 0)
            {
                authors.Add(Markup.CollapseWhitespace(name));
            }
        }

        return authors;
    }

    private static string? Doi(XElement? articleIdList) =>
        articleIdList?.Elements("ArticleId")
            .Where(e => (string?)e.Attribute("IdType") == "doi")
            .Select(e => ArticleIds.NormalizeDoi(e.Value))
            .FirstOrDefault(d => d is not null);

    /// <summary>The year of a date element: its Year, or the first year in a MedlineDate such as "1998 Dec-1999 Jan".</summary>
    private static int? YearOf(XElement? date)
    {
        if (date is null)
        {
            return null;
        }

        var text = date.Element("Year")?.Value ?? date.Element("MedlineDate")?.Value;
        var match = text is null ? Match.Empty : FourDigitYear().Match(text);
        return match.Success ? int.Parse(match.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static void ThrowOnError(XElement root)
    {
        // <ERROR> sits at the top of eSearchResult/eFetchResult; a nested one inside an article would be text, not an error.
        var error = root.Name.LocalName == "ERROR" ? root : root.Element("ERROR");
        if (error is not null)
        {
            throw new LiteratureSourceException(Source, $"NCBI error: {ErrorBodies.NcbiError(error)}");
        }
    }

    private static LiteratureSourceException Unexpected(XElement root, string expected) =>
        new(Source, $"unusable answer: <{root.Name.LocalName}> where <{expected}> was expected ({ErrorBodies.Describe(root.ToString())})");

    [GeneratedRegex(@"\b(1[5-9]|20)\d{2}\b")]
    private static partial Regex FourDigitYear();
}
