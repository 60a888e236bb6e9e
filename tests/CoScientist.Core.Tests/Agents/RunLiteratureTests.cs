using CoScientist.Agents;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Literature;

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
}
