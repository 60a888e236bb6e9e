using CoScientist.Core.Llm;
using CoScientist.Llm.Tests.Fakes;
using CoScientist.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using CoScientist.Testing.Llm;

namespace CoScientist.Llm.Tests;

public sealed class AgentModelProviderTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Create_Simulated_ServesEverySlotWithTheSimulatedModel()
    {
        using var provider = AgentModelProvider.Create(new LlmOptions(), new SimulationOptions { Seed = 7 });

        var model = provider.GetModel(ModelSlot.RankingSingleTurn);

        Assert.True(provider.IsSimulated);
        Assert.Null(provider.Embeddings);
        Assert.True(model.Simulated);
        Assert.Equal("simulated", model.ModelId);
        Assert.Equal(new ModelPrice(0.40m, 1.60m), model.Price);
        Assert.IsType<ConcurrencyLimitingChatClient>(model.Client);
        Assert.Same(model.Client, provider.GetModel(ModelSlot.Generation).Client);
        Assert.Equal("simulated model (seed 7)", provider.Description);
        Assert.Empty(provider.ModelsWithoutPrice);
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsWithEveryProblem()
    {
        var options = new LlmOptions { Provider = LlmProvider.AzureOpenAI, ApiKey = TestProviders.Secret };

        var ex = Assert.Throws<OptionsValidationException>(() => AgentModelProvider.Create(options, new SimulationOptions()));

        Assert.Contains("Llm:Model is required for provider AzureOpenAI.", ex.Failures);
        Assert.Contains(ex.Failures, f => f.StartsWith("Llm:Endpoint is required", StringComparison.Ordinal));
        Assert.DoesNotContain(TestProviders.Secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelFor_LooksUpSlotThenAgentThenDefault()
    {
        var options = new LlmOptions
        {
            Provider = LlmProvider.OpenAI,
            ApiKey = TestProviders.Secret,
            Model = "gpt-4.1",
            AgentModels = new(StringComparer.OrdinalIgnoreCase)
            {
                ["Ranking.SingleTurn"] = "gpt-4.1-nano",
                ["Ranking"] = "gpt-4.1-mini",
                ["Evolution_Combine"] = "o4-mini",
            },
        };
        using var provider = AgentModelProvider.Create(options, new SimulationOptions());

        Assert.Equal("gpt-4.1-nano", provider.ModelFor(ModelSlot.RankingSingleTurn));
        Assert.Equal("gpt-4.1-mini", provider.ModelFor(ModelSlot.RankingDebate));
        Assert.Equal("o4-mini", provider.ModelFor(new ModelSlot(AgentRole.Evolution, "Combine")));
        Assert.Equal("gpt-4.1", provider.ModelFor(ModelSlot.Evolution));
        Assert.Equal("gpt-4.1", provider.ModelFor(ModelSlot.Generation));
    }

    [Fact]
    public void GetModel_SameModelForTwoSlots_SharesOneClient()
    {
        var options = new LlmOptions { Provider = LlmProvider.OpenAI, ApiKey = TestProviders.Secret, Model = "gpt-4.1" };
        options.AgentModels["Ranking.SingleTurn"] = "gpt-4.1-mini";
        using var provider = AgentModelProvider.Create(options, new SimulationOptions());

        Assert.Same(provider.GetModel(ModelSlot.Generation).Client, provider.GetModel(ModelSlot.Reflection).Client);
        Assert.NotSame(provider.GetModel(ModelSlot.Generation).Client, provider.GetModel(ModelSlot.RankingSingleTurn).Client);
        Assert.Equal(new ModelPrice(0.40m, 1.60m), provider.GetModel(ModelSlot.RankingSingleTurn).Price);
    }

    [Fact]
    public void Description_Azure_NamesProviderModelHostAndAuthWithoutSecrets()
    {
        var options = new LlmOptions
        {
            Provider = LlmProvider.AzureOpenAI,
            Endpoint = "https://myres.openai.azure.com/",
            UseEntraId = true,
            Model = "gpt-4.1",
        };
        using var entra = AgentModelProvider.Create(options, new SimulationOptions(), new RecordingTokenCredential("token"));
        options.UseEntraId = false;
        options.ApiKey = TestProviders.Secret;
        using var keyed = AgentModelProvider.Create(options, new SimulationOptions());

        Assert.Equal("azure-openai gpt-4.1 at myres.openai.azure.com (Entra ID)", entra.Description);
        Assert.Equal("azure-openai gpt-4.1 at myres.openai.azure.com (API key)", keyed.Description);
        Assert.False(keyed.IsSimulated);
    }

    [Fact]
    public void Description_LocalServerWithoutKey_SaysNoKey()
    {
        var options = new LlmOptions { Provider = LlmProvider.OpenAI, Endpoint = "http://localhost:11434/v1", Model = "llama3" };
        options.AgentModels["Ranking"] = "qwen3";

        using var provider = AgentModelProvider.Create(options, new SimulationOptions());

        Assert.Equal("openai-compatible llama3 at localhost:11434 (no key); Ranking: qwen3", provider.Description);
        Assert.Equal(["llama3", "qwen3"], provider.ModelsWithoutPrice);
    }

    [Fact]
    public async Task AskAsync_OpenAI_SendsJsonSchemaAndReturnsTypedAnswerWithMeteredCost()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Completion(TestProviders.GoodAnswer, promptTokens: 1000, completionTokens: 500));
        var options = TestProviders.OpenAIOptions(server);
        options.Prices["gpt-4.1"] = new PriceOptions { InputPerMillionUsd = 3m, OutputPerMillionUsd = 12m };
        using var provider = TestProviders.Create(server, options);
        var meter = new UsageMeter();

        var answer = await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "You are a scientist.", "Propose.", meter, Cancellation);

        Assert.Equal(new TitleAnswer("Hypothesis A", 7), answer);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        var body = request.Json;
        Assert.Equal("gpt-4.1", body.GetProperty("model").GetString());
        Assert.Equal("system", body.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("Propose.", body.GetProperty("messages")[1].GetProperty("content").GetString());
        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal(nameof(TitleAnswer), format.GetProperty("json_schema").GetProperty("name").GetString());
        var properties = format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties");
        Assert.True(properties.TryGetProperty("title", out _));
        Assert.True(properties.TryGetProperty("score", out _));
        Assert.Equal(new StepUsage(1, 1000, 500, 0.009m), meter.Total);
        Assert.False(meter.Simulated);
    }

    [Fact]
    public async Task AskAsync_SlotWithCheaperModel_SendsThatModel()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        var options = TestProviders.OpenAIOptions(server);
        options.AgentModels["Ranking.SingleTurn"] = "gpt-4.1-mini";
        using var provider = TestProviders.Create(server, options);
        var chat = TestProviders.Chat(provider);
        var meter = new UsageMeter();

        await chat.AskAsync<TitleAnswer>(ModelSlot.RankingSingleTurn, "Judge.", "A or B?", meter, Cancellation);
        await chat.AskAsync<TitleAnswer>(ModelSlot.RankingDebate, "Judge.", "A or B?", meter, Cancellation);

        Assert.Equal(["gpt-4.1-mini", "gpt-4.1"], server.Requests.Select(r => r.Json.GetProperty("model").GetString()));

        // 100 input and 20 output tokens per call, at gpt-4.1-mini then gpt-4.1 list prices.
        var expected = new ModelPrice(0.40m, 1.60m).Cost(100, 20) + new ModelPrice(2m, 8m).Cost(100, 20);
        Assert.Equal(expected, meter.Total.CostUsd);
    }

    [Fact]
    public async Task AskAsync_OpenAIWithKey_SendsBearerKey()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        using var provider = TestProviders.Create(server, TestProviders.OpenAIOptions(server));

        await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation);

        var request = Assert.Single(server.Requests);
        Assert.Equal($"Bearer {TestProviders.Secret}", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
    }

    [Fact]
    public async Task AskAsync_OpenAIWithoutKeyOnLoopback_SendsNoCredentials()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        using var provider = TestProviders.Create(server, TestProviders.OpenAIOptions(server, apiKey: null));

        var answer = await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation);

        Assert.Equal("fallback", answer.Title);
        var request = Assert.Single(server.Requests);
        Assert.Null(request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
    }

    [Fact]
    public async Task AskAsync_AzureWithKey_CallsV1EndpointWithApiKeyHeader()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Completion(TestProviders.GoodAnswer));
        using var provider = TestProviders.Create(server, TestProviders.AzureOptions(server));

        var answer = await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation);

        Assert.Equal("Hypothesis A", answer.Title);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal(TestProviders.Secret, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("gpt-4.1", request.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task AskAsync_AzureWithFullV1Endpoint_KeepsThePath()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        var options = TestProviders.AzureOptions(server);
        options.Endpoint = new Uri(server.BaseAddress, "openai/v1").ToString();
        using var provider = TestProviders.Create(server, options);

        await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation);

        Assert.Equal("/openai/v1/chat/completions", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task AskAsync_AzureWithEntraId_SendsBearerTokenForCognitiveServicesScope()
    {
        // Bearer tokens only travel over TLS, so this server speaks HTTPS.
        await using var server = await FakeChatCompletionsServer.StartAsync(https: true);
        var credential = new RecordingTokenCredential("entra-token-123");
        using var provider = TestProviders.Create(server, TestProviders.AzureOptions(server, apiKey: null), credential);

        await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal("Bearer entra-token-123", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], Assert.Single(credential.RequestedScopes));
    }

    [Fact]
    public async Task Embeddings_WhenConfigured_CallEmbeddingModel()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Embeddings(2));
        var options = TestProviders.OpenAIOptions(server);
        options.EmbeddingModel = "text-embedding-3-small";
        using var provider = TestProviders.Create(server, options);

        var embeddings = await provider.Embeddings!.GenerateAsync(["a", "b"], cancellationToken: Cancellation);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(3, embeddings[0].Vector.Length);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("text-embedding-3-small", request.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task AskAsync_MalformedJsonEveryTime_ThrowsAfterMaxAttempts()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Fallback = ScriptedResponse.Completion("""{"title": """);
        using var provider = TestProviders.Create(server, TestProviders.OpenAIOptions(server));
        var meter = new UsageMeter();

        var ex = await Assert.ThrowsAsync<ModelAnswerException>(() =>
            TestProviders.Chat(provider, maxAttempts: 3).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", meter, Cancellation));

        Assert.False(ex.IsContentFilter);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, meter.Total.Calls);
    }

    [Fact]
    public async Task AskAsync_MalformedThenGood_SucceedsAndMetersBothCalls()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(
            ScriptedResponse.Completion("""{"title": """, promptTokens: 100, completionTokens: 5),
            ScriptedResponse.Completion(TestProviders.GoodAnswer, promptTokens: 150, completionTokens: 20));
        using var provider = TestProviders.Create(server, TestProviders.OpenAIOptions(server));
        var meter = new UsageMeter();

        var answer = await TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", meter, Cancellation);

        Assert.Equal("Hypothesis A", answer.Title);
        Assert.Equal(new StepUsage(2, 250, 25, new ModelPrice(2m, 8m).Cost(250, 25)), meter.Total);

        // The repair turn shows the model its own answer and what was wrong with it.
        var repair = server.Requests[1].Json.GetProperty("messages");
        Assert.Equal(4, repair.GetArrayLength());
        Assert.Equal("assistant", repair[2].GetProperty("role").GetString());
    }

    [Fact]
    public async Task GetResponseAsync_ThroughProvider_ReportsUsage()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Completion("hello", promptTokens: 11, completionTokens: 3));
        using var provider = TestProviders.Create(server, TestProviders.OpenAIOptions(server));

        var response = await provider.GetModel(ModelSlot.Supervisor).Client.GetResponseAsync("hi", cancellationToken: Cancellation);

        Assert.Equal("hello", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
    }
}
