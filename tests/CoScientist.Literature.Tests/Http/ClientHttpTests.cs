using CoScientist.Core.Literature;
using System.Text.Json.Nodes;
using CoScientist.Literature;
using CoScientist.Literature.Tests.Fakes;

namespace CoScientist.Literature.Tests.Http;

/// <summary>The real clients against recorded answers served over HTTP: what they ask, and what they make of the answer.</summary>
public sealed class ClientHttpTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PubMed_Search_SendsToolEmailAndKeyThenFetchesTheFirstIdsInOrder()
    {
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?>
        {
            ["Literature:PubMed:ApiKey"] = "secret-key",
            ["Literature:PubMed:Email"] = "lab@example.org",
            ["Literature:PubMed:RequestsPerSecond"] = "10",
        });
        host.Server.On("esearch.fcgi", ScriptedResponse.Fixture("pubmed/biopython_esearch1.xml"));
        host.Server.On("efetch.fcgi", ScriptedResponse.Fixture("pubmed/biopython_pubmed2.xml"));

        var articles = await host.Client("pubmed").SearchAsync("telomere length & cancer/ß \"risk\"", 5, Cancellation);

        Assert.Equal(["pmid:11748933", "pmid:11700088"], articles.Select(a => a.Id));
        var search = Assert.Single(host.Server.RequestsTo("/esearch.fcgi"));
        Assert.Equal("pubmed", search.Param("db"));
        Assert.Equal("telomere length & cancer/ß \"risk\"", search.Param("term"));
        Assert.Equal("5", search.Param("retmax"));
        Assert.Equal("cosci", search.Param("tool"));
        Assert.Equal("lab@example.org", search.Param("email"));
        Assert.Equal("secret-key", search.Param("api_key"));
        var fetch = Assert.Single(host.Server.RequestsTo("/efetch.fcgi"));
        Assert.Equal("41282813,41148224,41011574,40959146,40937394", fetch.Param("id")); // maxResults respected though esearch sent 20
        Assert.Equal("xml", fetch.Param("retmode"));
        Assert.Equal("cosci", fetch.Param("tool"));
        Assert.Equal("secret-key", fetch.Param("api_key"));
        Assert.Contains("CoScientist/1.0", search.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Contains("mailto:lab@example.org", search.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PubMed_WithoutKeyOrEmail_SendsNeither()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("esearch.fcgi", ScriptedResponse.Fixture("pubmed/biopython_esearch3.xml"));
        host.Server.On("efetch.fcgi", ScriptedResponse.Fixture("pubmed/biopython_pubmed1.xml"));

        var articles = await host.Client("pubmed").SearchAsync("PNAS[ta] AND 97[vi]", 2, Cancellation);

        Assert.Equal(2, articles.Count);
        var search = host.Server.RequestsTo("/esearch.fcgi")[0];
        Assert.Null(search.Param("api_key"));
        Assert.Null(search.Param("email"));
        Assert.Equal("cosci", search.Param("tool"));
        Assert.Equal("11121077,11121076", host.Server.RequestsTo("/efetch.fcgi")[0].Param("id"));
    }

    [Fact]
    public async Task PubMed_Get_ByPmidByDoiAndUnknown()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On(r => r.Path.EndsWith("/efetch.fcgi", StringComparison.Ordinal) && r.Param("id") == "27797938", ScriptedResponse.Fixture("pubmed/biopython_pubmed4.xml"));
        host.Server.On("efetch.fcgi", ScriptedResponse.Xml("<?xml version=\"1.0\" ?><PubmedArticleSet></PubmedArticleSet>"));
        host.Server.On(r => r.Param("term") == "\"10.1136/gutjnl-2016-312510\"[doi]", ScriptedResponse.Xml("<eSearchResult><Count>1</Count><RetMax>1</RetMax><RetStart>0</RetStart><IdList><Id>27797938</Id></IdList></eSearchResult>"));
        var client = host.Client("pubmed");

        var byPmid = await client.GetAsync("pmid:27797938", Cancellation);
        var byDoi = await client.GetAsync("https://doi.org/10.1136/GUTJNL-2016-312510", Cancellation);
        var unknown = await client.GetAsync("99999999", Cancellation);

        Assert.Equal("pmid:27797938", byPmid?.Id);
        Assert.Equal(byPmid?.Id, byDoi?.Id);
        Assert.Equal(byPmid?.Abstract, byDoi?.Abstract);
        Assert.Null(unknown);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync("arxiv:1605.08386", Cancellation));
    }

    [Fact]
    public async Task Arxiv_Search_BuildsTheQueryAndRespectsMaxResults()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/query", ScriptedResponse.Fixture("arxiv/arxivpy_q_testing_start10_max10.xml"));

        var articles = await host.Client("arxiv").SearchAsync("software testing", 3, Cancellation);

        Assert.Equal(["arxiv:2403.16981", "arxiv:2004.03322", "arxiv:1912.09881"], articles.Select(a => a.Id));
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("all:software AND all:testing", request.Param("search_query"));
        Assert.Equal("3", request.Param("max_results"));
        Assert.Equal("relevance", request.Param("sortBy"));
    }

    [Fact]
    public async Task Arxiv_Get_ByVersionedIdAndOldStyleId()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On(r => r.Param("id_list") == "1605.08386", ScriptedResponse.Fixture("arxiv/arxivpy_id_1605.08386.xml"));
        host.Server.On(r => r.Param("id_list") == "astro-ph/0601001", ScriptedResponse.Fixture("arxiv/arxivpy_id_astro-ph_0601001.xml"));
        var client = host.Client("arxiv");

        var current = await client.GetAsync("1605.08386v1", Cancellation);
        var old = await client.GetAsync("arxiv:astro-ph/0601001", Cancellation);

        Assert.Equal("Heat-bath random walks with Markov bases", current?.Title);
        Assert.Equal("arxiv:astro-ph/0601001", old?.Id);
    }

    [Fact]
    public async Task EuropePmc_Search_FetchesFullTextOnlyForOpenAccessAndKeepsAbstractsOtherwise()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/search", ScriptedResponse.Fixture("europepmc/ischender_search_crispr_oa_core.json"));
        host.Server.On("/PMC13551093/fullTextXML", ScriptedResponse.Xml(JatsArticle));
        host.Server.On("/fullTextXML", ScriptedResponse.Text("Not Found", 404));

        var articles = await host.Client("europepmc").SearchAsync("CRISPR AND OPEN_ACCESS:Y", 3, Cancellation);

        Assert.Equal(["pmcid:PMC13582529", "pmid:42712921", "pmcid:PMC13583639"], articles.Select(a => a.Id));
        var review = articles[1];
        Assert.StartsWith("Clustered regularly interspaced short palindromic repeats", review.Abstract, StringComparison.Ordinal);
        Assert.Contains("\n\nFull text:\nIntroduction: Pooled CRISPR screens changed functional genomics.", review.Abstract, StringComparison.Ordinal);
        Assert.Equal("", articles[0].Abstract); // its full text answered 404: the record stays as it was
        var search = host.Server.RequestsTo("/search")[0];
        Assert.Equal("CRISPR AND OPEN_ACCESS:Y", search.Param("query"));
        Assert.Equal("json", search.Param("format"));
        Assert.Equal("core", search.Param("resultType"));
        Assert.Equal("3", search.Param("pageSize"));
        Assert.Equal(3, host.Server.RequestsTo("/fullTextXML").Count);
    }

    [Fact]
    public async Task EuropePmc_LiteResultsWithoutOpenAccess_AskNoFullText()
    {
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?> { ["Literature:EuropePmc:FullText"] = "false" });
        host.Server.On("/search", ScriptedResponse.Fixture("europepmc/pyeuropepmc_search_cancer_lite.json"));

        var articles = await host.Client("europepmc").SearchAsync("cancer", 10, Cancellation);

        Assert.Equal(10, articles.Count);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task EuropePmc_Get_ByPmidAsksExtIdAndSource()
    {
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?> { ["Literature:EuropePmc:FullText"] = "false" });
        host.Server.On("/search", ScriptedResponse.Fixture("europepmc/pyeuropepmc_search_cancer_page2.json"));

        var article = await host.Client("europepmc").GetAsync("pmid:39709209", Cancellation);

        Assert.Equal("pmid:39709209", article?.Id);
        Assert.Equal("EXT_ID:39709209 AND SRC:MED", host.Server.Requests[0].Param("query"));
        Assert.Equal("1", host.Server.Requests[0].Param("pageSize"));
    }

    [Fact]
    public async Task OpenAlex_Search_SendsKeyMailtoAndSelect()
    {
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?>
        {
            ["Literature:OpenAlex:ApiKey"] = "oa-key",
            ["Literature:Email"] = "team@example.org",
        });
        host.Server.On("/works", ScriptedResponse.Fixture("openalex/paperqa_works_filter_title_search_chemcrow_2_results.json"));

        var articles = await host.Client("openalex").SearchAsync("Augmenting large language models with chemistry tools", 1, Cancellation);

        Assert.Equal("openalex:W4396723768", Assert.Single(articles).Id);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("Augmenting large language models with chemistry tools", request.Param("search"));
        Assert.Equal("1", request.Param("per_page"));
        Assert.Equal("oa-key", request.Param("api_key"));
        Assert.Equal("team@example.org", request.Param("mailto"));
        Assert.Contains("abstract_inverted_index", request.Param("select"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAlex_Get_ByDoiAndUnknownWork()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On(r => r.RawTarget.Contains("/works/doi:10.1073%2Fpnas.1414271111", StringComparison.Ordinal), ScriptedResponse.Fixture("openalex/paperqa_work_by_doi_pnas.json"));
        host.Server.On("/works/W1", ScriptedResponse.Json("""{"error":"Not Found","message":"The requested work was not found"}""", 404));
        var client = host.Client("openalex");

        var byDoi = await client.GetAsync("doi:10.1073/pnas.1414271111", Cancellation);
        var unknown = await client.GetAsync("openalex:W1", Cancellation);

        Assert.Equal("openalex:W2109415576", byDoi?.Id);
        Assert.Null(unknown);
        Assert.Null(host.Server.Requests[0].Param("api_key"));
    }

    [Fact]
    public async Task Crossref_Search_SendsMailtoRowsAndSelect()
    {
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?> { ["Literature:Crossref:Mailto"] = "polite@example.org" });
        host.Server.On("/works", ScriptedResponse.Fixture("crossref/habanero_works_query_ecology_rows2.json"));

        var articles = await host.Client("crossref").SearchAsync("ecology", 2, Cancellation);

        Assert.Equal(["doi:10.1093/obo/9780199830060-0238", "doi:10.1093/obo/9780199830060-0023"], articles.Select(a => a.Id));
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("ecology", request.Param("query"));
        Assert.Equal("2", request.Param("rows"));
        Assert.Equal("polite@example.org", request.Param("mailto"));
        Assert.Contains("abstract", request.Param("select"), StringComparison.Ordinal);
        Assert.Contains("mailto:polite@example.org", request.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crossref_Get_ByDoiEncodesItAndUnknownDoiIsNull()
    {
        var work = JsonNode.Parse(Fixtures.Read("crossref/paperqa_works_query_title_11_authors.json"))!;
        var single = new JsonObject { ["status"] = "ok", ["message-type"] = "work", ["message"] = work["message"]!["items"]![0]!.DeepClone() };
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On(r => r.RawTarget.StartsWith("/works/10.1093%2Fjamiaopen%2Fooae021", StringComparison.Ordinal), ScriptedResponse.Json(single.ToJsonString()));
        host.Server.On(r => r.RawTarget.StartsWith("/works/", StringComparison.Ordinal), ScriptedResponse.Text("Resource not found.", 404));
        var client = host.Client("crossref");

        var article = await client.GetAsync("https://doi.org/10.1093/JAMIAOPEN/ooae021", Cancellation);
        var unknown = await client.GetAsync("10.9999/nothing", Cancellation);

        Assert.Equal("Retrieval augmented scientific claim verification", article?.Title);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task BaseUrlWithAPath_IsKeptUnderneathTheRequests()
    {
        await using var host = await LiteratureHost.StartAsync(basePath: "entrez/eutils/");
        host.Server.On("/entrez/eutils/esearch.fcgi", ScriptedResponse.Fixture("pubmed/biopython_esearch3.xml"));
        host.Server.On("/entrez/eutils/efetch.fcgi", ScriptedResponse.Fixture("pubmed/biopython_pubmed1.xml"));

        var articles = await host.Client("pubmed").SearchAsync("x", 1, Cancellation);

        Assert.Single(articles);
        Assert.All(host.Server.Requests, r => Assert.StartsWith("/entrez/eutils/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ZeroMaxResultsOrBlankQuery_AskNothing()
    {
        await using var host = await LiteratureHost.StartAsync();

        foreach (var source in SourceNames.All)
        {
            Assert.Empty(await host.Client(source).SearchAsync("x", 0, Cancellation));
            Assert.Empty(await host.Client(source).SearchAsync("  ", 5, Cancellation));
        }

        Assert.Empty(host.Server.Requests);
    }

    private const string JatsArticle = """
        <?xml version="1.0" encoding="UTF-8"?>
        <article article-type="review-article"><front><article-meta><abstract><p>Front.</p></abstract></article-meta></front>
        <body><sec><title>Introduction</title><p>Pooled CRISPR screens changed functional genomics.</p></sec></body></article>
        """;
}
