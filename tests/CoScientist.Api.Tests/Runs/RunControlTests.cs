using System.Net;
using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Runs;

/// <summary>Pause, resume and stop, and the transitions that are refused.</summary>
public sealed class RunControlTests(ApiFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer Server => fixture.Server;

    [Fact]
    public async Task PauseResumeStop_ChangeTheRun_AndAnEndedRunRefusesEachWith409()
    {
        var runId = await Server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 40, seed = 9 }, Ct);

        var paused = await PostAsync($"/api/runs/{runId}/pause");
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        Assert.Equal(runId, paused.GetProperty("runId").GetString());
        Assert.Equal("paused", (await PostAsync($"/api/runs/{runId}/pause")).GetProperty("status").GetString());

        // Paused stays paused: nothing plans a new round.
        var round = paused.GetProperty("round").GetInt32();
        await Task.Delay(500, Ct);
        var still = await Server.GetJsonAsync($"/api/runs/{runId}", Ct);
        Assert.Equal("paused", still.GetProperty("status").GetString());
        Assert.Equal(round, still.GetProperty("round").GetInt32());

        var resumed = await PostAsync($"/api/runs/{runId}/resume");
        Assert.Equal("running", resumed.GetProperty("status").GetString());
        await Server.WaitForAsync(runId, s => s.GetProperty("round").GetInt32() > round, cancellationToken: Ct);

        var stopping = await PostAsync($"/api/runs/{runId}/stop");
        Assert.True(stopping.GetProperty("stopRequested").GetBoolean());
        var stopped = await Server.WaitForEndAsync(runId, Ct);
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.True(stopped.GetProperty("overviewAvailable").GetBoolean(), "a stopped run writes the overview of what exists");
        Assert.True(stopped.GetProperty("counts").GetProperty("proposals").GetInt32() < 40);

        var before = await Server.FingerprintAsync(runId, cancellationToken: Ct);
        foreach (var action in new[] { "resume", "pause", "stop" })
        {
            using var response = await Server.Client.PostAsync($"/api/runs/{runId}/{action}", null, Ct);
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "invalid-transition", runId);
            Assert.Equal("stopped", problem.GetProperty("runStatus").GetString());
            Assert.Equal(runId, problem.GetProperty("runId").GetString());
        }

        Assert.Equal(before, await Server.FingerprintAsync(runId, cancellationToken: Ct));
    }

    [Fact]
    public async Task Resume_OfACompletedRun_Is409()
    {
        var before = await Server.FingerprintAsync(fixture.ReadOnlyRunId, cancellationToken: Ct);

        using var response = await Server.Client.PostAsync($"/api/runs/{fixture.ReadOnlyRunId}/resume", null, Ct);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "invalid-transition", "completed and cannot be resumed");
        Assert.Equal("completed", problem.GetProperty("runStatus").GetString());
        Assert.Equal(before, await Server.FingerprintAsync(fixture.ReadOnlyRunId, cancellationToken: Ct));
    }

    private async Task<JsonElement> PostAsync(string path)
    {
        using var response = await Server.Client.PostAsync(path, null, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
