using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Arxiv;
using CoScientist.Literature.Tests.Fakes;

namespace CoScientist.Literature.Tests.Parsing;

public sealed class ArxivParserTests
{
    /// <summary>arXiv's error feed, as its API manual documents it (answered with HTTP 400).</summary>
    public const string ErrorFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
          <link xmlns="http://www.w3.org/2005/Atom" href="http://arxiv.org/api/query?search_query=&amp;id_list=1234.12345" rel="self" type="application/atom+xml"/>
          <title xmlns="http://www.w3.org/2005/Atom">ArXiv Query: search_query=&amp;id_list=1234.12345</title>
          <id xmlns="http://www.w3.org/2005/Atom">http://arxiv.org/api/kvuntZ8c9a4Eq5CF7KY03nMug+Q</id>
          <opensearch:totalResults>1</opensearch:totalResults>
          <entry xmlns="http://www.w3.org/2005/Atom">
            <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
            <title>Error</title>
            <summary>incorrect id format for 1234.12345</summary>
            <updated>2007-10-12T00:00:00-04:00</updated>
            <author><name>arXiv api core</name></author>
          </entry>
        </feed>
        """;

    [Fact]
    public void Parse_CurrentFormatSingleEntry_GivesIdWithoutVersionAndAllFields()
    {
        var feed = ArxivParser.Parse(Fixtures.Read("arxiv/arxivpy_id_1605.08386.xml"));

        Assert.Equal(1, feed.TotalResults);
        var article = Assert.Single(feed.Articles);
        Assert.Equal("arxiv:1605.08386", article.Id);
        Assert.Equal("Heat-bath random walks with Markov bases", article.Title);
        Assert.StartsWith("Graphs on lattice points are studied whose edges come from a finite set", article.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("is an expander in fixed dimension.", article.Abstract, StringComparison.Ordinal);
        Assert.Equal(["Caprice Stanley", "Tobias Windisch"], article.Authors);
        Assert.Equal(2016, article.Year);
        Assert.Equal("https://arxiv.org/abs/1605.08386v1", article.Url);
        Assert.Null(article.Doi);
        Assert.Equal(SourceNames.Arxiv, article.Source);
    }

    [Fact]
    public void Parse_OldStyleId_KeepsArchivePrefixAndDecodesEntities()
    {
        var article = Assert.Single(ArxivParser.Parse(Fixtures.Read("arxiv/arxivpy_id_astro-ph_0601001.xml")).Articles);

        Assert.Equal("arxiv:astro-ph/0601001", article.Id);
        Assert.Equal("Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina", article.Title);
        Assert.StartsWith("We derive the frequencies", article.Abstract, StringComparison.Ordinal); // the two leading spaces are gone
        Assert.Contains("Gould & Morgan (2003)", article.Abstract, StringComparison.Ordinal);
        Assert.Contains("V_max<17.5", article.Abstract, StringComparison.Ordinal);
        Assert.Equal(["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"], article.Authors);
        Assert.Equal(2006, article.Year);
    }

    [Fact]
    public void Parse_SearchPage_TenEntriesUnicodeNamesAndTheOneDoi()
    {
        var feed = ArxivParser.Parse(Fixtures.Read("arxiv/arxivpy_q_testing_start10_max10.xml"));

        Assert.Equal(214881, feed.TotalResults);
        Assert.Equal(10, feed.Articles.Count);
        Assert.Equal(32, feed.Articles.Sum(a => a.Authors.Count));
        Assert.Equal("arxiv:2403.16981", feed.Articles[0].Id);
        Assert.Equal("The Sample Complexity of Simple Binary Hypothesis Testing", feed.Articles[0].Title);
        Assert.Equal(["Ankit Pensia", "Varun Jog", "Po-Ling Loh"], feed.Articles[0].Authors);
        Assert.Equal(2024, feed.Articles[0].Year);
        var scratch = feed.Articles[^1];
        Assert.Equal("arxiv:2202.06271", scratch.Id);
        Assert.Equal("Katharina Götz", scratch.Authors[0]);
        var withDoi = Assert.Single(feed.Articles, a => a.Doi is not null);
        Assert.Equal("10.1145/3679006.3685071", withDoi.Doi);
        Assert.Equal("arxiv:2407.18756", withDoi.Id);
    }

    [Fact]
    public void Parse_Legacy2016Feed_MultiLineTitleAndPerElementNamespaces()
    {
        var feed = ArxivParser.Parse(Fixtures.Read("arxiv/arxivpy2016_id_list_1111.2011v2.xml"));

        Assert.Equal(1, feed.TotalResults);
        var article = Assert.Single(feed.Articles);
        Assert.Equal("arxiv:1111.2011", article.Id);
        Assert.Equal("Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit", article.Title);
        Assert.StartsWith("Theoretical description of anisotropic systems, such as layered superconductors and coupled spin chains", article.Abstract, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', article.Abstract);
        Assert.Equal(["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"], article.Authors);
        Assert.Equal(2011, article.Year);
        Assert.Equal("10.1103/physrevb.85.115117", article.Doi);
        Assert.Equal("http://arxiv.org/abs/1111.2011v2", article.Url);
    }

    [Fact]
    public void Parse_Legacy2016Search_TenEntriesOfThirtyOne()
    {
        var feed = ArxivParser.Parse(Fixtures.Read("arxiv/arxivpy2016_search_query_au_del_maestro.xml"));

        Assert.Equal(31, feed.TotalResults);
        Assert.Equal(10, feed.Articles.Count);
        Assert.Equal(24, feed.Articles.Sum(a => a.Authors.Count));
        Assert.All(feed.Articles, a => Assert.Contains(a.Authors, name => name.EndsWith("Del Maestro", StringComparison.Ordinal)));
        Assert.Equal(["B. Kulchytskyy", "G. Gervais", "A. Del Maestro"], feed.Articles[4].Authors);
        Assert.Equal("arxiv:1201.4869", feed.Articles[0].Id);
        Assert.Equal("arxiv:cond-mat/0412498", feed.Articles[1].Id);
        Assert.Equal("From stripe to checkerboard order on the square lattice in the presence of quenched disorder", feed.Articles[2].Title);
        Assert.Equal("arxiv:0807.2873", feed.Articles[^1].Id);
        Assert.Equal("10.1016/j.aop.2008.08.003", feed.Articles[^1].Doi);
    }

    [Fact]
    public void Parse_ErrorFeed_IsALiteratureSourceExceptionWithArxivsMessage()
    {
        var error = Assert.Throws<LiteratureSourceException>(() => ArxivParser.Parse(ErrorFeed));

        Assert.Equal("arxiv: arXiv error: incorrect id format for 1234.12345", error.Message);
    }

    [Fact]
    public void Parse_EmptyFeed_IsZeroResults()
    {
        const string Empty = """
            <?xml version='1.0' encoding='UTF-8'?>
            <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
              <id>https://arxiv.org/api/x</id><title>arXiv Query: search_query=all:qwzxv</title>
              <opensearch:itemsPerPage>10</opensearch:itemsPerPage><opensearch:totalResults>0</opensearch:totalResults><opensearch:startIndex>0</opensearch:startIndex>
            </feed>
            """;

        var feed = ArxivParser.Parse(Empty);

        Assert.Equal(0, feed.TotalResults);
        Assert.Empty(feed.Articles);
    }

    [Theory]
    [InlineData("CRISPR screening", "all:CRISPR AND all:screening")]
    [InlineData("\"heat bath\" Markov", "all:\"heat bath\" AND all:Markov")]
    [InlineData("au:del_maestro AND ti:helium", "au:del_maestro AND ti:helium")]
    [InlineData("  (p < 0.05)?  ", "all:p AND all:0.05")]
    [InlineData("   ", "")]
    public void BuildSearchQuery_FreeTextBecomesArxivSyntax(string text, string expected)
    {
        Assert.Equal(expected, ArxivClient.BuildSearchQuery(text));
    }
}
