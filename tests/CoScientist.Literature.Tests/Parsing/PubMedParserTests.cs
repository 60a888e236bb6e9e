using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.PubMed;
using CoScientist.Literature.Tests.Fakes;

namespace CoScientist.Literature.Tests.Parsing;

public sealed class PubMedParserTests
{
    [Theory]
    [InlineData("pubmed/biopython_esearch1.xml", 63, 20, "41282813", "37810457")]
    [InlineData("pubmed/biopython_esearch2.xml", 42249, 100, "41297076", null)]
    [InlineData("pubmed/biopython_esearch3.xml", 2651, 6, "11121077", "11121072")]
    public void ParseSearch_RecordedAnswers_GiveCountAndPmidsInOrder(string fixture, int count, int ids, string first, string? last)
    {
        var result = PubMedParser.ParseSearch(Fixtures.Read(fixture));

        Assert.Equal(count, result.Count);
        Assert.Equal(ids, result.Pmids.Count);
        Assert.Equal(first, result.Pmids[0]);
        if (last is not null)
        {
            Assert.Equal(last, result.Pmids[^1]);
        }

        Assert.All(result.Pmids, id => Assert.Matches("^[0-9]+$", id));
    }

    [Fact]
    public void ParseArticles_Pubmed1_MissingAbstractIsEmptyAndSeasonDateGivesTheYear()
    {
        var articles = PubMedParser.ParseArticles(Fixtures.Read("pubmed/biopython_pubmed1.xml"));

        Assert.Equal(2, articles.Count);
        var noAbstract = articles[0];
        Assert.Equal("pmid:12091962", noAbstract.Id);
        Assert.Equal("The treatment of AIDS behind the walls of correctional facilities.", noAbstract.Title);
        Assert.Equal("", noAbstract.Abstract);
        Assert.Equal(["J Michael Olivero"], noAbstract.Authors);
        Assert.Equal(1990, noAbstract.Year);
        Assert.Null(noAbstract.Doi);
        Assert.Equal("https://pubmed.ncbi.nlm.nih.gov/12091962/", noAbstract.Url);
        Assert.Equal(SourceNames.PubMed, noAbstract.Source);

        var plain = articles[1];
        Assert.Equal("pmid:9997", plain.Id);
        Assert.Equal("Magnetic studies of Chromatium flavocytochrome C552. A mechanism for heme-flavin interaction.", plain.Title);
        Assert.StartsWith("Electron paramagnetic resonance and magnetic susceptibility studies", plain.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("indicating the existence of a mechanism for heme-flavin interaction.", plain.Abstract, StringComparison.Ordinal);
        Assert.Equal(["T C Strekas"], plain.Authors);
        Assert.Equal(1976, plain.Year);
        Assert.Equal("10.1016/0005-2795(76)90109-4", plain.Doi);
    }

    [Fact]
    public void ParseArticles_Pubmed2_EntitiesAreDecodedAndCopyrightIsNotAbstract()
    {
        var articles = PubMedParser.ParseArticles(Fixtures.Read("pubmed/biopython_pubmed2.xml"));

        Assert.Equal(["pmid:11748933", "pmid:11700088"], articles.Select(a => a.Id));
        var first = articles[0];
        Assert.StartsWith("Is cryopreservation a homogeneous process?", first.Title, StringComparison.Ordinal);
        Assert.Contains("(P < 0.001)", first.Abstract, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright 2001 Elsevier", first.Abstract, StringComparison.Ordinal);
        Assert.Equal(8, first.Authors.Count);
        Assert.Equal("A R Taddei", first.Authors[0]);
        Assert.Equal("M Mazzini", first.Authors[^1]);
        Assert.Equal(2001, first.Year);
        Assert.Equal("10.1006/cryo.2001.2328", first.Doi);

        var second = articles[1];
        Assert.Equal("Proton MRI of (13)C distribution by J and chemical shift editing.", second.Title);
        Assert.Equal(6, second.Authors.Count);
        Assert.Equal("F De Luca", second.Authors[^1]);
        Assert.Equal("10.1006/jmre.2001.2429", second.Doi);
    }

    [Fact]
    public void ParseArticles_Pubmed4_StructuredAbstractKeepsItsLabelsAndInlineMarkupIsFlattened()
    {
        var article = Assert.Single(PubMedParser.ParseArticles(Fixtures.Read("pubmed/biopython_pubmed4.xml")));

        Assert.Equal("pmid:27797938", article.Id);
        Assert.Equal("Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer.", article.Title);
        var lines = article.Abstract.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("OBJECTIVE: Telomere shortening occurs as an early event", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("DESIGN: We measured prediagnostic leucocyte telomere length in 386", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("RESULTS: Shorter prediagnostic leucocyte telomere length", lines[2], StringComparison.Ordinal);
        Assert.Contains("ptrend=0.048", lines[2], StringComparison.Ordinal);
        Assert.Contains("r2<0.25", lines[2], StringComparison.Ordinal);
        Assert.Equal("CONCLUSIONS: Prediagnostic leucocyte telomere length and genetic variants at the TERT gene region were associated with risk of pancreatic cancer.", lines[3]);
        Assert.DoesNotContain("BMJ Publishing", article.Abstract, StringComparison.Ordinal);
        Assert.Equal(22, article.Authors.Count);
        Assert.Equal("Ying Bao", article.Authors[0]);
        Assert.Equal("Brian M Wolpin", article.Authors[^1]);
        Assert.Equal(2017, article.Year);

        // The DOI is the article's own, not one of the 48 cited references'.
        Assert.Equal("10.1136/gutjnl-2016-312510", article.Doi);
    }

    [Theory]
    [InlineData("pubmed/biopython_esummary1.xml")]
    [InlineData("pubmed/klortho_esummary_v2_pubmed.xml")]
    public void ParseArticles_AnEsummaryAnswer_IsNamedAsTheWrongDocument(string fixture)
    {
        // The client asks efetch (it has the abstracts); an esummary document in its place is an unusable answer.
        var error = Assert.Throws<LiteratureSourceException>(() => PubMedParser.ParseArticles(Fixtures.Read(fixture)));

        Assert.Equal(SourceNames.PubMed, error.SourceName);
        Assert.Contains("<eSummaryResult> where <PubmedArticleSet> was expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseArticles_CollectiveAuthorsUnicodeNamesMathMlAndInvalidAuthors()
    {
        // Hand-written in the efetch shape: none of the recordings has a consortium author or MathML.
        const string Xml = """
            <?xml version="1.0" ?>
            <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
            <PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">123</PMID><Article>
            <Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue></Journal>
            <ArticleTitle>Binding of Ca<sup>2+</sup> when <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:mi>x</mml:mi><mml:mo>&gt;</mml:mo><mml:mn>1</mml:mn><mml:annotation encoding="application/x-tex">x &gt; 1</mml:annotation></mml:math></ArticleTitle>
            <AuthorList><Author ValidYN="Y"><LastName>Müller</LastName><ForeName>Jürgen</ForeName></Author>
            <Author ValidYN="N"><LastName>Wrong</LastName><ForeName>Name</ForeName></Author>
            <Author ValidYN="Y"><CollectiveName>ENIGMA Consortium</CollectiveName></Author>
            <Author ValidYN="Y"><LastName>Øberg</LastName><Initials>K</Initials></Author></AuthorList>
            </Article></MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType="pubmed">123</ArticleId></ArticleIdList></PubmedData></PubmedArticle></PubmedArticleSet>
            """;

        var article = Assert.Single(PubMedParser.ParseArticles(Xml));

        Assert.Equal("Binding of Ca2+ when x>1", article.Title);
        Assert.Equal(["Jürgen Müller", "ENIGMA Consortium", "K Øberg"], article.Authors);
        Assert.Equal(1998, article.Year);
        Assert.Equal("", article.Abstract);
    }

    [Fact]
    public void ParseSearch_NoHits_IsZeroResultsNotAnError()
    {
        const string Xml = """
            <?xml version="1.0" encoding="UTF-8" ?>
            <!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">
            <eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart><IdList/><TranslationSet/><QueryTranslation>(qwzxv[All Fields])</QueryTranslation><ErrorList><PhraseNotFound>qwzxv</PhraseNotFound></ErrorList><WarningList><OutputMessage>No items found.</OutputMessage></WarningList></eSearchResult>
            """;

        var result = PubMedParser.ParseSearch(Xml);

        Assert.Equal(0, result.Count);
        Assert.Empty(result.Pmids);
    }

    [Theory]
    [InlineData("<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>", "Invalid query")]
    [InlineData("<?xml version=\"1.0\" ?><eFetchResult><ERROR>Empty id list - nothing todo</ERROR></eFetchResult>", "Empty id list - nothing todo")]
    public void Parse_NcbiErrorElement_IsALiteratureSourceExceptionWithNcbisMessage(string xml, string message)
    {
        var search = Assert.Throws<LiteratureSourceException>(() => PubMedParser.ParseSearch(xml));
        var fetch = Assert.Throws<LiteratureSourceException>(() => PubMedParser.ParseArticles(xml));

        Assert.Equal($"pubmed: NCBI error: {message}", search.Message);
        Assert.Equal($"pubmed: NCBI error: {message}", fetch.Message);
    }

    [Fact]
    public void Parse_AnHtmlMaintenancePage_IsAnUnusableAnswerNotAParserCrash()
    {
        var error = Assert.Throws<LiteratureSourceException>(() =>
            PubMedParser.ParseArticles("<!DOCTYPE html><html><head><title>NCBI - Down for maintenance</title></head><body><p>Back soon<br></p></body></html>"));

        Assert.Contains("unusable answer: not XML (an HTML page: NCBI - Down for maintenance)", error.Message, StringComparison.Ordinal);
    }
}
