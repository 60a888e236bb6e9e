using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.EuropePmc;
using CoScientist.Literature.Tests.Fakes;

namespace CoScientist.Literature.Tests.Parsing;

public sealed class EuropePmcParserTests
{
    [Fact]
    public void ParseSearch_LiteResults_IdsTitlesAuthorsFromAuthorStringAndMissingFields()
    {
        var result = EuropePmcParser.ParseSearch(Fixtures.Read("europepmc/pyeuropepmc_search_cancer_lite.json"));

        Assert.Equal(5059039, result.HitCount);
        Assert.Equal(25, result.Records.Count);
        var first = result.Records[0].Article;
        Assert.Equal("pmid:39709209", first.Id);
        Assert.Equal("Abscopal response in a patient with fibrolamellar hepatocellular carcinoma following radiotherapy.", first.Title);
        Assert.Equal(["Schoenfeld JD", "Haas-Kogan DA", "O'Neill AF"], first.Authors);
        Assert.Equal(2025, first.Year);
        Assert.Equal("10.1016/s0140-6736(24)02600-x", first.Doi);
        Assert.Equal("https://europepmc.org/article/MED/39709209", first.Url);
        Assert.Equal("", first.Abstract);
        Assert.Equal(SourceNames.EuropePmc, first.Source);

        Assert.Empty(result.Records[1].Article.Authors); // "Department of Error." has no authorString
        Assert.False(result.Records[1].IsOpenAccess); // in Europe PMC, but not open access
        Assert.Equal("PMC12124214", result.Records[1].Pmcid);
        Assert.True(result.Records[5].IsOpenAccess);
        Assert.Equal("Öztürk Fincan GS", result.Records[7].Article.Authors[0]);
        Assert.Null(result.Records.Single(r => r.Article.Id == "pmid:39038316").Article.Doi);
        Assert.Equal(8, result.Records.Count(r => r.IsOpenAccess));
    }

    [Fact]
    public void ParseSearch_IdListResults_GiveIdsWithoutMetadata()
    {
        var result = EuropePmcParser.ParseSearch(Fixtures.Read("europepmc/pyeuropepmc_search_cancer_idlist.json"));

        Assert.Equal(25, result.Records.Count);
        Assert.Equal("pmid:39709209", result.Records[0].Article.Id);
        Assert.All(result.Records, r => Assert.Equal("", r.Article.Title));
        Assert.Equal("PMC12124214", result.Records[1].Pmcid);
    }

    [Fact]
    public void ParseSearch_PageOfFive()
    {
        var result = EuropePmcParser.ParseSearch(Fixtures.Read("europepmc/pyeuropepmc_search_cancer_page2.json"));

        Assert.Equal(5, result.Records.Count);
        Assert.Equal(["pmid:39709209", "pmid:39709208", "pmid:40468710", "pmid:40464630", "pmid:40493882"], result.Records.Select(r => r.Article.Id));
    }

    [Fact]
    public void ParseSearch_CoreOpenAccess_AbstractAuthorListAndPmcOnlyRecords()
    {
        var result = EuropePmcParser.ParseSearch(Fixtures.Read("europepmc/ischender_search_crispr_oa_core.json"));

        Assert.Equal(162717, result.HitCount);
        Assert.Equal(3, result.Records.Count);
        Assert.All(result.Records, r => Assert.True(r.IsOpenAccess));

        var pmcOnly = result.Records[0].Article;
        Assert.Equal("pmcid:PMC13582529", pmcOnly.Id);
        Assert.Equal("On-site and visual detection of genotype VII Newcastle disease virus based on RT-RPA and CRISPR/Cas13a", pmcOnly.Title);
        Assert.Equal("", pmcOnly.Abstract);
        Assert.Null(pmcOnly.Doi);
        Assert.Equal(2026, pmcOnly.Year); // no pubYear, journal year 0: the first publication date
        Assert.Equal(8, pmcOnly.Authors.Count);
        Assert.Equal("Yaping Huang", pmcOnly.Authors[0]);

        var review = result.Records[1].Article;
        Assert.Equal("pmid:42712921", review.Id);
        Assert.Equal("High-Content CRISPR Screening: Methods and Applications.", review.Title);
        Assert.StartsWith("Clustered regularly interspaced short palindromic repeats (CRISPR)-Cas9 screening", review.Abstract, StringComparison.Ordinal);
        Assert.Equal(["Yike Zhang", "Yimeng Zhang", "Xudong Tang", "Xinyu Deng", "Yitian Zhou", "Yanfeng Wu", "Jianhua Luo"], review.Authors);
        Assert.Equal(2026, review.Year);
        Assert.Equal("10.1002/mco2.70964", review.Doi);
        Assert.Equal("PMC13551093", result.Records[1].Pmcid);
        Assert.Equal("pmcid:PMC13583639", result.Records[2].Article.Id);
    }

    [Fact]
    public void ParseSearch_ZeroHits_IsEmpty()
    {
        var result = EuropePmcParser.ParseSearch("""{"version":"6.9","hitCount":0,"request":{"queryString":"qwzxv","resultType":"core"},"resultList":{"result":[]}}""");

        Assert.Equal(0, result.HitCount);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void ParseSearch_JsonErrorObject_IsALiteratureSourceException()
    {
        var error = Assert.Throws<LiteratureSourceException>(() => EuropePmcParser.ParseSearch("""{"errCode":400,"errMsg":"Syntax error in query at position 7"}"""));

        Assert.Equal("europepmc: Europe PMC error: Syntax error in query at position 7", error.Message);
    }

    [Fact]
    public void JatsFullText_BodySectionsAndFrontAbstract()
    {
        // A small hand-written JATS article (no recording of fullTextXML exists in the fixtures).
        const string Xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
            <article xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="research-article">
              <front><article-meta><title-group><article-title>T</article-title></title-group>
                <abstract><p>Front abstract.</p></abstract></article-meta></front>
              <body>
                <sec><title>Introduction</title><p>CRISPR screens <xref ref-type="bibr" rid="B1">1</xref> map genes.</p><p>Second paragraph.</p></sec>
                <sec><title>Results</title><p>We found <italic>x</italic>.</p>
                  <table-wrap><caption><p>Table 1</p></caption><table><tr><td>noise</td></tr></table></table-wrap></sec>
              </body>
              <back><ref-list><ref><mixed-citation>Reference text</mixed-citation></ref></ref-list></back>
            </article>
            """;

        var text = JatsFullText.Parse(Xml);

        Assert.Equal("Front abstract.", text.Abstract);
        Assert.Equal("Introduction: CRISPR screens map genes.\nSecond paragraph.\nResults: We found x.\nTable 1", text.Body);
        Assert.Equal("A.\n\nFull text:\nB", JatsFullText.Combine("A.", "B", 100));
        Assert.Equal("one two…", JatsFullText.Combine("one two three four", "", 12));
    }
}
