using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CoScientist.Api.Endpoints;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Results;

/// <summary>The research overview in its three representations.</summary>
public sealed class OverviewTests(ApiFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Path => $"/api/runs/{fixture.ReadOnlyRunId}/overview";

    [Fact]
    public async Task Overview_ByDefault_IsMarkdown_WithLinksToProposalResources()
    {
        using var response = await fixture.Server.Client.GetAsync(Path, Ct);
        var markdown = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("# Research overview", markdown, StringComparison.Ordinal);
        Assert.Contains("**Simulated output.**", markdown, StringComparison.Ordinal);
        Assert.Contains("## Leaderboard", markdown, StringComparison.Ordinal);
        Assert.Contains(fixture.ReadOnlyRunId, markdown, StringComparison.Ordinal);
        // Links point at the API's proposal resources, not at the files cosci run --out writes.
        Assert.Contains("](proposals/P-", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(".md)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_WithAcceptMarkdown_IsTheSameMarkdown()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Accept.ParseAdd("text/markdown");
        using var response = await fixture.Server.Client.SendAsync(request, Ct);

        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await fixture.Server.Client.GetStringAsync(Path, Ct), await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Overview_WithAcceptHtml_IsAnHtmlPage_WithRawHtmlEscaped()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await fixture.Server.Client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"proposals/P-", html, StringComparison.Ordinal);
        // The goal holds "<em>acute myeloid leukemia</em>": shown as text, never as markup.
        Assert.Contains("&lt;em&gt;acute myeloid leukemia&lt;/em&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>acute myeloid leukemia</em>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_WithAcceptJson_IsTheStructuredOverview()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await fixture.Server.Client.SendAsync(request, Ct);
        var overview = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fixture.ReadOnlyRunId, overview.GetProperty("runId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(overview.GetProperty("summary").GetString()));
        Assert.True(overview.GetProperty("areas").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData(null, OverviewApi.Markdown)]
    [InlineData("", OverviewApi.Markdown)]
    [InlineData("*/*", OverviewApi.Markdown)]
    [InlineData("text/*", OverviewApi.Markdown)]
    [InlineData("text/html, text/markdown;q=0.5", OverviewApi.Html)]
    [InlineData("text/html;q=0.2, text/markdown", OverviewApi.Markdown)]
    [InlineData("text/html;q=0, */*", OverviewApi.Markdown)]
    [InlineData("application/xml, application/json;q=0.1", OverviewApi.Json)]
    [InlineData("application/xml", null)]
    [InlineData("text/html;q=0", null)]
    public void Negotiate_PicksTheBestOfferedFormat(string? accept, string? expected) =>
        Assert.Equal(expected, OverviewApi.Negotiate(accept));
}
