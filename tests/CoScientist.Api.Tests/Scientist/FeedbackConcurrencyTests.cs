using System.Net;
using System.Net.Http.Json;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Scientist;

/// <summary>Many writers of one run at once: each post is recorded or told to come back, never a 500.</summary>
public sealed class FeedbackConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Feedback_ManyConcurrentPosts_EachRecordedOrToldToRetry_NoneFails()
    {
        await using var server = await ApiTestServer.StartAsync(cancellationToken: Ct);
        var runId = await server.StartRunAsync(cancellationToken: Ct);
        using (var pause = await server.Client.PostAsync(new Uri($"/api/runs/{runId}/pause", UriKind.Relative), null, Ct))
        {
            Assert.True(pause.IsSuccessStatusCode, await pause.Content.ReadAsStringAsync(Ct));
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 }) { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var posts = Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await http.PostAsJsonAsync($"/api/runs/{runId}/feedback", new { text = $"Feedback number {i}: prefer oral drugs." }, Ct);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta);
        });

        var answers = await Task.WhenAll(posts);

        Assert.DoesNotContain(answers, a => a.StatusCode == HttpStatusCode.InternalServerError);
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable), a => Assert.NotNull(a.RetryAfter));
        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.Accepted);
        var run = await server.GetJsonAsync($"/api/runs/{runId}", Ct);
        Assert.Equal(accepted, run.GetProperty("feedback").GetArrayLength());
        Assert.True(accepted > 0);
    }
}
