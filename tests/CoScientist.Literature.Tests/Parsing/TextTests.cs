using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Text;

namespace CoScientist.Literature.Tests.Parsing;

public sealed class TextTests
{
    [Theory]
    [InlineData("https://doi.org/10.1073/PNAS.1414271111", "10.1073/pnas.1414271111")]
    [InlineData("doi:10.1093/jamiaopen/ooae021", "10.1093/jamiaopen/ooae021")]
    [InlineData("http://dx.doi.org/10.1103/PhysRevB.85.115117", "10.1103/physrevb.85.115117")]
    [InlineData("10.1073%2Fpnas.1414271111", "10.1073/pnas.1414271111")]
    [InlineData("not a doi", null)]
    [InlineData("", null)]
    public void NormalizeDoi(string text, string? expected) => Assert.Equal(expected, ArticleIds.NormalizeDoi(text));

    [Theory]
    [InlineData("1605.08386v1", "1605.08386")]
    [InlineData("arxiv:2312.07559", "2312.07559")]
    [InlineData("http://arxiv.org/abs/astro-ph/0601001v1", "astro-ph/0601001")]
    [InlineData("https://arxiv.org/pdf/1605.08386v2", "1605.08386")]
    [InlineData("https://doi.org/10.48550/arXiv.2304.05376", "2304.05376")]
    [InlineData("10.1038/s42256-024-00832-8", null)]
    [InlineData("hello", null)]
    public void NormalizeArxivId(string text, string? expected) => Assert.Equal(expected, ArticleIds.NormalizeArxivId(text));

    [Theory]
    [InlineData("pmid:27797938", "27797938")]
    [InlineData("PMID: 9997", "9997")]
    [InlineData("https://pubmed.ncbi.nlm.nih.gov/25349395", "25349395")]
    [InlineData("PMC5442267", null)]
    [InlineData("10.1/x", null)]
    public void NormalizePmid(string text, string? expected) => Assert.Equal(expected, ArticleIds.NormalizePmid(text));

    [Fact]
    public void KeysOf_LinksAnArxivDoiToItsArxivIdAndAPubMedUrlToItsPmid()
    {
        var openAlex = new Article("openalex:W4389761608", "t", "", [], null, "https://arxiv.org/abs/2312.07559", "openalex", "10.48550/arxiv.2312.07559");
        var pubmed = new Article("pmid:1", "t", "", [], null, "https://pubmed.ncbi.nlm.nih.gov/1/", "pubmed", "https://doi.org/10.1000/X");

        Assert.Equal(["openalex:w4389761608", "doi:10.48550/arxiv.2312.07559", "arxiv:2312.07559"], ArticleIds.KeysOf(openAlex));
        Assert.Equal(["pmid:1", "doi:10.1000/x"], ArticleIds.KeysOf(pubmed));
    }

    [Theory]
    [InlineData("<jats:p>One &amp; two</jats:p>", "One & two")]
    [InlineData("<p>First.</p><p>Second.</p>", "First.\nSecond.")]
    [InlineData("<jats:title>Abstract</jats:title><jats:sec><jats:title>Background</jats:title><jats:p>Text.</jats:p></jats:sec>", "Background: Text.")]
    [InlineData("<h4>Objective</h4>To test.<h4>Methods</h4>We did.", "Objective: To test.\nMethods: We did.")]
    [InlineData("Growth of <i>E. coli</i> at 37 <sup>o</sup>C", "Growth of E. coli at 37 oC")]
    [InlineData("when <mml:math><mml:mi>x</mml:mi><mml:annotation encoding=\"tex\">x</mml:annotation></mml:math> grows", "when x grows")]
    [InlineData("cites<jats:xref ref-type=\"bibr\" rid=\"b1\">1</jats:xref> it", "cites it")]
    [InlineData("  lots \n of\t space ", "lots of space")]
    public void ToPlainText_Markup(string markup, string expected) => Assert.Equal(expected, Markup.ToPlainText(markup));

    [Theory]
    [InlineData("""{"error":"API rate limit exceeded","api-key":"1.2.3.4","count":"4","limit":"3"}""", "application/json", "API rate limit exceeded")]
    [InlineData("""{"status":"failed","message-type":"route-not-found","message":"Route not found"}""", "application/json", "Route not found")]
    [InlineData("<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>", "text/xml", "Invalid query")]
    [InlineData("<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>", "text/html", "an HTML page: 404 Not Found")]
    [InlineData("Resource not found.", "text/plain", "Resource not found.")]
    [InlineData("\n\n  Service Temporarily Unavailable\nretry later", null, "Service Temporarily Unavailable")]
    [InlineData("", null, "empty answer")]
    public void ErrorBodies_Describe(string body, string? mediaType, string expected) => Assert.Equal(expected, ErrorBodies.Describe(body, mediaType));

    [Fact]
    public void ErrorBodies_Describe_ArxivErrorFeed() =>
        Assert.Equal("incorrect id format for 1234.12345", ErrorBodies.Describe(ArxivParserTests.ErrorFeed, "application/atom+xml"));

    [Fact]
    public void LiteratureSourceException_IsOneLineWithSourceMessageAndStatus()
    {
        var error = new LiteratureSourceException("crossref", "Route\nnot found", 404);

        Assert.Equal("crossref: Route not found (HTTP 404)", error.Message);
        Assert.Equal("Route\nnot found", error.ApiMessage);
        Assert.False(error.IsTransient);
        Assert.True(new LiteratureSourceException("arxiv", "busy", 503).IsTransient);
    }
}
