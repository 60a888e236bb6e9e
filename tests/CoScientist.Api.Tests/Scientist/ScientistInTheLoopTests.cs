using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Scientist;

/// <summary>The scientist's own proposal, review and feedback, taken in while the run goes on.</summary>
public sealed class ScientistInTheLoopTests(ApiFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer Server => fixture.Server;

    [Fact]
    public async Task OwnProposal_IsReviewedAndPlaysMatches_WithTheScientistsReviewAndFeedbackRecorded()
    {
        var runId = await Server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 6, maxMatches = 40, seed = 6 }, Ct);
        // Paused first, so the run cannot end before the scientist's input is in.
        using (var pause = await Server.Client.PostAsync($"/api/runs/{runId}/pause", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        }

        using var added = await Server.Client.PostAsJsonAsync($"/api/runs/{runId}/proposals", new
        {
            title = "Repurposing metformin to target oxidative phosphorylation in leukemic stem cells",
            statement = "Metformin inhibits mitochondrial complex I; leukemic stem cells of acute myeloid leukemia depend on oxidative phosphorylation, so metformin at achievable doses should deplete them.",
            background = "Leukemic stem cells rely on oxidative phosphorylation more than bulk blasts.",
            testableHypotheses = new[] { "Metformin lowers oxygen consumption of primary AML stem cells ex vivo." },
            studySteps = new[] { "Treat primary AML samples ex vivo.", "Measure oxygen consumption and colony formation." },
        }, Ct);
        var addedText = await added.Content.ReadAsStringAsync(Ct);
        Assert.True(added.StatusCode == HttpStatusCode.Created, addedText);
        var created = JsonDocument.Parse(addedText).RootElement;
        var proposalId = created.GetProperty("id").GetString()!;
        Assert.StartsWith("S-", proposalId, StringComparison.Ordinal);
        Assert.Equal($"/api/runs/{runId}/proposals/{proposalId}", added.Headers.Location?.OriginalString);
        Assert.Equal("pending-review", created.GetProperty("standing").GetString());

        using var reviewed = await Server.Client.PostAsJsonAsync($"/api/runs/{runId}/reviews", new { proposalId, text = "Feasible: metformin is cheap and oral; dose is the open question." }, Ct);
        var reviewText = await reviewed.Content.ReadAsStringAsync(Ct);
        Assert.True(reviewed.StatusCode == HttpStatusCode.Created, reviewText);
        var review = JsonDocument.Parse(reviewText).RootElement;
        Assert.Equal("scientist", review.GetProperty("kind").GetString());
        Assert.Equal(proposalId, review.GetProperty("proposalId").GetString());

        using var feedback = await Server.Client.PostAsJsonAsync($"/api/runs/{runId}/feedback", new { text = "  Prefer oral drugs with known paediatric dosing.  " }, Ct);
        var feedbackText = await feedback.Content.ReadAsStringAsync(Ct);
        Assert.True(feedback.StatusCode == HttpStatusCode.Accepted, feedbackText);
        Assert.Equal(1, JsonDocument.Parse(feedbackText).RootElement.GetProperty("feedbackCount").GetInt32());

        var paused = await Server.GetJsonAsync($"/api/runs/{runId}", Ct);
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        Assert.Equal(1, paused.GetProperty("counts").GetProperty("proposalsFromScientist").GetInt32());
        Assert.Equal("Prefer oral drugs with known paediatric dosing.", paused.GetProperty("feedback")[0].GetProperty("text").GetString());

        // No overview while the run goes on.
        using (var overview = await Server.Client.GetAsync($"/api/runs/{runId}/overview", Ct))
        {
            await ProblemAssert.IsAsync(overview, HttpStatusCode.Conflict, "overview-not-ready", "paused");
        }

        using (var resume = await Server.Client.PostAsync($"/api/runs/{runId}/resume", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        }

        var ended = await Server.WaitForEndAsync(runId, Ct);
        Assert.Equal("completed", ended.GetProperty("status").GetString());

        var detail = await Server.GetJsonAsync($"/api/runs/{runId}/proposals/{proposalId}", Ct);
        Assert.Equal("scientist", detail.GetProperty("proposal").GetProperty("origin").GetString());
        var kinds = detail.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Contains("initial", kinds);
        Assert.Contains("scientist", kinds);
        Assert.Equal("in-tournament", detail.GetProperty("proposal").GetProperty("standing").GetString());
        Assert.True(detail.GetProperty("games").GetInt32() > 0, "the scientist's proposal played no match");
        var board = await Server.GetJsonAsync($"/api/runs/{runId}/proposals", Ct);
        Assert.Contains(board.GetProperty("proposals").EnumerateArray(), e => e.GetProperty("id").GetString() == proposalId && e.GetProperty("rank").ValueKind == JsonValueKind.Number);
        Assert.All(board.GetProperty("proposals").EnumerateArray(), e =>
            Assert.True(e.GetProperty("interval").GetProperty("high").GetDouble() > e.GetProperty("interval").GetProperty("low").GetDouble()));
        Assert.Equal("Prefer oral drugs with known paediatric dosing.", ended.GetProperty("feedback")[0].GetProperty("text").GetString());
    }
}
