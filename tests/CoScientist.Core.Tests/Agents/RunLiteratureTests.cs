using CoScientist.Core.Agents;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Literature;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;

namespace CoScientist.Core.Tests.Agents;

public sealed class RunLiteratureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Context = """
        Mitochondrial fission drives stellate cell activation in fibrotic livers of mice.

        Ocean plankton blooms follow the upwelling of nutrient rich water along coasts.
        """;

    private readonly FakeLiterature _source = new();

    [Fact]
    public async Task SearchAsync_AttachedContext_PassagesFoundByQueryWords()
    {
        var run = TestData.Run(attachedContext: Context);

        var found = await new RunLiterature(_source).SearchAsync(run, ["mitochondrial fission"], Ct);

        var passage = Assert.Single(found);
        Assert.Equal("context-1", passage.Id);
        Assert.Equal("attached context", passage.Source);
    }

    [Fact]
    public async Task SearchAsync_ContextAndSource_BothReturnedContextFirst()
    {
        _source.ForAnyQuery = [FakeLiterature.Article("pmid-1")];
        var run = TestData.Run(attachedContext: Context);

        var found = await new RunLiterature(_source).SearchAsync(run, ["plankton blooms"], Ct);

        Assert.Equal(["context-2", "pmid-1"], found.Select(a => a.Id));
    }

    [Fact]
    public async Task SearchAsync_SameArticleForSeveralQueries_ReturnedOnce()
    {
        _source.With("q1", FakeLiterature.Article("pmid-1"), FakeLiterature.Article("pmid-2"))
            .With("q2", FakeLiterature.Article("PMID-1"), FakeLiterature.Article("pmid-3"));

        var found = await new RunLiterature(_source).SearchAsync(TestData.Run(), ["q1", "q2"], Ct);

        Assert.Equal(["pmid-1", "pmid-2", "pmid-3"], found.Select(a => a.Id));
    }

    [Fact]
    public async Task SearchAsync_BlankQueries_SkippedAndAtMostFourAsked()
    {
        await new RunLiterature(_source).SearchAsync(TestData.Run(), ["", "q1", "  ", "q2", "q3", "q4", "q5"], Ct);

        Assert.Equal(["q1", "q2", "q3", "q4"], _source.Queries);
    }

    [Fact]
    public async Task SearchAsync_ManyResults_CappedAtTwelve()
    {
        for (var q = 0; q < 4; q++)
        {
            _source.With($"q{q}", [.. Enumerable.Range(0, 5).Select(i => FakeLiterature.Article($"a{q}-{i}"))]);
        }

        var found = await new RunLiterature(_source).SearchAsync(TestData.Run(), ["q0", "q1", "q2", "q3"], Ct);

        Assert.Equal(12, found.Count);
        Assert.Equal("a0-0", found[0].Id);
    }

    [Fact]
    public async Task SearchAsync_EachQuery_AsksForArticlesPerQuery()
    {
        _source.ForAnyQuery = [.. Enumerable.Range(0, 9).Select(i => FakeLiterature.Article($"a{i}"))];

        var found = await new RunLiterature(_source).SearchAsync(TestData.Run(), ["q"], Ct);

        Assert.Equal(RunLiterature.ArticlesPerQuery, found.Count);
    }

    [Fact]
    public async Task SearchAsync_EachRunGetsItsOwnSource_ReusedForLaterSteps()
    {
        var factory = new CountingFactory();
        var literature = new RunLiterature(factory);

        await literature.SearchAsync(TestData.Run(id: "run-a"), ["q"], Ct);
        await literature.SearchAsync(TestData.Run(id: "run-a"), ["q2"], Ct);
        await literature.SearchAsync(TestData.Run(id: "run-b"), ["q"], Ct);

        Assert.Equal(2, factory.Created.Count);
        Assert.Equal(["q", "q2"], factory.Created[0].Queries);
        Assert.Equal(["q"], factory.Created[1].Queries);
    }

    [Fact]
    public async Task SearchAsync_ForAStep_RecordsWhatItFoundForTheRun_FirstRetrievalStays()
    {
        var store = new RunStore(new EmbeddedTableStore());
        _source.With("q1", FakeLiterature.Article("doi:10.1000/a"), FakeLiterature.Article("pmid:1"));
        _source.With("q2", FakeLiterature.Article("pmid:1"));
        var literature = new RunLiterature(new SingleLiteratureSourceFactory(_source), store);

        await literature.SearchAsync(TestData.Context(taskId: "r002-generate-01", round: 2), ["q1"], Ct);
        await literature.SearchAsync(TestData.Context(taskId: "r003-review-04", round: 3), ["q2"], Ct);

        var records = await store.ListLiteratureAsync("run-1", Ct);
        Assert.Equal(["doi:10.1000/a", "pmid:1"], records.Select(r => r.Article.Id).Order(StringComparer.Ordinal));
        var pmid = records.Single(r => r.Article.Id == "pmid:1");
        Assert.Equal(("r002-generate-01", 2, "q1"), (pmid.FoundBy, pmid.Round, pmid.Query));
        Assert.Null(pmid.ScanId);
        Assert.Equal("pmid:1", (await store.GetLiteratureAsync("run-1", "PMID 1", Ct))?.Article.Id);
    }

    [Fact]
    public async Task SearchAsync_RunWithLiteratureOff_NeverCallsTheSource_StillFindsTheAttachedContext()
    {
        var factory = new CountingFactory();
        var store = new RunStore(new EmbeddedTableStore());
        var literature = new RunLiterature(factory, store);
        var run = TestData.Run(attachedContext: Context) with { Literature = false };

        var found = await literature.SearchAsync(TestData.Context(run), ["mitochondrial fission", "plankton blooms"], Ct);

        Assert.Equal(["context-1", "context-2"], found.Select(a => a.Id));
        Assert.Empty(factory.Created);
        Assert.Equal(["context-1", "context-2"], (await store.ListLiteratureAsync(run.Id, Ct)).Select(r => r.Article.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_SourceFails_GoesOnWithTheAttachedContext()
    {
        var literature = new RunLiterature(new FailingSource());

        var found = await literature.SearchAsync(TestData.Run(attachedContext: Context), ["mitochondrial fission"], Ct);

        Assert.Equal(["context-1"], found.Select(a => a.Id));
    }

    [Fact]
    public async Task CheckCitationsAsync_ArticleRetrievedInAnEarlierRound_MayBeCited_OneFromThisRoundMayNot()
    {
        var store = new RunStore(new EmbeddedTableStore());
        await store.TryAddLiteratureAsync(new RetrievedArticle { RunId = "run-1", Article = FakeLiterature.Article("pmid:7"), FoundBy = "r001-generate-01", Round = 1 }, Ct);
        await store.TryAddLiteratureAsync(new RetrievedArticle { RunId = "run-1", Article = FakeLiterature.Article("pmid:8"), FoundBy = "r003-review-01", Round = 3 }, Ct);
        var literature = new RunLiterature(new SingleLiteratureSourceFactory(_source), store);

        var (_, check) = await literature.CheckCitationsAsync(
            TestData.Context(round: 3, run: TestData.Run(attachedContext: Context)),
            [FakeLiterature.Article("pmid:9")],
            c => c.CheckIds(["pmid:9", "pmid:7", "pmid:8", "context-2"]),
            Ct);

        Assert.Equal(["pmid:9", "pmid:7", "context-2"], check.Articles.Select(a => a.Id));
        Assert.Equal(["pmid:8"], check.Removed.Select(r => r.Reference));
    }

    [Fact]
    public void Verified_UnknownIds_AreDropped()
    {
        IReadOnlyList<Article> provided = [FakeLiterature.Article("pmid-1", "One"), FakeLiterature.Article("pmid-2", "Two")];

        var verified = RunLiterature.Verified(["pmid-2", "invented", "PMID-2", "pmid-1"], provided);

        Assert.Equal(["pmid-2", "pmid-1"], verified.Select(r => r.Id));
        Assert.Equal("Two", verified[0].Title);
        Assert.Equal("https://example.org/pmid-2", verified[0].Url);
        Assert.Equal("fake", verified[0].Source);
    }

    [Fact]
    public void Verified_NullOrNothingProvided_Empty()
    {
        Assert.Empty(RunLiterature.Verified(null, [FakeLiterature.Article("pmid-1")]));
        Assert.Empty(RunLiterature.Verified(["pmid-1"], []));
    }

    private sealed class CountingFactory : ILiteratureSourceFactory
    {
        public List<FakeLiterature> Created { get; } = [];

        public IReadOnlyList<string> Sources => ["fake"];

        public ILiteratureSource Create()
        {
            var source = new FakeLiterature();
            Created.Add(source);
            return source;
        }
    }

    private sealed class FailingSource : ILiteratureSource
    {
        public Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("every source failed");
    }
}
