using System.Net;
using System.Net.Http.Json;
using CoScientist.Api.Tests.Infrastructure;
using CoScientist.Azure;
using Microsoft.Extensions.DependencyInjection;

namespace CoScientist.Api.Tests.Azure;

/// <summary>
/// The same API over Azure Storage (Azurite, named by COSCI_TEST_STORAGE, which scripts/test.sh sets).
/// Without the variable the test reports itself skipped, with the reason.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AzuriteApiTests
{
    public const string Variable = "COSCI_TEST_STORAGE";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunOverAzureStorage_CompletesAndAnswersEveryReadEndpoint()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Skip($"{Variable} is not set: run `bash scripts/test.sh`, which starts Azurite and sets it.");
        }

        var options = new AzureStorageOptions { ConnectionString = connectionString, Prefix = "a" + Guid.NewGuid().ToString("N")[..12] };
        await using var server = await ApiTestServer.StartAsync(storage: services => services.AddAzureStorage(options), cancellationToken: Ct);
        await server.Services.GetRequiredService<AzureStorageProvisioner>().EnsureCreatedAsync(Ct);

        var runId = await server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 4, seed = 7 }, Ct);
        using (var feedback = await server.Client.PostAsJsonAsync($"/api/runs/{runId}/feedback", new { text = "Prefer oral drugs." }, Ct))
        {
            Assert.True(feedback.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"feedback: {(int)feedback.StatusCode}");
        }

        var status = await server.WaitForEndAsync(runId, Ct);

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.True(status.GetProperty("counts").GetProperty("matches").GetInt32() > 0);
        var board = await server.GetJsonAsync($"/api/runs/{runId}/proposals", Ct);
        var leader = board.GetProperty("proposals")[0].GetProperty("id").GetString()!;
        var detail = await server.GetJsonAsync($"/api/runs/{runId}/proposals/{leader}", Ct);
        Assert.NotEmpty(detail.GetProperty("matches").EnumerateArray());
        Assert.StartsWith("# Research overview", await server.Client.GetStringAsync($"/api/runs/{runId}/overview", Ct), StringComparison.Ordinal);
        var list = await server.GetJsonAsync("/api/runs", Ct);
        Assert.Contains(list.GetProperty("runs").EnumerateArray(), r => r.GetProperty("runId").GetString() == runId);
        using var missing = await server.Client.GetAsync("/api/runs/run-19990101-000000-abcdef", Ct);
        await ProblemAssert.IsAsync(missing, HttpStatusCode.NotFound, "run-not-found", "run-19990101-000000-abcdef");
    }
}
