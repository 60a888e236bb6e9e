using CoScientist.Core.Llm;
using CoScientist.Llm.Tests.Fakes;
using CoScientist.Testing.Llm;

namespace CoScientist.Llm.Tests;

public sealed class ProviderErrorChatClientTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AskAsync_FinishReasonContentFilter_ThrowsContentFilterAnswerException()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Completion("", finishReason: "content_filter"));
        using var provider = TestProviders.Create(server, TestProviders.AzureOptions(server));

        var ex = await Assert.ThrowsAsync<ModelAnswerException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.True(ex.IsContentFilter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AskAsync_Http400ContentFilter_ThrowsContentFilterAnswerException()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Error(
            400,
            "content_filter",
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
            innerError: new { code = "ResponsibleAIPolicyViolation" }));
        var options = TestProviders.AzureOptions(server);
        options.MaxRetries = 2;
        using var provider = TestProviders.Create(server, options);

        var ex = await Assert.ThrowsAsync<ModelAnswerException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.True(ex.IsContentFilter);
        Assert.Contains("content filter", ex.Message, StringComparison.Ordinal);
        Assert.Contains("content management policy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gpt-4.1", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AskAsync_Http400OtherCode_IsAProviderErrorNotAContentFilter()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Error(400, "invalid_request_error", "Invalid schema for response_format."));
        using var provider = TestProviders.Create(server, TestProviders.OpenAIOptions(server));

        var ex = await Assert.ThrowsAsync<ModelProviderException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.Equal(400, ex.Status);
        Assert.False(ex.IsTransient);
        Assert.Contains("Invalid schema for response_format.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_Http401EchoingTheKey_NamesStatusHostAndModelButNotTheKey()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Error(401, "invalid_api_key", $"Incorrect API key provided: {TestProviders.Secret}."));
        using var provider = TestProviders.Create(server, TestProviders.AzureOptions(server));

        var ex = await Assert.ThrowsAsync<ModelProviderException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.Equal(401, ex.Status);
        Assert.Equal("gpt-4.1", ex.ModelId);
        Assert.Equal($"127.0.0.1:{server.BaseAddress.Port}", ex.EndpointHost);
        Assert.StartsWith($"HTTP 401 from Azure OpenAI at 127.0.0.1:{server.BaseAddress.Port} (model gpt-4.1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Llm:ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestProviders.Secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestProviders.Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_Http404DeploymentNotFound_SaysWhichModelToCheck()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Enqueue(ScriptedResponse.Error(404, "DeploymentNotFound", "The API deployment for this resource does not exist."));
        var options = TestProviders.AzureOptions(server);
        options.AgentModels["Reflection"] = "my-deploy";
        using var provider = TestProviders.Create(server, options);

        var ex = await Assert.ThrowsAsync<ModelProviderException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Reflection, "i", "p", new UsageMeter(), Cancellation));

        Assert.Equal(404, ex.Status);
        Assert.Contains("(model my-deploy)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DeploymentNotFound: The API deployment for this resource does not exist.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Llm:AgentModels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_EndpointNotListening_SaysItCouldNotReachTheHost()
    {
        int port;
        await using (var stopped = await FakeChatCompletionsServer.StartAsync())
        {
            port = stopped.BaseAddress.Port;
        }

        var options = new LlmOptions { Provider = LlmProvider.OpenAI, Endpoint = $"http://127.0.0.1:{port}/v1/", Model = "llama3", MaxRetries = 0 };
        using var provider = AgentModelProvider.Create(options, new Simulation.SimulationOptions());

        var ex = await Assert.ThrowsAsync<ModelProviderException>(() =>
            TestProviders.Chat(provider).AskAsync<TitleAnswer>(ModelSlot.Generation, "i", "p", new UsageMeter(), Cancellation));

        Assert.Equal(0, ex.Status);
        Assert.True(ex.IsTransient);
        Assert.StartsWith($"Could not reach OpenAI-compatible endpoint at 127.0.0.1:{port} (model llama3)", ex.Message, StringComparison.Ordinal);
    }
}
