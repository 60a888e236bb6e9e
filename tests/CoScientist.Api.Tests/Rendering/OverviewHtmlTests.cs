using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CoScientist.Api.Rendering;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Rendering;

/// <summary>Links from goals, titles and model output can never run script in the HTML overview.</summary>
public sealed partial class OverviewHtmlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JaVaScRiPt:alert(1)", false)]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("java\tscript:alert(1)", false)]
    [InlineData("java\nscript:alert(1)", false)]
    [InlineData("\u0001javascript:alert(1)", false)]
    [InlineData("vbscript:msgbox(1)", false)]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("ftp://example.org/x", false)]
    [InlineData("blob:https://example.org/1", false)]
    [InlineData("https://example.org/a?b=c:d", true)]
    [InlineData("HTTP://example.org", true)]
    [InlineData("mailto:someone@example.org", true)]
    [InlineData("proposals/P-1", true)]
    [InlineData("./a:b", true)]
    [InlineData("#section", true)]
    [InlineData("/api/runs?x=javascript:1", true)]
    [InlineData("//example.org/x", true)]
    [InlineData("", true)]
    public void IsAllowedLink_BySchemeOnly(string url, bool allowed) =>
        Assert.Equal(allowed, OverviewHtml.IsAllowedLink(url));

    [Fact]
    public void Page_UnsafeLinksAndImages_BecomeText_SafeOnesStayLiveWithoutReferrer()
    {
        var markdown = """
            # T [t](javascript:alert(1))

            [a](JAVASCRIPT:alert(2)) [b](java&#x09;script:alert(3)) <javascript:alert(4)> [c][ref]
            [d](data:text/html,x) ![e](https://tracker.example/p.png) [f](<vbscript:x>)
            [ok](https://example.org/) <mailto:x@example.org> [rel](proposals/P-1)

            [ref]: javascript:alert(5)
            """;

        var html = OverviewHtml.Page(markdown, "t");
        var hrefs = Hrefs(html);

        Assert.Equal(["https://example.org/", "mailto:x@example.org", "proposals/P-1"], hrefs);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<p>a b javascript:alert(4) c", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"referrer\" content=\"no-referrer\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_HostileGoalLinks_AreNotLive_AndThePageForbidsScript()
    {
        await using var server = await ApiTestServer.StartAsync(cancellationToken: Ct);
        var goal = ApiTestServer.Goal + " [see the trial](javascript:fetch('/api/runs').then(r=>r.text())) <vbscript:run> "
            + "[data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.org/trial)";
        var runId = await server.StartRunAsync(new { goal, maxProposals = 4, seed = 2 }, Ct);
        await server.WaitForEndAsync(runId, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/overview");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await server.Client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("see the trial", html, StringComparison.Ordinal);
        Assert.All(Hrefs(html), href => Assert.Matches("^(https?://|mailto:|proposals/)", href));
        Assert.Contains("https://example.org/trial", Hrefs(html));
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotContain("?code=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_Markdown_IsNotSniffable()
    {
        await using var server = await ApiTestServer.StartAsync(cancellationToken: Ct);
        var runId = await server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 4, seed = 2 }, Ct);
        await server.WaitForEndAsync(runId, Ct);

        using var response = await server.Client.GetAsync($"/api/runs/{runId}/overview", Ct);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private static List<string> Hrefs(string html) =>
        [.. Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("href=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
