using CoScientist.Core.Llm;
using System.Diagnostics;
using CoScientist.Llm.Tests.Fakes;
using CoScientist.Testing.Llm;

namespace CoScientist.Llm.Tests;

/// <summary>The single retry layer: ClientRetryPolicy in the OpenAI client pipeline, as configured by the provider.</summary>
public sealed class AgentModelProviderRetryTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AskAsync_429WithRetryAfter_WaitsThenSucceedsWithTwoRequests()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(
            ScriptedResponse.Error(429, "rate_limit_exceeded", "Too many requests.", retryAfter: "1"),
            ScriptedResponse.Completion(TestProviders.GoodAnswer));
        var options = TestProviders.OpenAIOptions(server);
        options.MaxRetries = 3;
        using var provider = TestProviders.Create(server, options);
        var meter = new UsageMeter();

        var answer = await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", meter, Cancellation);

        Assert.Equal("Hypothesis A", answer.Title);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(
            requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950),
            $"The retry came {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms after the 429.");
        Assert.Equal(1, meter.Total.Calls); // HTTP retries are invisible to metering: one logical call.
    }

    [Fact]
    public async Task AskAsync_RetryAfterLongerThanBackoff_IsHonoured()
    {
        // The default backoff before the first retry is 0.8 s; Retry-After: 2 must win.
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(
            ScriptedResponse.Error(503, "unavailable", "Busy.", retryAfter: "2"),
            ScriptedResponse.Completion(TestProviders.GoodAnswer));
        var options = TestProviders.OpenAIOptions(server);
        options.MaxRetries = 1;
        using var provider = TestProviders.Create(server, options);

        await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation);

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(1950));
    }

    [Fact]
    public async Task AskAsync_EachRetryableStatus_IsRetriedOnce()
    {
        int[] statuses = [408, 429, 500, 502, 503, 504];

        // In parallel, each against its own server, so the backoff waits overlap.
        var results = await Task.WhenAll(statuses.Select(async status =>
        {
            await using var server = await FakeChatCompletionsServer.StartAsync();
            server.Enqueue(ScriptedResponse.Error(status, "transient", "Try again.", retryAfter: "0"), ScriptedResponse.Completion(TestProviders.GoodAnswer));
            var options = TestProviders.OpenAIOptions(server);
            options.MaxRetries = 1;
            using var provider = TestProviders.Create(server, options);
            var answer = await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation);
            return (status, answer.Title, server.Requests.Count);
        }));

        Assert.All(results, r => Assert.Equal((r.status, "Hypothesis A", 2), r));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task AskAsync_NonRetryableStatus_IsNotRetried(int status)
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Fallback = ScriptedResponse.Error(status, "nope", "Not like this.");
        var options = TestProviders.OpenAIOptions(server);
        options.MaxRetries = 3;
        using var provider = TestProviders.Create(server, options);

        var ex = await Assert.ThrowsAsync<ModelProviderException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.Equal(status, ex.Status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AskAsync_500EveryTime_SendsMaxRetriesPlusOneThenThrows()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Fallback = ScriptedResponse.Error(500, "server_error", "The server had an error.");
        var options = TestProviders.OpenAIOptions(server);
        options.MaxRetries = 2;
        using var provider = TestProviders.Create(server, options);

        var ex = await Assert.ThrowsAsync<ModelProviderException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(500, ex.Status);
        Assert.True(ex.IsTransient);
        Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 retries", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gpt-4.1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_ServerSlowerThanNetworkTimeout_FailsWithTimeoutInBoundedTime()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Fallback = ScriptedResponse.Completion(TestProviders.GoodAnswer, delay: TimeSpan.FromSeconds(20));
        var options = TestProviders.OpenAIOptions(server);
        options.NetworkTimeoutSeconds = 1;
        options.MaxRetries = 0;
        using var provider = TestProviders.Create(server, options);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Contains("Llm:NetworkTimeoutSeconds", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AskAsync_TimeoutOnEveryRetry_FailsWithTimeoutNamingTheRetries()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Fallback = ScriptedResponse.Completion(TestProviders.GoodAnswer, delay: TimeSpan.FromSeconds(20));
        var options = TestProviders.OpenAIOptions(server);
        options.NetworkTimeoutSeconds = 1;
        options.MaxRetries = 1;
        using var provider = TestProviders.Create(server, options);

        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.EndsWith("after 1 retry.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task AskAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Fallback = ScriptedResponse.Completion(TestProviders.GoodAnswer, delay: TimeSpan.FromSeconds(20));
        using var provider = TestProviders.Create(server, TestProviders.OpenAIOptions(server));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), cancellation.Token));
    }
}
