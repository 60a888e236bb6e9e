using CoScientist.Core.Literature;

namespace CoScientist.Literature;

/// <summary>The names the sources go by: in configuration (<c>Literature:&lt;name&gt;</c>), on the CLI and in <see cref="Article.Source"/>.</summary>
public static class SourceNames
{
    public const string PubMed = "pubmed";
    public const string Arxiv = "arxiv";
    public const string EuropePmc = "europepmc";
    public const string OpenAlex = "openalex";
    public const string Crossref = "crossref";

    public static IReadOnlyList<string> All { get; } = [PubMed, Arxiv, EuropePmc, OpenAlex, Crossref];

    /// <summary>The canonical name for <paramref name="name"/> in any letter case, or null.</summary>
    public static string? Normalize(string? name) =>
        All.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
