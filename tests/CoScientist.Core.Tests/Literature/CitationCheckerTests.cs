using CoScientist.Core.Literature;

namespace CoScientist.Core.Tests.Literature;

public sealed class CitationCheckerTests
{
    private static readonly Article PubMed = new("pmid:27797938", "Leucocyte telomere length and pancreatic cancer", "", ["Ying Bao", "Jennifer Prescott"], 2017, "https://pubmed.ncbi.nlm.nih.gov/27797938/", "pubmed", "10.1136/gutjnl-2016-312510");
    private static readonly Article Arxiv = new("arxiv:2312.07559", "PaperQA", "", ["Jakub Lála"], 2023, "https://arxiv.org/abs/2312.07559v2", "arxiv");
    private static readonly Article Crossref = new("doi:10.1016/0005-2795(76)90109-4", "Magnetic studies of flavocytochrome", "", ["T C Strekas"], 1976, "https://doi.org/10.1016/0005-2795(76)90109-4", "crossref", "10.1016/0005-2795(76)90109-4");
    private static readonly Article Context = new("context-1", "Our notes", "Notes.", [], null, null, "attached context");

    private static CitationChecker Checker() => new([PubMed, Arxiv, Crossref, Context]);

    [Theory]
    [InlineData("pmid:27797938")]
    [InlineData("PMID: 27797938")]
    [InlineData("27797938")]
    [InlineData("https://pubmed.ncbi.nlm.nih.gov/27797938/")]
    [InlineData("doi:10.1136/GUTJNL-2016-312510")]
    [InlineData("https://doi.org/10.1136/gutjnl-2016-312510")]
    public void CheckIds_AnyFormOfARetrievedArticlesId_CitesIt(string id)
    {
        var checker = Checker().CheckIds([id]);

        Assert.Equal(["pmid:27797938"], checker.Articles.Select(a => a.Id));
        Assert.Empty(checker.Removed);
    }

    [Theory]
    [InlineData("arXiv:2312.07559v1")]
    [InlineData("https://arxiv.org/abs/2312.07559")]
    [InlineData("10.48550/arXiv.2312.07559")]
    public void CheckIds_ArxivVersionsUrlsAndItsDoi_AreTheSamePaper(string id)
    {
        Assert.Equal(["arxiv:2312.07559"], Checker().CheckIds([id]).Articles.Select(a => a.Id));
    }

    [Fact]
    public void CheckIds_UnknownIds_RemovedAndRecorded_KnownOnesOnceInOrder()
    {
        var checker = Checker().CheckIds(["arxiv:2312.07559", "pmid:31415926", "PMID 27797938", "pmid:27797938", " ", "doi:10.5555/none"]);

        Assert.Equal(["arxiv:2312.07559", "pmid:27797938"], checker.Articles.Select(a => a.Id));
        Assert.Equal(
            [new RemovedCitation("pmid:31415926", "cited articles", CitationChecker.NotRetrieved), new RemovedCitation("doi:10.5555/none", "cited articles", CitationChecker.NotRetrieved)],
            checker.Removed);
        Assert.Equal("https://arxiv.org/abs/2312.07559v2", checker.Articles[0].Url);
        Assert.Equal("PaperQA", checker.Articles[0].Title);
    }

    [Theory]
    [InlineData("Telomeres shorten (PMID 31415926).", "Telomeres shorten [citation removed].", "PMID 31415926")]
    [InlineData("Telomeres shorten [pmid:31415926].", "Telomeres shorten [citation removed].", "pmid:31415926")]
    [InlineData("See doi:10.5555/invented.7.", "See [citation removed].", "doi:10.5555/invented.7")]
    [InlineData("See https://doi.org/10.5555/invented.7, then act.", "See [citation removed], then act.", "https://doi.org/10.5555/invented.7")]
    [InlineData("As shown in arXiv:2101.00001v2 before.", "As shown in [citation removed] before.", "arXiv:2101.00001v2")]
    [InlineData("As in PMC1234567.", "As in [citation removed].", "PMC1234567")]
    [InlineData("As in openalex:W2109415576.", "As in [citation removed].", "openalex:W2109415576")]
    [InlineData("Our notes say so (context-9).", "Our notes say so [citation removed].", "context-9")]
    [InlineData("It works (Nakamura et al., 2019).", "It works [citation removed].", "Nakamura et al., 2019")]
    [InlineData("It works (Nakamura and Ito, 2019).", "It works [citation removed].", "Nakamura and Ito, 2019")]
    [InlineData("It works (Nakamura, 2019).", "It works [citation removed].", "Nakamura, 2019")]
    [InlineData("Nakamura et al. (2019) showed it.", "[citation removed] showed it.", "Nakamura et al. (2019)")]
    [InlineData("Nakamura & Ito (2019) showed it.", "[citation removed] showed it.", "Nakamura & Ito (2019)")]
    [InlineData("It works (Bao et al., 2016).", "It works [citation removed].", "Bao et al., 2016")]
    public void Clean_ReferenceToNothingRetrieved_IsReplacedAndRecordedWithItsField(string text, string cleaned, string reference)
    {
        var checker = Checker();

        Assert.Equal(cleaned, checker.Clean(text, "background"));
        Assert.Equal([new RemovedCitation(reference, "background", CitationChecker.NotRetrieved)], checker.Removed);
        Assert.Empty(checker.Articles);
    }

    [Theory]
    [InlineData("Telomeres shorten (PMID 27797938).", "pmid:27797938")]
    [InlineData("Telomeres shorten (doi:10.1136/gutjnl-2016-312510).", "pmid:27797938")]
    [InlineData("Flavins bind heme (doi:10.1016/0005-2795(76)90109-4).", "doi:10.1016/0005-2795(76)90109-4")]
    [InlineData("Agents read papers (arXiv:2312.07559v2).", "arxiv:2312.07559")]
    [InlineData("Risk rises (Bao et al., 2017).", "pmid:27797938")]
    [InlineData("Bao and Prescott (2017) found it.", "pmid:27797938")]
    [InlineData("Flavins bind heme (Strekas, 1976).", "doi:10.1016/0005-2795(76)90109-4")]
    [InlineData("Our notes say so (context-1).", "context-1")]
    public void Clean_ReferenceToARetrievedArticle_IsKeptAndCited(string text, string id)
    {
        var checker = Checker();

        Assert.Equal(text, checker.Clean(text, "background"));
        Assert.Equal([id], checker.Articles.Select(a => a.Id));
        Assert.Empty(checker.Removed);
    }

    [Theory]
    [InlineData("Dosing started (March, 2020) and ended in Phase 2 (Table, 2021).")]
    [InlineData("The effect was 30% (95% CI 10-50, n = 2019).")]
    [InlineData("A plain sentence about stellate cells in 2019.")]
    [InlineData("")]
    public void Clean_TextWithoutReferences_IsUnchanged(string text)
    {
        var checker = Checker();

        Assert.Equal(text, checker.Clean(text, "background"));
        Assert.Empty(checker.Removed);
        Assert.Empty(CitationChecker.Find(text));
    }

    [Fact]
    public void Clean_MixedBracket_KeepsTheRealOneAndMarksTheInventedOne()
    {
        var checker = Checker();

        var cleaned = checker.Clean("Supported (PMID 27797938; PMID 31415926) and (PMID 1; PMID 2).", "reasoning");

        Assert.Equal("Supported (PMID 27797938; [citation removed]) and [citation removed].", cleaned);
        Assert.Equal(["PMID 31415926", "PMID 1", "PMID 2"], checker.Removed.Select(r => r.Reference));
        Assert.Equal(["pmid:27797938"], checker.Articles.Select(a => a.Id));
    }

    [Fact]
    public void Clean_List_NamesEachItemsField()
    {
        var checker = Checker();

        var cleaned = checker.Clean(["Step one.", "Step two (PMID 5)."], "study steps");

        Assert.Equal(["Step one.", "Step two [citation removed]."], cleaned);
        Assert.Equal("study steps 2", Assert.Single(checker.Removed).Field);
    }

    [Fact]
    public void Find_ReportsKeysAndAuthorYearInTextOrder()
    {
        var found = CitationChecker.Find("First (Smith et al., 2018), then doi:10.1000/ABC. and PMID 12.");

        (string, string?, string?, int?)[] expected =
        [
            ("Smith et al., 2018", null, "Smith", 2018), ("doi:10.1000/ABC", "doi:10.1000/abc", null, null), ("PMID 12", "pmid:12", null, null),
        ];
        Assert.Equal(expected, found.Select(f => (f.Text, f.Key, f.Surname, f.Year)));
    }

    private static readonly Article Openalex = new("openalex:W2100837269", "A landmark study", "", ["Maria Jones", "Peter Smith"], 2019, "https://www.example.org/articles/landmark", "openalex");

    [Theory]
    [InlineData("See PMID#31452104 for details.", "PMID#31452104")]
    [InlineData("See PMID-31452104 for details.", "PMID-31452104")]
    [InlineData("See \u0420MID 31452104 for details.", "PMID 31452104")] // Cyrillic Er
    [InlineData("See P\u200BMID 31452104 for details.", "PMID 31452104")] // zero-width space
    [InlineData("See \uFF30\uFF2D\uFF29\uFF24 31452104 for details.", "PMID 31452104")] // fullwidth
    [InlineData("The trial NCT01234567 showed it.", "NCT01234567")]
    [InlineData("Shown at https://example.com/fake-paper today.", "https://example.com/fake-paper")]
    [InlineData("Shown at www.fake-journal.org/a1 today.", "www.fake-journal.org/a1")]
    [InlineData("As Jones J, et al. Nature. 2019 showed.", "Jones J, et al. Nature. 2019")]
    [InlineData("As Jones et al. 2020 showed.", "Jones et al. 2020")]
    public void Clean_DisguisedOrUnusualReferenceToNothingRetrieved_IsRemovedAndListed(string text, string reference)
    {
        var checker = new CitationChecker([PubMed, Arxiv, Crossref]);

        var cleaned = checker.Clean(text, "background");

        Assert.Contains(CitationChecker.Marker, cleaned, StringComparison.Ordinal);
        Assert.DoesNotContain("31452104", cleaned, StringComparison.Ordinal);
        var removed = Assert.Single(checker.Removed);
        Assert.Equal(reference, removed.Reference);
        Assert.Equal("background", removed.Field);
    }

    [Theory]
    [InlineData("(Smith et al., 2019)")] // Smith is the second author of the 2019 article
    [InlineData("Smith and Jones (2019)")]
    [InlineData("Smith J, et al. Nature. 2019")]
    public void Clean_AuthorYearNamingASecondAuthor_IsRemoved(string reference)
    {
        var checker = new CitationChecker([Openalex]);

        var cleaned = checker.Clean($"Evidence {reference} supports it.", "summary");

        Assert.Contains(CitationChecker.Marker, cleaned, StringComparison.Ordinal);
        Assert.Single(checker.Removed);
    }

    [Theory]
    [InlineData("(Jones et al., 2019)")]
    [InlineData("Jones J, et al. Nature. 2019")]
    [InlineData("Jones et al. 2019")]
    [InlineData("https://www.example.org/articles/landmark")]
    public void Clean_FirstAuthorYearOrOwnAddressOfARetrievedArticle_IsKeptAndCited(string reference)
    {
        var checker = new CitationChecker([Openalex]);

        var cleaned = checker.Clean($"Evidence {reference} supports it.", "summary");

        Assert.DoesNotContain(CitationChecker.Marker, cleaned, StringComparison.Ordinal);
        Assert.Empty(checker.Removed);
        Assert.Equal("openalex:W2100837269", Assert.Single(checker.Articles).Id);
    }

    [Fact]
    public void Clean_PmidWithHashOfARetrievedArticle_IsKept()
    {
        var checker = new CitationChecker([PubMed]);

        Assert.Equal("As shown (PMID#27797938).", checker.Clean("As shown (PMID#27797938).", "summary"));
        Assert.Single(checker.Articles);
    }
}
