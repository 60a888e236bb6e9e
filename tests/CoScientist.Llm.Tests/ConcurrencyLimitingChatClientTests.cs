using CoScientist.Core.Llm;
using CoScientist.Llm.Tests.Fakes;
using Microsoft.Extensions.AI;
using CoScientist.Testing.Llm;

namespace CoScientist.Llm.Tests;

public sealed class ConcurrencyLimitingChatClientTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AskAsync_SixCallsWithCapTwo_NeverMoreThanTwoInFlightAcrossModels()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Fallback = ScriptedResponse.Completion(TestProviders.GoodAnswer, delay: TimeSpan.FromMilliseconds(300));
        var options = TestProviders.OpenAIOptions(server);
        options.MaxConcurrency = 2;
        options.AgentModels["Ranking"] = "gpt-4.1-mini";
        using var provider = TestProviders.Create(server, options);
        var chat = TestProviders.Chat(provider);
        ModelSlot[] slots = [ModelSlot.Generation, ModelSlot.RankingDebate, ModelSlot.Reflection, ModelSlot.RankingSingleTurn, ModelSlot.Evolution, ModelSlot.MetaReview];

        var answers = await Task.WhenAll(slots.Select(slot => chat.AskAsync<TitleAnswer>(slot, "i", "p", new UsageMeter(), Cancellation)));

        Assert.Equal(6, answers.Length);
        Assert.Equal(6, server.Requests.Count);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HoldsTheSlotUntilEnumerationEnds()
    {
        using var slots = new SemaphoreSlim(1, 1);
        using var inner = new StreamingStub();
        using var client = new ConcurrencyLimitingChatClient(inner, slots);

        var enumerator = client.GetStreamingResponseAsync("hi", cancellationToken: Cancellation).GetAsyncEnumerator(Cancellation);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal(0, slots.CurrentCount);

        while (await enumerator.MoveNextAsync())
        {
        }

        Assert.Equal(1, slots.CurrentCount);
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AbandonedEarly_ReleasesTheSlotOnDispose()
    {
        using var slots = new SemaphoreSlim(1, 1);
        using var inner = new StreamingStub();
        using var client = new ConcurrencyLimitingChatClient(inner, slots);

        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: Cancellation))
        {
            Assert.Equal(0, slots.CurrentCount);
            break;
        }

        Assert.Equal(1, slots.CurrentCount);
    }

    private sealed class StreamingStub : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "whole")));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var part in new[] { "a", "b", "c" })
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, part);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
