using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Tests.Fakes;
using CoScientist.Literature.Tests.Parsing;

namespace CoScientist.Literature.Tests.Http;

/// <summary>Error answers over real HTTP: each becomes a LiteratureSourceException with the API's own words, never an empty result.</summary>
public sealed class ErrorAnswerTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NcbiErrorElementWithStatus200_IsAnErrorAndNotRetried()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("esearch.fcgi", ScriptedResponse.Xml("""<?xml version="1.0" encoding="UTF-8" ?><eSearchResult><ERROR>Invalid query: unbalanced parentheses</ERROR></eSearchResult>"""));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("pubmed").SearchAsync("(cancer", 5, Cancellation));

        Assert.Equal("pubmed: NCBI error: Invalid query: unbalanced parentheses", error.Message);
        Assert.Equal(SourceNames.PubMed, error.SourceName);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task NcbiEfetchErrorWithStatus400_CarriesTheStatusAndNcbisWords()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("efetch.fcgi", ScriptedResponse.Xml("<?xml version=\"1.0\" ?><eFetchResult><ERROR>ID list is empty! Possibly it has no correct IDs.</ERROR></eFetchResult>", 400));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("pubmed").GetAsync("123", Cancellation));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("pubmed: ID list is empty! Possibly it has no correct IDs. (HTTP 400)", error.Message);
    }

    [Fact]
    public async Task ArxivErrorFeed_WithStatus400_IsAnErrorWithArxivsMessage()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/query", new ScriptedResponse(400, ArxivParserTests.ErrorFeed, "application/atom+xml"));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("arxiv").GetAsync("1234.12345", Cancellation));

        Assert.Equal("arxiv: arXiv error: incorrect id format for 1234.12345 (HTTP 400)", error.Message);
    }

    [Fact]
    public async Task ArxivErrorFeed_WithStatus200_IsStillAnError()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/query", new ScriptedResponse(200, ArxivParserTests.ErrorFeed, "application/atom+xml"));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("arxiv").SearchAsync("x", 5, Cancellation));

        Assert.Contains("incorrect id format for 1234.12345", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html404Page_OnSearchAndOnGet_IsAnErrorNamingThePage()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/works", ScriptedResponse.Html("<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>", 404));
        host.Server.On("/works/W2109415576", ScriptedResponse.Html("<html><body><h1>Page not found</h1></body></html>", 404));
        var client = host.Client("openalex");

        var search = await Assert.ThrowsAsync<LiteratureSourceException>(() => client.SearchAsync("x", 5, Cancellation));
        var get = await Assert.ThrowsAsync<LiteratureSourceException>(() => client.GetAsync("W2109415576", Cancellation));

        Assert.Equal("openalex: an HTML page: 404 Not Found (HTTP 404)", search.Message);
        Assert.Equal("openalex: an HTML page: Page not found (HTTP 404)", get.Message); // a web page, not OpenAlex saying "no such work"
    }

    [Fact]
    public async Task PlainText404_IsAnErrorWithItsText()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/works", ScriptedResponse.Text("404 page not found\n", 404));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("crossref").SearchAsync("x", 5, Cancellation));

        Assert.Equal("crossref: 404 page not found (HTTP 404)", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task JsonErrorObject_IsAnErrorWithTheApisMessages()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/works", ScriptedResponse.Json("""{"status":"failed","message-type":"validation-failure","message":[{"value":"-1","message":"Integer specified as -1 but must be a positive integer less than or equal to 1000.","type":"integer-not-valid"}]}""", 400));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("crossref").SearchAsync("x", 5, Cancellation));

        Assert.Equal("crossref: Integer specified as -1 but must be a positive integer less than or equal to 1000. (HTTP 400)", error.Message);
    }

    [Fact]
    public async Task OpenAlexJsonErrorWithStatus403_IsAnError()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/works", ScriptedResponse.Json("""{"error":"Invalid API key","message":"The api_key parameter is not a valid key."}""", 403));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("openalex").SearchAsync("x", 5, Cancellation));

        Assert.Equal("openalex: Invalid API key: The api_key parameter is not a valid key. (HTTP 403)", error.Message);
        Assert.DoesNotContain("api_key=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaintenancePageWithStatus200_IsAnUnusableAnswer()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("esearch.fcgi", ScriptedResponse.Html("<html><head><title>Service unavailable - NCBI</title></head><body>Please retry<br></body></html>", 200));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("pubmed").SearchAsync("x", 5, Cancellation));

        Assert.Equal("pubmed: unusable answer: not XML (an HTML page: Service unavailable - NCBI)", error.Message);
    }

    [Fact]
    public async Task TruncatedJson_IsAnUnusableAnswer()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/search", ScriptedResponse.Json("""{"version":"6.9","hitCount":12,"resultList":{"result":[{"id":"1","""));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("europepmc").SearchAsync("x", 5, Cancellation));

        Assert.StartsWith("europepmc: unusable answer: not JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableHost_IsAnErrorNamingTheHost()
    {
        int port;
        await using (var closed = await FakeLiteratureServer.StartAsync())
        {
            port = closed.BaseAddress.Port;
        }

        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?>
        {
            ["Literature:Crossref:BaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Literature:MaxRetries"] = "1",
        });

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("crossref").SearchAsync("x", 5, Cancellation));

        Assert.StartsWith($"crossref: could not reach 127.0.0.1:{port}:", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(2 attempts)", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
    }
}
