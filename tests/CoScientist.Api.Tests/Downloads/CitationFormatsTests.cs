using CoScientist.Api.Contracts;
using CoScientist.Api.Downloads;

namespace CoScientist.Api.Tests.Downloads;

public sealed class CitationFormatsTests
{
    private static readonly CitedArticleView Article = new(
        "PMID:123", "Venetoclax in AML", "https://pubmed.ncbi.nlm.nih.gov/123/", "pubmed", ["DiNardo C", "Pratz K"], 2020, "10.1056/NEJMoa2012971", Retrieved: true);

    [Fact]
    public void BibTeX_OneEntryPerArticle_WithItsFields()
    {
        var text = CitationFormats.BibTeX([Article, Article with { Id = "PMID:456" }]);

        Assert.Equal(2, text.Split("@article{").Length - 1);
        Assert.Contains("@article{dinardo2020,", text, StringComparison.Ordinal);
        Assert.Contains("@article{dinardo2020-2,", text, StringComparison.Ordinal);
        Assert.Contains("  author = {DiNardo C and Pratz K},", text, StringComparison.Ordinal);
        Assert.Contains("  doi = {10.1056/NEJMoa2012971},", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BibTeX_BracesAndBackslashesInATitle_CannotCloseTheValue()
    {
        var text = CitationFormats.BibTeX([Article with { Title = "A} , author = {Evil\\input{x}\nnext" }]);

        Assert.Contains("  title = {A , author = Evilinputx next},", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ris_OneRecordPerArticle_EachTagOnItsLine()
    {
        var text = CitationFormats.Ris([Article]);

        Assert.Equal(
            ["TY  - JOUR", "TI  - Venetoclax in AML", "AU  - DiNardo C", "AU  - Pratz K", "PY  - 2020", "DO  - 10.1056/NEJMoa2012971", "UR  - https://pubmed.ncbi.nlm.nih.gov/123/", "ID  - PMID:123", "DB  - pubmed", "ER  - "],
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Ris_ALineBreakInATitle_CannotForgeATag()
    {
        var text = CitationFormats.Ris([Article with { Title = "Real title\r\nER  - \nTY  - JOUR" }]);

        Assert.Single(text.Split('\n'), l => l.StartsWith("ER  -", StringComparison.Ordinal));
        Assert.Contains("TI  - Real title ER  - TY  - JOUR\n", text, StringComparison.Ordinal);
    }
}
