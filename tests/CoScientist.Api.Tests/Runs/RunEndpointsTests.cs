using CoScientist.Core.Runs;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Runs;

/// <summary>Starting, reading and listing runs over HTTP.</summary>
public sealed class RunEndpointsTests(ApiFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer Server => fixture.Server;

    [Fact]
    public async Task PostRun_NoBudgetGiven_RunGetsTheServerDefaultsVisibleInItsStatus()
    {
        var runId = await Server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 4, seed = 3 }, Ct);

        var status = await Server.GetJsonAsync($"/api/runs/{runId}", Ct);
        var budget = status.GetProperty("budget");
        var defaults = new RunLimitsOptions();
        Assert.Equal(defaults.DefaultBudgetUsd, budget.GetProperty("budgetUsd").GetDecimal());
        Assert.Equal(defaults.DefaultMaxTokens, budget.GetProperty("maxTokens").GetInt64());
        Assert.Equal(defaults.DefaultMaxMinutes, budget.GetProperty("maxMinutes").GetDouble());
        Assert.Equal(20, budget.GetProperty("maxMatches").GetInt32());
        await Server.WaitForEndAsync(runId, Ct);
    }

    [Fact]
    public async Task PostRun_LiteratureFalse_StoredOnTheRunAndShownInItsStatus_OnWhenNotGiven()
    {
        var runId = await Server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 4, seed = 3, literature = false }, Ct);

        var status = await Server.WaitForEndAsync(runId, Ct);
        Assert.False(status.GetProperty("literature").GetBoolean());
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.True((await Server.GetJsonAsync($"/api/runs/{fixture.ReadOnlyRunId}", Ct)).GetProperty("literature").GetBoolean());
    }

    [Fact]
    public async Task PostFeedback_PastTheRunsFeedbackLimit_Is400NamingTheLimit()
    {
        var runId = await Server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 4, seed = 3 }, Ct);
        using (var pause = await Server.Client.PostAsync($"/api/runs/{runId}/pause", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        }

        var text = new string('x', 3_999);
        var accepted = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 40 && refused is null; i++)
        {
            var response = await Server.Client.PostAsJsonAsync($"/api/runs/{runId}/feedback", new { text = $"{i} {text}"[..4_000] }, Ct);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted++;
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("RunLimits:MaxFeedbackTotalCharacters", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(new RunLimitsOptions().MaxFeedbackTotalCharacters / 4_000, accepted);
        using var stop = await Server.Client.PostAsync($"/api/runs/{runId}/stop", null, Ct);
    }

    [Fact]
    public async Task PostRun_Answers202WithLocation_AndTheRunCompletes()
    {
        using var response = await Server.Client.PostAsJsonAsync("/api/runs", new
        {
            goal = "Propose drugs approved for other indications that could be repurposed to treat glioblastoma",
            preferences = new[] { "favour drugs that cross the blood-brain barrier" },
            constraints = new[] { "no animal studies" },
            maxProposals = 6,
            maxMatches = 12,
            budgetUsd = 5.0,
            model = "simulated",
            seed = 11,
        }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var runId = created.GetProperty("runId").GetString()!;
        Assert.StartsWith("run-", runId, StringComparison.Ordinal);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal($"/api/runs/{runId}", created.GetProperty("statusUrl").GetString());
        Assert.Equal($"/api/runs/{runId}", response.Headers.Location?.OriginalString);
        Assert.True(created.GetProperty("simulated").GetBoolean());

        var status = await Server.WaitForEndAsync(runId, Ct);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(11, status.GetProperty("seed").GetInt32());
        Assert.Equal(12, status.GetProperty("budget").GetProperty("maxMatches").GetInt32());
        Assert.Equal(5.0m, status.GetProperty("budget").GetProperty("budgetUsd").GetDecimal());
        Assert.Equal(["favour drugs that cross the blood-brain barrier"], status.GetProperty("goal").GetProperty("preferences").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["no animal studies"], status.GetProperty("goal").GetProperty("constraints").EnumerateArray().Select(p => p.GetString()));
        Assert.InRange(status.GetProperty("counts").GetProperty("matches").GetInt32(), 1, 12);
        Assert.True(status.GetProperty("overviewAvailable").GetBoolean());
    }

    [Fact]
    public async Task GetRun_OfACompletedRun_HasStatusStatisticsCostRoundAndCounts()
    {
        var status = await Server.GetJsonAsync($"/api/runs/{fixture.ReadOnlyRunId}", Ct);

        Assert.Equal(fixture.ReadOnlyRunId, status.GetProperty("runId").GetString());
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(ApiTestServer.Goal, status.GetProperty("goal").GetProperty("text").GetString());
        Assert.True(status.GetProperty("simulated").GetBoolean());
        Assert.Contains("simulated", status.GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.True(status.GetProperty("round").GetInt32() > 1);
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("completedAt").ValueKind);
        var counts = status.GetProperty("counts");
        Assert.True(counts.GetProperty("proposals").GetInt32() >= 6);
        Assert.True(counts.GetProperty("reviews").GetInt32() >= 6);
        Assert.True(counts.GetProperty("matches").GetInt32() > 0);
        Assert.Equal(0, counts.GetProperty("pendingTasks").GetInt32());
        var usage = status.GetProperty("usage");
        Assert.True(usage.GetProperty("calls").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("inputTokens").GetInt64() + usage.GetProperty("outputTokens").GetInt64(), usage.GetProperty("totalTokens").GetInt64());
        Assert.True(usage.GetProperty("costUsd").GetDecimal() > 0);
        var agents = status.GetProperty("agents").EnumerateObject().Select(a => a.Name).ToList();
        Assert.Equal(["Supervisor", "Generation", "Reflection", "Ranking", "Proximity", "Evolution", "MetaReview"], agents);
        Assert.True(status.GetProperty("agents").GetProperty("Ranking").GetProperty("steps").GetInt32() > 0);
        Assert.Equal($"/api/runs/{fixture.ReadOnlyRunId}/overview", status.GetProperty("links").GetProperty("overview").GetString());
    }

    [Fact]
    public async Task ListRuns_IsNewestFirst_AndPagesWithAContinuationToken()
    {
        // Other tests start runs meanwhile: check order and coverage, not exact contents.
        var seen = new List<(string Id, DateTimeOffset CreatedAt)>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await Server.GetJsonAsync("/api/runs?top=1" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)), Ct);
            var runs = page.GetProperty("runs").EnumerateArray().ToList();
            Assert.True(runs.Count <= 1, $"top=1 gave {runs.Count} runs");
            seen.AddRange(runs.Select(r => (r.GetProperty("runId").GetString()!, r.GetProperty("createdAt").GetDateTimeOffset())));
            continuation = page.GetProperty("continuation").GetString();
            pages++;
        }
        while (continuation is not null && pages < 100);

        Assert.Null(continuation);
        Assert.True(seen.Count >= 2, $"only {seen.Count} runs listed");
        Assert.Contains(seen, r => r.Id == fixture.ReadOnlyRunId);
        Assert.Contains(seen, r => r.Id == fixture.WorkRunId);
        Assert.Equal(seen.Count, seen.Select(r => r.Id).Distinct().Count());
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.True(seen[i - 1].CreatedAt >= seen[i].CreatedAt, $"{seen[i - 1].Id} is listed before the newer {seen[i].Id}");
        }

        var first = await Server.GetJsonAsync("/api/runs", Ct);
        var summary = first.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("runId").GetString() == seen[0].Id);
        foreach (var field in new[] { "status", "goal", "model", "simulated", "round", "createdAt", "updatedAt", "completedAt", "stopReason", "statusUrl" })
        {
            Assert.True(summary.TryGetProperty(field, out _), $"a run summary has no '{field}'");
        }
    }
}
