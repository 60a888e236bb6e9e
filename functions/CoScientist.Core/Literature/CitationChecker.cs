using System.Text.RegularExpressions;
using CoScientist.Core.Proposals;
using CoScientist.Text;

namespace CoScientist.Core.Literature;

/// <summary>A reference the citation check took out of a proposal or review, and where it was.</summary>
/// <param name="Reference">The reference as the model wrote it, e.g. <c>PMID 31415926</c> or <c>Smith et al., 2019</c>.</param>
/// <param name="Field">Where it was: <c>cited articles</c> for the structured list, else the section (background, summary, ...).</param>
/// <param name="Reason">Why it was removed.</param>
public sealed record RemovedCitation(string Reference, string Field, string Reason);

/// <summary>A reference found in free text.</summary>
/// <param name="Text">The reference as written.</param>
/// <param name="Index">Where it starts in the text.</param>
/// <param name="Key">Its normal key (<see cref="ArticleKeys.Of"/>), or null for an author-year reference.</param>
/// <param name="Surname">For an author-year reference, the first author's surname.</param>
/// <param name="Year">For an author-year reference, the year.</param>
public sealed record TextReference(string Text, int Index, string? Key, string? Surname = null, int? Year = null);

/// <summary>
/// The citation check. A reference is kept only when it names an article actually retrieved for
/// the run (the articles given to the checker); anything else is removed, replaced in text by
/// <see cref="Marker"/>, and recorded, so an invented citation is never shown as real. It checks
/// the structured cited ids, and in free text: PMIDs (<c>PMID 123</c>, <c>pmid:123</c>, PubMed
/// URLs), DOIs (<c>doi:10.x/y</c>, doi.org URLs, bare <c>10.x/y</c>), arXiv ids (<c>arXiv:2101.00001</c>,
/// arXiv URLs), PMC ids, OpenAlex ids, attached-context ids (<c>context-3</c>), clinical-trial ids
/// (<c>NCT01234567</c>), any other web address (kept only when it is a retrieved article's own
/// address), and author-year citations: <c>(Smith et al., 2019)</c>, <c>(Smith and Jones, 2019)</c>,
/// <c>(Smith, 2019)</c>, <c>Smith et al. (2019)</c>, <c>Smith and Jones (2019)</c>, <c>Smith et al. 2019</c>
/// and the Vancouver form <c>Smith J, et al. Nature. 2019</c>. An author-year citation holds only
/// when a retrieved article of that year has that surname as its FIRST author. Text is normalised
/// first (<see cref="TextNormalisation"/>), so a zero-width space, a fullwidth letter or a Cyrillic
/// "Р" in "PMID" hides nothing; what the check shows is the normalised text.
/// </summary>
public sealed partial class CitationChecker
{
    /// <summary>What a removed reference is replaced with in text.</summary>
    public const string Marker = "[citation removed]";

    public const string NotRetrieved = "not among the articles retrieved for this run";

    /// <summary>The structured list's field name in <see cref="RemovedCitation.Field"/>.</summary>
    public const string CitedArticlesField = "cited articles";

    // Capitalised words that open parentheses with a year but are not authors.
    private static readonly HashSet<string> NotSurnames = new(StringComparer.OrdinalIgnoreCase)
    {
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Spring", "Summer", "Autumn", "Fall", "Winter",
        "Figure", "Fig", "Table", "Phase", "Version", "Step", "Aim", "Vol", "Volume", "Suppl", "Supplement", "Since", "Until", "Before", "After",
        "In", "From", "To", "By", "Year", "Cohort", "Trial", "Study", "Data", "Approved", "Published", "Updated", "Edition", "Release",
    };

    private readonly IReadOnlyList<Article> _known;
    private readonly Dictionary<string, Article> _byKey = new(StringComparer.Ordinal);
    private readonly List<ArticleReference> _articles = [];
    private readonly HashSet<string> _cited = new(StringComparer.Ordinal);
    private readonly List<RemovedCitation> _removed = [];

    /// <param name="known">The articles retrieved for the run: the only ones that may be cited.</param>
    public CitationChecker(IEnumerable<Article> known)
    {
        _known = [.. known];
        foreach (var article in _known)
        {
            foreach (var key in ArticleKeys.KeysOf(article))
            {
                _byKey.TryAdd(key, article);
            }
        }
    }

    /// <summary>The cited articles that hold, in order of first citation, each once.</summary>
    public IReadOnlyList<ArticleReference> Articles => [.. _articles];

    /// <summary>Everything removed so far.</summary>
    public IReadOnlyList<RemovedCitation> Removed => [.. _removed];

    /// <summary>The article a reference names, if it was retrieved for the run.</summary>
    public Article? Resolve(string? reference) =>
        ArticleKeys.Of(reference) is { } key && _byKey.TryGetValue(key, out var article) ? article : null;

    /// <summary>Checks the structured cited ids: known ones become <see cref="Articles"/>, the rest are removed.</summary>
    public CitationChecker CheckIds(IEnumerable<string>? ids, string field = CitedArticlesField)
    {
        foreach (var id in (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)))
        {
            if (Resolve(id) is { } article)
            {
                Cite(article);
            }
            else
            {
                Remove(id.Trim(), field);
            }
        }

        return this;
    }

    /// <summary>The text with every reference that does not hold replaced by <see cref="Marker"/>; references that hold are kept and cited.</summary>
    public string Clean(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        text = TextNormalisation.Normalise(text);
        var references = Find(text);
        if (references.Count == 0)
        {
            return text;
        }

        var cleaned = new System.Text.StringBuilder(text.Length);
        var at = 0;
        var removedAny = false;
        foreach (var reference in references)
        {
            cleaned.Append(text, at, reference.Index - at);
            at = reference.Index + reference.Text.Length;
            var article = reference.Key is { } key
                ? _byKey.GetValueOrDefault(key) ?? ByUrl(reference.Text)
                : ByAuthorYear(reference.Surname!, reference.Year!.Value);
            if (article is not null)
            {
                Cite(article);
                cleaned.Append(reference.Text);
            }
            else
            {
                Remove(reference.Text, field);
                cleaned.Append(Marker);
                removedAny = true;
            }
        }

        cleaned.Append(text, at, text.Length - at);
        return removedAny ? Tidy(cleaned.ToString()) : cleaned.ToString();
    }

    /// <summary><see cref="Clean(string?, string)"/> for each item of a list, named <c>field 1</c>, <c>field 2</c>, ...</summary>
    public IReadOnlyList<string> Clean(IReadOnlyList<string>? texts, string field) =>
        texts is null ? [] : [.. texts.Select((t, i) => Clean(t, texts.Count == 1 ? field : $"{field} {i + 1}"))];

    /// <summary>Every reference in <paramref name="text"/>, in order, not overlapping.</summary>
    public static IReadOnlyList<TextReference> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        text = TextNormalisation.Normalise(text);
        var found = new List<TextReference>();
        foreach (Match match in IdReference().Matches(text))
        {
            var value = match.Value;
            if (match.Groups["doi"].Success || match.Groups["url"].Success)
            {
                value = ArticleKeys.TrimDoi(value);
            }

            if (match.Groups["pmid"].Success && PmidNumber().Match(value) is { Success: true } number)
            {
                // "PMID#123", "PMID-123", "PMID = 123": the same reference as "PMID 123".
                found.Add(new TextReference(value, match.Index, "pmid:" + number.Value));
            }
            else if (match.Groups["nct"].Success)
            {
                found.Add(new TextReference(value, match.Index, "nct:" + NonDigits().Replace(value, "")));
            }
            else if (ArticleKeys.Of(value) is { } key)
            {
                found.Add(new TextReference(value, match.Index, key));
            }
        }

        foreach (var match in AuthorYearReference().Matches(text).Cast<Match>())
        {
            var surname = match.Groups["surname"].Value;
            if (NotSurnames.Contains(surname)
                || found.Any(f => match.Index < f.Index + f.Text.Length && f.Index < match.Index + match.Length))
            {
                continue;
            }

            found.Add(new TextReference(match.Value, match.Index, null, surname, int.Parse(match.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return [.. found.OrderBy(f => f.Index)];
    }

    // The FIRST author only: "Smith et al." names the article Smith wrote first, not any with a Smith among its authors.
    private Article? ByAuthorYear(string surname, int year) =>
        _known.FirstOrDefault(a => a.Year == year && a.Authors.Count > 0
            && NameWords().Matches(TextNormalisation.Normalise(a.Authors[0])).Any(w => string.Equals(w.Value, surname, StringComparison.OrdinalIgnoreCase)));

    /// <summary>A web address holds only when it is a retrieved article's own address.</summary>
    private Article? ByUrl(string reference)
    {
        var address = reference.TrimEnd('/', '.').ToLowerInvariant();
        return address.StartsWith("http", StringComparison.Ordinal) || address.StartsWith("www.", StringComparison.Ordinal)
            ? _known.FirstOrDefault(a => a.Url is { } url && string.Equals(url.TrimEnd('/').ToLowerInvariant().Replace("https://", "", StringComparison.Ordinal).Replace("http://", "", StringComparison.Ordinal),
                address.Replace("https://", "", StringComparison.Ordinal).Replace("http://", "", StringComparison.Ordinal), StringComparison.Ordinal))
            : null;
    }

    private void Cite(Article article)
    {
        if (_cited.Add(ArticleKeys.Of(article.Id) ?? article.Id))
        {
            _articles.Add(new ArticleReference(article.Id, article.Title, article.Url, article.Source));
        }
    }

    private void Remove(string reference, string field)
    {
        if (!_removed.Any(r => r.Reference == reference && r.Field == field))
        {
            _removed.Add(new RemovedCitation(reference, field, NotRetrieved));
        }
    }

    /// <summary>"([citation removed])" reads as "[citation removed]"; neighbouring markers merge.</summary>
    private static string Tidy(string text)
    {
        text = RepeatedMarker().Replace(text, Marker);
        return BracketedMarker().Replace(text, Marker);
    }

    [GeneratedRegex("""
        (?<doi>(?:\bdoi\s*:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?\b10\.\d{4,9}/[^\s"'<>\],;]+)
        |(?<arxiv>\barxiv\s*:\s*(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?
            |(?:https?://)?(?:export\.|www\.)?arxiv\.org/(?:abs|pdf)/(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?)
        |(?<pmid>\b(?:pmid|pubmed\s*id)[\s:#=\-\.]*\d{1,9}\b|(?:https?://)?pubmed\.ncbi\.nlm\.nih\.gov/\d{1,9}/?)
        |(?<pmcid>\b(?:pmcid\s*:\s*)?PMC\d{3,9}\b)
        |(?<openalex>\bopenalex\s*:\s*W\d{1,12}\b|(?:https?://)?(?:api\.)?openalex\.org/(?:works/)?W\d{1,12})
        |(?<context>\bcontext-\d+\b)
        |(?<nct>\bNCT\s*\d{8}\b)
        |(?<url>\b(?:https?://|www\.)[^\s"'<>\]\)]+)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex IdReference();

    // Inside brackets (opened by '(' '[' or ';'): "Smith et al., 2019", "Smith and Jones, 2019", "Smith, 2019".
    // In running text: "Smith et al. (2019)", "Smith and Jones (2019)".
    [GeneratedRegex("""
        (?<=[(\[;]\s*)(?<surname>\p{Lu}[\p{L}'\-]+)(?:\s+et\s+al\.?,?|\s+(?:and|&)\s+\p{Lu}[\p{L}'\-]+,?|,)\s+(?<year>(?:19|20)\d{2})[a-z]?(?=\s*[)\];])
        |(?<surname>\p{Lu}[\p{L}'\-]+)(?:\s+et\s+al\.?|\s+(?:and|&)\s+\p{Lu}[\p{L}'\-]+)\s+\(\s*(?<year>(?:19|20)\d{2})[a-z]?\s*\)
        |(?<surname>\p{Lu}[\p{L}'\-]+)\s+et\s+al\.?,?\s+(?<year>(?:19|20)\d{2})[a-z]?\b
        |(?<surname>\p{Lu}[\p{L}'\-]+)\s+\p{Lu}{1,3},?\s+(?:et\s+al\.?|\p{Lu}[\p{L}'\-]+\s+\p{Lu}{1,3}\.?)[^\n()\[\]]{0,100}?\b(?<year>(?:19|20)\d{2})\b
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AuthorYearReference();

    [GeneratedRegex(@"[\p{L}'\-]{2,}")]
    private static partial Regex NameWords();

    [GeneratedRegex(@"\d{1,9}(?=\D*$)")]
    private static partial Regex PmidNumber();

    [GeneratedRegex(@"\D")]
    private static partial Regex NonDigits();

    [GeneratedRegex(@"[(\[]\s*\[citation removed\]\s*[)\]]")]
    private static partial Regex BracketedMarker();

    [GeneratedRegex(@"\[citation removed\](?:\s*[;,]\s*\[citation removed\])+")]
    private static partial Regex RepeatedMarker();
}
