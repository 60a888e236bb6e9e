using CoScientist.Core.Literature;
using System.Text.RegularExpressions;

namespace CoScientist.Literature.Text;

/// <summary>
/// Stable, prefixed article ids (<c>pmid:12345</c>, <c>arxiv:1605.08386</c>, <c>doi:10.x/y</c>,
/// <c>openalex:W123</c>, <c>pmcid:PMC123</c>) and the normal forms that let the same paper from
/// different sources be recognised: DOIs lower-case without resolver prefix, arXiv ids without
/// version suffix.
/// </summary>
public static partial class ArticleIds
{
    public const string PmidPrefix = "pmid:";
    public const string ArxivPrefix = "arxiv:";
    public const string DoiPrefix = "doi:";
    public const string OpenAlexPrefix = "openalex:";
    public const string PmcidPrefix = "pmcid:";

    /// <summary>DataCite DOIs that arXiv mints for every paper: the same paper as its arXiv id.</summary>
    private const string ArxivDoiPrefix = "10.48550/arxiv.";

    /// <summary>A DOI in normal form (<c>10.1038/abc</c>, lower case), or null when <paramref name="text"/> holds none.</summary>
    public static string? NormalizeDoi(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var doi = text.Trim();
        foreach (var prefix in (string[])["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:"])
        {
            if (doi.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                doi = doi[prefix.Length..].Trim();
                break;
            }
        }

        if (doi.Contains('%', StringComparison.Ordinal))
        {
            doi = Uri.UnescapeDataString(doi);
        }

        return DoiPattern().IsMatch(doi) ? doi.ToLowerInvariant() : null;
    }

    /// <summary>True when <paramref name="text"/> is a DOI, with or without <c>doi:</c> or resolver prefix.</summary>
    public static bool IsDoi(string? text) => NormalizeDoi(text) is not null;

    /// <summary>
    /// An arXiv id without version (<c>1605.08386</c>, <c>astro-ph/0601001</c>) from a bare id,
    /// <c>arxiv:</c> id, abs/pdf URL or arXiv DOI; null when there is none.
    /// </summary>
    public static string? NormalizeArxivId(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var id = text.Trim();
        if (NormalizeDoi(id) is { } doi)
        {
            return doi.StartsWith(ArxivDoiPrefix, StringComparison.Ordinal) ? NormalizeArxivId(doi[ArxivDoiPrefix.Length..]) : null;
        }

        var match = ArxivIdPattern().Match(id);
        return match.Success ? match.Groups["id"].Value.ToLowerInvariant() : null;
    }

    /// <summary>A PMID (digits only) from <c>pmid:123</c>, <c>PMID: 123</c>, <c>123</c> or a PubMed URL; null otherwise.</summary>
    public static string? NormalizePmid(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = PmidPattern().Match(text.Trim());
        return match.Success ? match.Groups["id"].Value : null;
    }

    /// <summary>A PMC id in upper case (<c>PMC5442267</c>) from <c>pmcid:PMC1</c>, <c>PMC1</c> or a PMC URL; null otherwise.</summary>
    public static string? NormalizePmcid(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = PmcidPattern().Match(text.Trim());
        return match.Success ? "PMC" + match.Groups["id"].Value : null;
    }

    /// <summary>An OpenAlex work id (<c>W2109415576</c>) from <c>openalex:W1</c>, <c>W1</c> or its URL; null otherwise.</summary>
    public static string? NormalizeOpenAlexId(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = OpenAlexPattern().Match(text.Trim());
        return match.Success ? "W" + match.Groups["id"].Value : null;
    }

    /// <summary>
    /// The keys under which <paramref name="article"/> is the same paper as another source's record:
    /// its id, its DOI, the arXiv id behind an arXiv DOI, and the PMID or arXiv id in its URL.
    /// </summary>
    public static IReadOnlySet<string> KeysOf(Article article)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        AddIdKey(keys, article.Id);
        if (NormalizeDoi(article.Doi) is { } doi)
        {
            keys.Add(DoiPrefix + doi);
            if (NormalizeArxivId(doi) is { } arxiv)
            {
                keys.Add(ArxivPrefix + arxiv);
            }
        }

        if (article.Url is { } url)
        {
            if (url.Contains("arxiv.org/", StringComparison.OrdinalIgnoreCase) && NormalizeArxivId(url) is { } arxiv)
            {
                keys.Add(ArxivPrefix + arxiv);
            }
            else if (url.Contains("pubmed.ncbi.nlm.nih.gov/", StringComparison.OrdinalIgnoreCase) && NormalizePmid(url) is { } pmid)
            {
                keys.Add(PmidPrefix + pmid);
            }
        }

        return keys;
    }

    private static void AddIdKey(HashSet<string> keys, string id)
    {
        if (id.StartsWith(PmidPrefix, StringComparison.OrdinalIgnoreCase) && NormalizePmid(id) is { } pmid)
        {
            keys.Add(PmidPrefix + pmid);
        }
        else if (id.StartsWith(ArxivPrefix, StringComparison.OrdinalIgnoreCase) && NormalizeArxivId(id) is { } arxiv)
        {
            keys.Add(ArxivPrefix + arxiv);
        }
        else if (id.StartsWith(DoiPrefix, StringComparison.OrdinalIgnoreCase) && NormalizeDoi(id) is { } doi)
        {
            keys.Add(DoiPrefix + doi);
            if (NormalizeArxivId(doi) is { } fromDoi)
            {
                keys.Add(ArxivPrefix + fromDoi);
            }
        }
        else if (id.StartsWith(PmcidPrefix, StringComparison.OrdinalIgnoreCase) && NormalizePmcid(id) is { } pmcid)
        {
            keys.Add(PmcidPrefix + pmcid);
        }
        else
        {
            keys.Add(id.ToLowerInvariant());
        }
    }

    [GeneratedRegex(@"^10\.\d{4,9}/\S+$")]
    private static partial Regex DoiPattern();

    // New style (YYMM.NNNN[N]) and old style (archive[.SUBJ]/YYMMNNN), optionally in a URL or with "arxiv:" and a version.
    [GeneratedRegex(@"^(?:arxiv:\s*|(?:https?://)?(?:export\.|www\.)?arxiv\.org/(?:abs|pdf)/)?(?<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Za-z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex ArxivIdPattern();

    [GeneratedRegex(@"^(?:pmid:?\s*|(?:https?://)?pubmed\.ncbi\.nlm\.nih\.gov/)?(?<id>[1-9]\d{0,8})/?$", RegexOptions.IgnoreCase)]
    private static partial Regex PmidPattern();

    [GeneratedRegex(@"^(?:pmcid:\s*|(?:https?://)?(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles/|europepmc\.org/articles/))?(?:PMC)(?<id>\d{1,9})/?$", RegexOptions.IgnoreCase)]
    private static partial Regex PmcidPattern();

    [GeneratedRegex(@"^(?:openalex:\s*|(?:https?://)?(?:api\.)?openalex\.org/(?:works/)?)?W(?<id>\d{1,12})$", RegexOptions.IgnoreCase)]
    private static partial Regex OpenAlexPattern();
}
