using Azure.Core;
using CoScientist.Core.Llm;
using CoScientist.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CoScientist.Testing.Llm;

namespace CoScientist.Llm.Tests.Fakes;

/// <summary>The typed answer the tests ask models for.</summary>
public sealed record TitleAnswer(string Title, int Score);

/// <summary>Builds providers and structured chats pointed at a <see cref="FakeChatCompletionsServer"/>.</summary>
public static class TestProviders
{
    public const string Secret = "sk-test-SECRET-0123456789";

    public static LlmOptions OpenAIOptions(FakeChatCompletionsServer server, string? apiKey = Secret) => new()
    {
        Provider = LlmProvider.OpenAI,
        Endpoint = new Uri(server.BaseAddress, "v1/").ToString(),
        ApiKey = apiKey,
        Model = "gpt-4.1",
        MaxRetries = 0,
        NetworkTimeoutSeconds = 10,
    };

    public static LlmOptions AzureOptions(FakeChatCompletionsServer server, string? apiKey = Secret) => new()
    {
        Provider = LlmProvider.AzureOpenAI,

        // A bare resource URL, as users copy it from the portal; the provider appends openai/v1/.
        Endpoint = server.BaseAddress.ToString(),
        ApiKey = apiKey,
        UseEntraId = apiKey is null,
        Model = "gpt-4.1",
        MaxRetries = 0,
        NetworkTimeoutSeconds = 10,
    };

    public static AgentModelProvider Create(FakeChatCompletionsServer server, LlmOptions options, TokenCredential? credential = null) =>
        AgentModelProvider.Create(options, new SimulationOptions(), credential, server.CreateHttpClient());

    public static StructuredChat Chat(IAgentModelProvider provider, int maxAttempts = 3) => new(
        provider,
        Options.Create(new StructuredChatOptions { MaxAttempts = maxAttempts }),
        NullLogger<StructuredChat>.Instance);

    public const string GoodAnswer = """{"title":"Hypothesis A","score":7}""";
}
