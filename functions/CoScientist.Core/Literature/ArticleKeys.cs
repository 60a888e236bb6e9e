using System.Text;
using System.Text.RegularExpressions;
using CoScientist.Core.Determinism;

namespace CoScientist.Core.Literature;

/// <summary>
/// Normal forms of article identifiers, so that a citation matches the article it names however
/// it is written: <c>PMID 123</c>, <c>pmid:123</c> and a PubMed URL are one key; DOIs are
/// lower-cased without resolver; arXiv ids lose their version, and arXiv's own DOIs become arXiv ids.
/// The core keeps its own copy of these rules because it does not depend on the literature clients.
/// </summary>
public static partial class ArticleKeys
{
    /// <summary>Longest row key written; longer ids are shortened with a hash (Azure allows 1 KiB).</summary>
    private const int MaxRowKeyLength = 400;

    /// <summary>
    /// The normal key of one reference: <c>pmid:123</c>, <c>arxiv:1605.08386</c>, <c>doi:10.x/y</c>,
    /// <c>pmcid:PMC1</c>, <c>openalex:W1</c>, or any other id lower-cased; null for blank text.
    /// Bare PMIDs, DOIs and arXiv ids are recognised too.
    /// </summary>
    public static string? Of(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        var text = reference.Trim();
        if (Pmid().Match(text) is { Success: true } pmid)
        {
            return "pmid:" + pmid.Groups["id"].Value;
        }

        if (Doi().Match(text) is { Success: true } doi)
        {
            var value = TrimDoi(doi.Groups["id"].Value).ToLowerInvariant();
            return value.StartsWith("10.48550/arxiv.", StringComparison.Ordinal)
                ? "arxiv:" + value["10.48550/arxiv.".Length..]
                : "doi:" + value;
        }

        if (Arxiv().Match(text) is { Success: true } arxiv)
        {
            return "arxiv:" + arxiv.Groups["id"].Value.ToLowerInvariant();
        }

        if (Pmcid().Match(text) is { Success: true } pmcid)
        {
            return "pmcid:PMC" + pmcid.Groups["id"].Value;
        }

        if (OpenAlex().Match(text) is { Success: true } openAlex)
        {
            return "openalex:W" + openAlex.Groups["id"].Value;
        }

        return text.ToLowerInvariant();
    }

    /// <summary>Every key under which <paramref name="article"/> may be cited: its id, its DOI, and a PubMed, arXiv or DOI URL.</summary>
    public static IReadOnlySet<string> KeysOf(Article article)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        Add(keys, article.Id);
        Add(keys, article.Doi);
        if (article.Url is { } url
            && (url.Contains("pubmed.ncbi.nlm.nih.gov/", StringComparison.OrdinalIgnoreCase)
                || url.Contains("arxiv.org/", StringComparison.OrdinalIgnoreCase)
                || url.Contains("doi.org/", StringComparison.OrdinalIgnoreCase)))
        {
            Add(keys, url);
        }

        return keys;
    }

    /// <summary>
    /// The table row key of an article within its run: its normal key, with the characters Azure
    /// Tables refuse in keys ('/', '\', '#', '?', control characters) and '%' percent-encoded.
    /// Deterministic, so the same article is one row however often it is found.
    /// </summary>
    public static string RowKey(string articleId)
    {
        var key = Of(articleId) ?? throw new ArgumentException("An article id is empty.", nameof(articleId));
        var text = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                text.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        var row = text.ToString();
        return row.Length <= MaxRowKeyLength
            ? row
            : row[..(MaxRowKeyLength - 17)] + "~" + ((uint)StableHash.Of(row)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ((uint)StableHash.Of(key)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A DOI as found in prose loses the sentence's closing punctuation and unbalanced brackets.</summary>
    internal static string TrimDoi(string doi)
    {
        var value = doi.TrimEnd('.', ',', ';', ':');
        while (value.Length > 0 && value[^1] is ')' or ']' && Count(value, value[^1] == ')' ? '(' : '[') < Count(value, value[^1]))
        {
            value = value[..^1].TrimEnd('.', ',', ';', ':');
        }

        return value;
    }

    private static int Count(string text, char c) => text.Count(x => x == c);

    private static void Add(HashSet<string> keys, string? reference)
    {
        if (Of(reference) is { } key)
        {
            keys.Add(key);
        }
    }

    [GeneratedRegex(@"^(?:pmid\s*:?\s*|pubmed\s*id\s*:?\s*|(?:https?://)?pubmed\.ncbi\.nlm\.nih\.gov/)?(?<id>\d{1,9})/?$", RegexOptions.IgnoreCase)]
    private static partial Regex Pmid();

    [GeneratedRegex(@"^(?:doi\s*:?\s*|(?:https?://)?(?:dx\.)?doi\.org/)?(?<id>10\.\d{4,9}/\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Doi();

    [GeneratedRegex(@"^(?:arxiv\s*:?\s*|(?:https?://)?(?:export\.|www\.)?arxiv\.org/(?:abs|pdf)/)?(?<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex Arxiv();

    [GeneratedRegex(@"^(?:pmcid\s*:?\s*)?PMC(?<id>\d{1,9})$", RegexOptions.IgnoreCase)]
    private static partial Regex Pmcid();

    [GeneratedRegex(@"^(?:openalex\s*:?\s*|(?:https?://)?(?:api\.)?openalex\.org/(?:works/)?)?W(?<id>\d{1,12})$", RegexOptions.IgnoreCase)]
    private static partial Regex OpenAlex();
}
