using CoScientist.Core.Literature;

namespace CoScientist.Core.Tests.Literature;

public sealed class AttachedContextLiteratureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Paragraphs = """
        Hepatic stellate cells become activated myofibroblasts after liver injury. They secrete collagen.

        Too short.

        Losartan blocks the angiotensin receptor on stellate cells and lowers collagen output in rats.

          Statins improve sinusoidal function in cirrhotic livers and may lower portal pressure.
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    public async Task SearchAsync_NoContext_FindsNothing(string? context) =>
        Assert.Empty(await new AttachedContextLiterature(context).SearchAsync("stellate cells", 5, Ct));

    [Fact]
    public async Task SearchAsync_QueryWords_FindParagraphsThatShareThem()
    {
        var found = await new AttachedContextLiterature(Paragraphs).SearchAsync("losartan receptor", 5, Ct);

        var passage = Assert.Single(found);
        Assert.Equal("context-2", passage.Id);
        Assert.StartsWith("Losartan blocks", passage.Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_SeveralMatches_MostHitsFirstThenById()
    {
        var found = await new AttachedContextLiterature(Paragraphs).SearchAsync("stellate collagen livers", 5, Ct);

        // context-1 and context-2 each hit twice (stellate, collagen), context-3 once (livers).
        Assert.Equal(["context-1", "context-2", "context-3"], found.Select(a => a.Id));
    }

    [Fact]
    public async Task SearchAsync_MaxResults_Respected()
    {
        var found = await new AttachedContextLiterature(Paragraphs).SearchAsync("stellate collagen livers", 2, Ct);

        Assert.Equal(2, found.Count);
    }

    [Fact]
    public async Task SearchAsync_ShortWordsOnly_FindNothing() =>
        Assert.Empty(await new AttachedContextLiterature(Paragraphs).SearchAsync("the and may in", 5, Ct));

    [Fact]
    public async Task SearchAsync_CaseDiffers_StillFound() =>
        Assert.Single(await new AttachedContextLiterature(Paragraphs).SearchAsync("LOSARTAN", 5, Ct));

    [Fact]
    public async Task Passages_TitleIsTheFirstSentenceAndSourceIsMarked()
    {
        var found = await new AttachedContextLiterature(Paragraphs).SearchAsync("myofibroblasts", 5, Ct);

        var passage = Assert.Single(found);
        Assert.Equal("Hepatic stellate cells become activated myofibroblasts after liver injury", passage.Title);
        Assert.Equal("attached context", passage.Source);
        Assert.Null(passage.Url);
    }

    [Fact]
    public async Task Passages_LongFirstSentence_TitleCutAt120Characters()
    {
        var sentence = string.Join(' ', Enumerable.Repeat("fibrosis", 30));

        var passage = Assert.Single(await new AttachedContextLiterature(sentence).SearchAsync("fibrosis", 5, Ct));

        Assert.Equal(121, passage.Title.Length);
        Assert.EndsWith("…", passage.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passages_ShortParagraphs_AreLeftOutAndNotNumbered()
    {
        var found = await new AttachedContextLiterature(Paragraphs).SearchAsync("statins portal pressure", 5, Ct);

        Assert.Equal("context-3", Assert.Single(found).Id);
        Assert.Empty(await new AttachedContextLiterature(Paragraphs).SearchAsync("short", 5, Ct));
    }
}
