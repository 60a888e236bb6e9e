using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Tests.Fakes;
using CoScientist.Testing;

namespace CoScientist.Literature.Tests.Http;

/// <summary>Retries with backoff on the fake clock: every wait is a timer the test can see and move past.</summary>
public sealed class RetryTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TooManyRequestsWithRetryAfter_WaitsExactlyThatLongThenSucceeds()
    {
        var clock = new TestClock();
        await using var host = await LiteratureHost.StartAsync(clock: clock);
        host.Server.On(
            "/works",
            ScriptedResponse.Json("""{"error":"Too Many Requests"}""", 429).WithRetryAfter("5"),
            ScriptedResponse.Fixture("openalex/paperqa_works_filter_title_search_paperqa.json"));

        var search = host.Client("openalex").SearchAsync("PaperQA", 5, Cancellation);
        await Eventually.TrueAsync(() => host.Server.Requests.Count == 1, "the first request never came");
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        await Eventually.StillTrueAsync(() => host.Server.Requests.Count == 1, "retried before Retry-After was over");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var articles = await search;

        Assert.Equal("openalex:W4389761608", Assert.Single(articles).Id);
        var requests = host.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(5), requests[1].At - requests[0].At);
    }

    [Fact]
    public async Task RetryAfterAsADate_IsHonouredOnTheClock()
    {
        var clock = new TestClock();
        await using var host = await LiteratureHost.StartAsync(clock: clock);
        var at = clock.GetUtcNow().AddSeconds(8).ToString("R");
        host.Server.On("/works", ScriptedResponse.Text("slow down", 429).WithRetryAfter(at), ScriptedResponse.Fixture("crossref/habanero_works_query_ecology_rows2.json"));

        var search = host.Client("crossref").SearchAsync("ecology", 2, Cancellation);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(8));
        clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(2, (await search).Count);
    }

    [Fact]
    public async Task ServiceUnavailableEveryTime_BacksOffExponentiallyThenFailsNamingTheAttempts()
    {
        var clock = new TestClock();
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?> { ["Literature:MaxRetries"] = "2" }, clock);
        host.Server.On("/search", ScriptedResponse.Html("<html><head><title>503 Service Temporarily Unavailable</title></head></html>", 503));

        var search = host.Client("europepmc").SearchAsync("x", 5, Cancellation);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => host.Server.Requests.Count == 2, "no second attempt after 1 s");
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => search);

        Assert.Equal("europepmc: an HTML page: 503 Service Temporarily Unavailable (3 attempts) (HTTP 503)", error.Message);
        Assert.Equal(503, error.StatusCode);
        var requests = host.Server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), requests[1].At - requests[0].At);
        Assert.Equal(TimeSpan.FromSeconds(2), requests[2].At - requests[1].At);
    }

    [Fact]
    public async Task RetryAfterLongerThanAllowed_FailsAtOnceSayingSo()
    {
        await using var host = await LiteratureHost.StartAsync(clock: new TestClock());
        host.Server.On("esearch.fcgi", ScriptedResponse.Json("""{"error":"API rate limit exceeded","api-key":"1.2.3.4","count":"4","limit":"3"}""", 429).WithRetryAfter("3600"));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("pubmed").SearchAsync("x", 5, Cancellation));

        Assert.Equal(
            "pubmed: API rate limit exceeded; asked to retry after 3600 s, longer than Literature:MaxRetryAfterSeconds (60 s) (HTTP 429)",
            error.Message);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task NoAnswerWithinTheTimeout_IsRetriedOnTheClock()
    {
        var clock = new TestClock();
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?> { ["Literature:TimeoutSeconds"] = "7" }, clock);
        host.Server.On("/query", ScriptedResponse.NoAnswer(), ScriptedResponse.Fixture("arxiv/arxivpy_id_1605.08386.xml"));

        var get = host.Client("arxiv").GetAsync("1605.08386", Cancellation);
        await Eventually.TrueAsync(() => host.Server.Requests.Count == 1, "the first request never came");
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        clock.Advance(TimeSpan.FromSeconds(7));
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("arxiv:1605.08386", (await get)?.Id);
        Assert.Equal(2, host.Server.Requests.Count);
    }

    [Fact]
    public async Task NoAnswerEver_FailsWithATimeoutMessage()
    {
        var clock = new TestClock();
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?> { ["Literature:TimeoutSeconds"] = "4", ["Literature:MaxRetries"] = "0" }, clock);
        host.Server.On("/works", ScriptedResponse.NoAnswer());

        var search = host.Client("openalex").SearchAsync("x", 5, Cancellation);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(4));
        clock.Advance(TimeSpan.FromSeconds(4));
        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => search);

        Assert.Equal("openalex: no answer within 4 s (1 attempt)", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task ClientErrors_AreNotRetried()
    {
        await using var host = await LiteratureHost.StartAsync(clock: new TestClock());
        host.Server.On("/works", ScriptedResponse.Json("""{"error":"Bad Request","message":"unknown filter"}""", 400));

        await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("openalex").SearchAsync("x", 5, Cancellation));

        Assert.Single(host.Server.Requests);
    }
}
