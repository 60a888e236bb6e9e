using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Workbench;

/// <summary>The endpoints the workbench page reads and writes, over real HTTP on a server that worked real (simulated) runs.</summary>
public sealed class WorkbenchEndpointsTests(ApiFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer Server => fixture.Server;

    [Fact]
    public async Task Estimate_CountsCallsTokensAndCost_AndStartsNoRun()
    {
        // A goal of its own: other tests start runs on this server at the same time, so counting runs would race.
        var goal = ApiTestServer.Goal + " (estimate only " + Guid.NewGuid().ToString("N") + ")";

        using var response = await Server.Client.PostAsJsonAsync("/api/estimates", new { goal, maxProposals = 4, seed = 2 }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var estimate = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var slots = estimate.GetProperty("slots").EnumerateArray().ToList();
        Assert.NotEmpty(slots);
        Assert.Equal(slots.Sum(s => s.GetProperty("calls").GetInt32()), estimate.GetProperty("calls").GetInt32());
        Assert.Equal(estimate.GetProperty("inputTokens").GetInt64() + estimate.GetProperty("outputTokens").GetInt64(), estimate.GetProperty("totalTokens").GetInt64());
        Assert.True(estimate.GetProperty("costUsd").GetDecimal() > 0);
        Assert.Contains(slots, s => s.GetProperty("slot").GetString() == "Generation");
        Assert.DoesNotContain(
            (await Server.GetJsonAsync("/api/runs?top=100", Ct)).GetProperty("runs").EnumerateArray(),
            r => r.GetProperty("goal").GetString() == goal);
    }

    [Fact]
    public async Task Estimate_MoreProposals_CostsMore()
    {
        async Task<decimal> CostAsync(int proposals)
        {
            using var response = await Server.Client.PostAsJsonAsync("/api/estimates", new { goal = ApiTestServer.Goal, maxProposals = proposals, seed = 2 }, Ct);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("costUsd").GetDecimal();
        }

        Assert.True(await CostAsync(8) > await CostAsync(3));
    }

    [Fact]
    public async Task Ratings_ReplayEveryMatch_AndEndAtTheLeaderboardsElo()
    {
        var runId = fixture.ReadOnlyRunId;
        var ratings = await Server.GetJsonAsync($"/api/runs/{runId}/ratings", Ct);
        var board = await Server.GetJsonAsync($"/api/runs/{runId}/proposals", Ct);
        var status = await Server.GetJsonAsync($"/api/runs/{runId}", Ct);

        var matches = ratings.GetProperty("matches").EnumerateArray().ToList();
        Assert.Equal(status.GetProperty("counts").GetProperty("matches").GetInt32(), matches.Count);
        Assert.Equal(Enumerable.Range(1, matches.Count), matches.Select(m => m.GetProperty("index").GetInt32()));
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var match in matches)
        {
            foreach (var side in new[] { match.GetProperty("a"), match.GetProperty("b") })
            {
                var id = side.GetProperty("proposalId").GetString()!;
                // Each match starts from where the proposal's previous one left it.
                Assert.Equal(last.GetValueOrDefault(id, ratings.GetProperty("initialElo").GetDouble()), side.GetProperty("before").GetDouble(), 1);
                last[id] = side.GetProperty("after").GetDouble();
            }

            var winner = match.GetProperty("winnerId").GetString();
            var winnerSide = match.GetProperty("a").GetProperty("proposalId").GetString() == winner ? match.GetProperty("a") : match.GetProperty("b");
            Assert.True(winnerSide.GetProperty("after").GetDouble() > winnerSide.GetProperty("before").GetDouble());
        }

        foreach (var entry in board.GetProperty("proposals").EnumerateArray().Where(e => e.GetProperty("games").GetInt32() > 0))
        {
            Assert.Equal(entry.GetProperty("elo").GetDouble(), last[entry.GetProperty("id").GetString()!], 1);
        }
    }

    [Fact]
    public async Task Lineage_LinksEachEvolvedProposalToItsParents_WithTheStrategy()
    {
        var runId = fixture.WorkRunId;
        var lineage = await Server.GetJsonAsync($"/api/runs/{runId}/lineage", Ct);

        var nodes = lineage.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, StringComparer.Ordinal);
        var edges = lineage.GetProperty("edges").EnumerateArray().ToList();
        Assert.NotEmpty(edges);
        foreach (var edge in edges)
        {
            var child = nodes[edge.GetProperty("childId").GetString()!];
            Assert.True(nodes.ContainsKey(edge.GetProperty("parentId").GetString()!));
            Assert.Equal("evolved", child.GetProperty("origin").GetString());
            Assert.Equal(child.GetProperty("strategy").GetString(), edge.GetProperty("strategy").GetString());
            var detail = await Server.GetJsonAsync($"/api/runs/{runId}/proposals/{child.GetProperty("id").GetString()}", Ct);
            Assert.Contains(edge.GetProperty("parentId").GetString(), detail.GetProperty("lineage").GetProperty("parents").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        }

        Assert.All(nodes.Values.Where(n => n.GetProperty("origin").GetString() == "evolved"), n => Assert.Contains(edges, e => e.GetProperty("childId").GetString() == n.GetProperty("id").GetString()));
        var clustered = lineage.GetProperty("clusters").EnumerateArray().SelectMany(c => c.GetProperty("proposalIds").EnumerateArray().Select(i => i.GetString()!)).ToList();
        Assert.NotEmpty(clustered);
        Assert.All(clustered, id => Assert.True(nodes.ContainsKey(id)));
        Assert.Equal(clustered.Count, clustered.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task SetAside_ListsEveryProposalNotActive_WithItsReason()
    {
        foreach (var runId in new[] { fixture.ReadOnlyRunId, fixture.WorkRunId })
        {
            var status = await Server.GetJsonAsync($"/api/runs/{runId}", Ct);
            var setAside = await Server.GetJsonAsync($"/api/runs/{runId}/set-aside", Ct);

            var counts = status.GetProperty("counts");
            var expected = counts.GetProperty("proposalsRejected").GetInt32() + counts.GetProperty("proposalsDuplicate").GetInt32() + counts.GetProperty("proposalsUnsafe").GetInt32();
            Assert.Equal(expected, setAside.GetProperty("total").GetInt32());
            foreach (var entry in setAside.GetProperty("proposals").EnumerateArray())
            {
                Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("reason").GetString()));
                var standing = entry.GetProperty("standing").GetString();
                if (standing == "rejected" || standing == "unsafe")
                {
                    Assert.Equal("reject", entry.GetProperty("review").GetProperty("verdict").GetString());
                }

                if (standing == "unsafe")
                {
                    Assert.True(entry.GetProperty("withheld").GetBoolean());
                    Assert.Equal("(withheld: judged unsafe)", entry.GetProperty("title").GetString());
                    Assert.Equal("(withheld: judged unsafe)", entry.GetProperty("review").GetProperty("summary").GetString());
                }

                if (standing == "duplicate")
                {
                    Assert.False(string.IsNullOrEmpty(entry.GetProperty("proximity").GetProperty("duplicateOf").GetString()));
                }
            }
        }
    }

    [Fact]
    public async Task Favourites_MarkedAndUnmarked_AreListed()
    {
        var runId = fixture.WorkRunId;
        var board = await Server.GetJsonAsync($"/api/runs/{runId}/proposals", Ct);
        var ids = board.GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).Take(2).ToList();

        foreach (var id in ids)
        {
            using var marked = await Server.Client.PostAsJsonAsync($"/api/runs/{runId}/favourites", new { proposalId = id, favourite = true }, Ct);
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        }

        using var unmarked = await Server.Client.PostAsJsonAsync($"/api/runs/{runId}/favourites", new { proposalId = ids[0], favourite = false }, Ct);
        var answer = await unmarked.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var listed = await Server.GetJsonAsync($"/api/runs/{runId}/favourites", Ct);

        Assert.Equal([ids[1]], answer.GetProperty("proposalIds").EnumerateArray().Select(i => i.GetString()!));
        Assert.Equal([ids[1]], listed.GetProperty("proposalIds").EnumerateArray().Select(i => i.GetString()!));
    }

    [Fact]
    public async Task Citations_ListWhatTheProposalCites()
    {
        var runId = fixture.ReadOnlyRunId;
        var board = await Server.GetJsonAsync($"/api/runs/{runId}/proposals", Ct);
        foreach (var entry in board.GetProperty("proposals").EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString();
            var detail = await Server.GetJsonAsync($"/api/runs/{runId}/proposals/{id}", Ct);
            var citations = await Server.GetJsonAsync($"/api/runs/{runId}/proposals/{id}/citations", Ct);

            Assert.False(citations.GetProperty("withheld").GetBoolean());
            Assert.Equal(
                detail.GetProperty("proposal").GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()),
                citations.GetProperty("cited").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
            Assert.Equal(JsonValueKind.Array, citations.GetProperty("removed").ValueKind);
        }
    }

    [Theory]
    [InlineData("run.json", "application/json")]
    [InlineData("results.md", "text/markdown")]
    [InlineData("citations.bib", "application/x-bibtex")]
    [InlineData("citations.ris", "application/x-research-info-systems")]
    public async Task Download_ServesTheFileAsAnAttachment(string file, string mediaType)
    {
        var runId = fixture.ReadOnlyRunId;
        using var response = await Server.Client.GetAsync(new Uri($"/api/runs/{runId}/downloads/{file}", UriKind.Relative), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{runId}-{file}", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        if (file == "run.json")
        {
            using var json = JsonDocument.Parse(text);
            Assert.Equal(runId, json.RootElement.GetProperty("run").GetProperty("id").GetString());
            Assert.NotEqual(0, json.RootElement.GetProperty("ranking").GetArrayLength());
        }
        else if (file == "results.md")
        {
            var top = (await Server.GetJsonAsync($"/api/runs/{runId}/proposals?top=1", Ct)).GetProperty("proposals")[0].GetProperty("title").GetString()!;
            Assert.Contains(top, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WorkbenchPage_IsServedWithItsAssets_AndRevalidated()
    {
        using var page = await Server.Client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        foreach (var asset in new[] { "app.js", "api.js", "dom.js", "charts.js", "app.css", "vendor/chart.js/chart.umd.min.js", "vendor/cytoscape/cytoscape.min.js" })
        {
            using var response = await Server.Client.GetAsync(new Uri("/" + asset, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, asset);
            Assert.Equal(asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", response.Content.Headers.ContentType?.MediaType);
        }

        using var first = await Server.Client.GetAsync(new Uri("/app.js", UriKind.Relative), Ct);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var cached = await Server.Client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
    }

    [Fact]
    public void Workbench_UsesNoInnerHtmlAndNoRemoteScript()
    {
        // Text from outside (goals, titles, reviews) reaches the page only as text nodes.
        foreach (var path in CoScientist.Workbench.WorkbenchAssets.Paths.Where(p => !p.StartsWith("vendor/", StringComparison.Ordinal) && p.EndsWith(".js", StringComparison.Ordinal)))
        {
            var source = System.Text.Encoding.UTF8.GetString(CoScientist.Workbench.WorkbenchAssets.Find(path)!.Content);
            Assert.DoesNotContain("innerHTML", source, StringComparison.Ordinal);
            Assert.DoesNotContain("outerHTML", source, StringComparison.Ordinal);
            Assert.DoesNotContain("insertAdjacentHTML", source, StringComparison.Ordinal);
            Assert.DoesNotContain("document.write", source, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", source, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", source, StringComparison.Ordinal);
        }
    }
}
