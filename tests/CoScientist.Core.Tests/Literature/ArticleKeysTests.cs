using CoScientist.Core.Literature;

namespace CoScientist.Core.Tests.Literature;

public sealed class ArticleKeysTests
{
    [Theory]
    [InlineData("pmid:123", "pmid:123")]
    [InlineData("PMID 123", "pmid:123")]
    [InlineData("123", "pmid:123")]
    [InlineData("https://pubmed.ncbi.nlm.nih.gov/123/", "pmid:123")]
    [InlineData("doi:10.1000/ABC", "doi:10.1000/abc")]
    [InlineData("https://dx.doi.org/10.1000/abc", "doi:10.1000/abc")]
    [InlineData("10.48550/arXiv.1605.08386", "arxiv:1605.08386")]
    [InlineData("arXiv:1605.08386v3", "arxiv:1605.08386")]
    [InlineData("astro-ph/0601001", "arxiv:astro-ph/0601001")]
    [InlineData("pmcid:pmc5442267", "pmcid:PMC5442267")]
    [InlineData("https://openalex.org/W2109415576", "openalex:W2109415576")]
    [InlineData("Context-3", "context-3")]
    public void Of_NormalForm(string reference, string key) => Assert.Equal(key, ArticleKeys.Of(reference));

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Of_Blank_IsNull(string? reference) => Assert.Null(ArticleKeys.Of(reference));

    [Fact]
    public void KeysOf_IdDoiAndUrl()
    {
        var article = new Article("openalex:W4389761608", "t", "", [], null, "https://arxiv.org/abs/2312.07559", "openalex", "10.1000/X");

        Assert.Equal(new[] { "arxiv:2312.07559", "doi:10.1000/x", "openalex:W4389761608" }, ArticleKeys.KeysOf(article).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RowKey_EscapesWhatAzureTablesRefuse_AndIsTheSameForEveryFormOfTheId()
    {
        var key = ArticleKeys.RowKey("doi:10.1016/0005-2795(76)90109-4#x?y%z\\w");

        Assert.Equal("doi:10.1016%2F0005-2795(76)90109-4%23x%3Fy%25z%5Cw", key);
        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?');
        Assert.Equal(ArticleKeys.RowKey("PMID 123"), ArticleKeys.RowKey("https://pubmed.ncbi.nlm.nih.gov/123/"));
    }

    [Fact]
    public void RowKey_VeryLongId_IsShortenedStably()
    {
        var id = "doi:10.1000/" + new string('a', 900);

        var key = ArticleKeys.RowKey(id);

        Assert.True(key.Length <= 400, $"{key.Length}");
        Assert.Equal(key, ArticleKeys.RowKey(id));
        Assert.NotEqual(key, ArticleKeys.RowKey(id + "b"));
    }
}
