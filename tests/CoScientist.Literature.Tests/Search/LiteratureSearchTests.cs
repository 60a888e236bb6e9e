using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Search;
using CoScientist.Literature.Tests.Fakes;

namespace CoScientist.Literature.Tests.Search;

public sealed class LiteratureSearchTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_SamePaperFromThreeSources_IsOneRecordTheRichestWithGapsFilled()
    {
        var pubmed = new StubClient("pubmed", new Article("pmid:27797938", "Leucocyte telomere length", "OBJECTIVE: long structured abstract ...", ["Ying Bao"], 2017, "https://pubmed.ncbi.nlm.nih.gov/27797938/", "pubmed", null));
        var crossref = new StubClient("crossref", new Article("doi:10.1136/gutjnl-2016-312510", "Leucocyte telomere length", "", ["Ying Bao", "Jennifer Prescott"], 2017, "https://doi.org/10.1136/gutjnl-2016-312510", "crossref", "10.1136/gutjnl-2016-312510"));
        var europePmc = new StubClient("europepmc", new Article("pmid:27797938", "Leucocyte telomere length", "short", [], null, null, "europepmc", "https://doi.org/10.1136/GUTJNL-2016-312510"));
        var search = new LiteratureSearch([pubmed, crossref, europePmc]);

        var found = await search.SearchAsync("telomere", 10, Cancellation);

        var article = Assert.Single(found); // PMID links PubMed and Europe PMC; Europe PMC's DOI links Crossref
        Assert.Equal("pmid:27797938", article.Id);
        Assert.Equal("pubmed", article.Source);
        Assert.Equal("OBJECTIVE: long structured abstract ...", article.Abstract);
        Assert.Equal("10.1136/gutjnl-2016-312510", article.Doi); // filled from the others
    }

    [Fact]
    public async Task Search_ArxivPreprintFoundByOpenAlexUnderItsArxivDoi_IsOneRecord()
    {
        var arxiv = new StubClient("arxiv", new Article("arxiv:2312.07559", "PaperQA", "Large Language Models (LLMs) generalize well ...", ["Jakub Lála"], 2023, "https://arxiv.org/abs/2312.07559v2", "arxiv", null));
        var openAlex = new StubClient("openalex", new Article("openalex:W4389761608", "PaperQA", "Large Language Models (LLMs) generalize well across language tasks ...", ["Jakub Lála"], 2023, "https://arxiv.org/abs/2312.07559", "openalex", "10.48550/arxiv.2312.07559"));
        var search = new LiteratureSearch([arxiv, openAlex]);

        var article = Assert.Single(await search.SearchAsync("paperqa", 5, Cancellation));

        Assert.Equal("openalex:W4389761608", article.Id); // the longer abstract wins
    }

    [Fact]
    public async Task Search_InterleavesSourcesAndRespectsMaxResults()
    {
        var a = new StubClient("pubmed", Paper("pmid:1"), Paper("pmid:2"), Paper("pmid:3"));
        var b = new StubClient("crossref", Paper("doi:10.1000/a"), Paper("doi:10.1000/b"));
        var search = new LiteratureSearch([a, b]);

        var found = await search.SearchAsync("q", 3, Cancellation);

        Assert.Equal(["pmid:1", "doi:10.1000/a", "pmid:2"], found.Select(x => x.Id));
        Assert.Equal(3, a.LastMaxResults);
    }

    [Fact]
    public async Task Search_SameQueryTwice_AsksEachSourceOnceAndAnotherRunAsksAgain()
    {
        var source = new StubClient("pubmed", Paper("pmid:1"), Paper("pmid:2"));
        var run = new LiteratureSearch([source]);

        var first = await run.SearchAsync("CRISPR screens", 2, Cancellation);
        var again = await run.SearchAsync("  crispr   SCREENS ", 2, Cancellation);
        var fewer = await run.SearchAsync("CRISPR screens", 1, Cancellation);

        Assert.Equal(1, source.Calls);
        Assert.Equal(first.Select(x => x.Id), again.Select(x => x.Id));
        Assert.Equal(["pmid:1"], fewer.Select(x => x.Id));

        await run.SearchAsync("CRISPR screens", 5, Cancellation); // more than cached: asked again
        await run.SearchAsync("other query", 2, Cancellation);
        Assert.Equal(3, source.Calls);

        await new LiteratureSearch([source]).SearchAsync("CRISPR screens", 2, Cancellation);
        Assert.Equal(4, source.Calls); // a new run has its own cache
    }

    [Fact]
    public async Task Search_OneSourceFails_TheOthersStillAnswerAndTheFailureIsNotCached()
    {
        var failing = new StubClient("arxiv") { Failure = new LiteratureSourceException("arxiv", "busy", 503) };
        var working = new StubClient("pubmed", Paper("pmid:1"));
        var search = new LiteratureSearch([failing, working]);

        Assert.Equal(["pmid:1"], (await search.SearchAsync("q", 5, Cancellation)).Select(x => x.Id));
    }

    [Fact]
    public async Task Search_EverySourceFails_ThrowsNamingEachAndTriesAgainNextTime()
    {
        var arxiv = new StubClient("arxiv") { Failure = new LiteratureSourceException("arxiv", "busy", 503) };
        var pubmed = new StubClient("pubmed") { Failure = new LiteratureSourceException("pubmed", "NCBI error: bad", null) };
        var search = new LiteratureSearch([arxiv, pubmed]);

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => search.SearchAsync("q", 5, Cancellation));
        pubmed.Failure = null;
        pubmed.Articles = [Paper("pmid:9")];
        var retried = await search.SearchAsync("q", 5, Cancellation);

        Assert.Equal("literature: every source failed: arxiv: busy (HTTP 503); pubmed: NCBI error: bad", error.Message);
        Assert.Equal(["pmid:9"], retried.Select(x => x.Id));
        Assert.Equal(2, pubmed.Calls);
    }

    [Fact]
    public async Task Get_RoutesByPrefixAndFallsBackToTheNextSource()
    {
        var crossref = new StubClient("crossref");
        var openAlex = new StubClient("openalex", new Article("openalex:W1", "t", "a", [], null, null, "openalex", "10.1000/x"));
        var arxiv = new StubClient("arxiv", Paper("arxiv:1605.08386"));
        var search = new LiteratureSearch([crossref, openAlex, arxiv]);

        var byDoi = await search.GetAsync("doi:10.1000/x", Cancellation);
        var byArxiv = await search.GetAsync("arxiv:1605.08386", Cancellation);

        Assert.Equal("openalex:W1", byDoi?.Id);
        Assert.Equal(["doi:10.1000/x"], crossref.Gets);
        Assert.Equal("arxiv:1605.08386", byArxiv?.Id);
        Assert.DoesNotContain(openAlex.Gets, g => g.StartsWith("arxiv", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ArgumentException>(() => search.GetAsync("pmcid:PMC1", Cancellation)); // only Europe PMC knows PMC ids
    }

    [Fact]
    public async Task Search_OverHttp_DeduplicatesRecordedPubMedWithACrossrefCopyAndKeepsTheAbstract()
    {
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?>
        {
            ["Literature:Arxiv:Enabled"] = "false",
            ["Literature:EuropePmc:Enabled"] = "false",
        });
        host.Server.On("esearch.fcgi", ScriptedResponse.Xml("<eSearchResult><Count>1</Count><RetMax>1</RetMax><RetStart>0</RetStart><IdList><Id>27797938</Id></IdList></eSearchResult>"));
        host.Server.On("efetch.fcgi", ScriptedResponse.Fixture("pubmed/biopython_pubmed4.xml"));
        host.Server.On(r => r.Path == "/works" && r.Param("search") is not null, ScriptedResponse.Fixture("openalex/paperqa_works_filter_title_search_copper_oxide.json"));
        host.Server.On("/works", ScriptedResponse.Json("""
            {"status":"ok","message-type":"work-list","message":{"total-results":2,"items":[
              {"DOI":"10.1136/GUTJNL-2016-312510","title":["Leucocyte telomere length, genetic variants at the <i>TERT</i> gene region and risk of pancreatic cancer"],"issued":{"date-parts":[[2016,10,31]]}},
              {"DOI":"10.1000/other","title":["Another paper"]}]}}
            """));
        var search = host.Sources.CreateSearch();

        var found = await search.SearchAsync("telomere pancreatic cancer", 10, Cancellation);

        Assert.Equal(["pmid:27797938", "openalex:W2277923667", "doi:10.1000/other"], found.Select(a => a.Id));
        Assert.StartsWith("OBJECTIVE:", found[0].Abstract, StringComparison.Ordinal);
        await search.SearchAsync("telomere pancreatic cancer", 10, Cancellation);
        Assert.Single(host.Server.RequestsTo("/esearch.fcgi")); // the second search came from the run's cache
    }

    private static Article Paper(string id) => new(id, id, "", [], null, null, "stub");

    private sealed class StubClient(string name, params Article[] articles) : ILiteratureClient
    {
        public string Name => name;

        public IReadOnlyList<Article> Articles { get; set; } = articles;

        public LiteratureSourceException? Failure { get; set; }

        public int Calls { get; private set; }

        public int LastMaxResults { get; private set; }

        public List<string> Gets { get; } = [];

        public Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
        {
            Calls++;
            LastMaxResults = maxResults;
            return Failure is null ? Task.FromResult<IReadOnlyList<Article>>([.. Articles.Take(maxResults)]) : Task.FromException<IReadOnlyList<Article>>(Failure);
        }

        public Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
        {
            Gets.Add(id);
            return Task.FromResult(Articles.FirstOrDefault(a => a.Id == id || (a.Doi is not null && id.EndsWith(a.Doi, StringComparison.Ordinal))));
        }
    }
}
