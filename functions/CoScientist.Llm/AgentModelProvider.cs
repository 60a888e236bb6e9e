using CoScientist.Core.Llm;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using CoScientist.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace CoScientist.Llm;

/// <summary>
/// Gives each agent slot its chat model from the configured provider: the simulated model, Azure
/// OpenAI (v1 endpoint) or any OpenAI-compatible endpoint, with one shared concurrency cap and HTTP
/// retries done once, in the OpenAI client pipeline.
/// </summary>
public sealed class AgentModelProvider : IAgentModelProvider, IDisposable
{
    /// <summary>The Entra ID scope of Azure OpenAI (Cognitive Services).</summary>
    public const string EntraIdScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>Header that carries the key for Azure OpenAI, which accepts it on every API surface.</summary>
    public const string AzureApiKeyHeader = "api-key";

    private readonly Dictionary<string, string> _agentModels = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _defaultModel;
    private readonly SemaphoreSlim _slots;
    private readonly Func<string, IChatClient> _createClient;
    private readonly ConcurrentDictionary<string, Lazy<AgentModel>> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly IChatClient? _simulatedClient;

    private AgentModelProvider(
        LlmOptions options,
        SemaphoreSlim slots,
        Func<string, IChatClient> createClient,
        IEmbeddingGenerator<string, Embedding<float>>? embeddings,
        string description,
        IChatClient? simulatedClient)
    {
        // Copied so lookups ignore case whatever dictionary the configuration binder produced.
        foreach (var (key, model) in options.AgentModels)
        {
            _agentModels[key] = model;
        }

        _defaultModel = options.Model?.Trim() ?? "";
        _slots = slots;
        _createClient = createClient;
        _simulatedClient = simulatedClient;
        Embeddings = embeddings;
        Description = description;
        Provider = options.Provider;
        Prices = new ModelPriceTable(options.Prices);
        ModelsWithoutPrice = simulatedClient is not null
            ? []
            : ConfiguredModels(options).Where(m => !Prices.IsKnown(m)).ToList();
    }

    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; }

    /// <summary>The kind of endpoint behind the models.</summary>
    public LlmProvider Provider { get; }

    public bool IsSimulated => _simulatedClient is not null;

    public string ProviderName => Provider.CanonicalName();

    /// <summary>One line for display, e.g. <c>azure-openai gpt-4.1 at myres.openai.azure.com (Entra ID)</c>; no secrets.</summary>
    public string Description { get; }

    public ModelPriceTable Prices { get; }

    /// <summary>Configured models with neither a built-in nor a configured price: their cost counts as 0.</summary>
    public IReadOnlyList<string> ModelsWithoutPrice { get; }

    /// <summary>
    /// Builds the provider from validated options (throws <see cref="OptionsValidationException"/> otherwise).
    /// </summary>
    /// <param name="options">LLM settings.</param>
    /// <param name="simulation">Settings of the simulated model, used when the provider is Simulated.</param>
    /// <param name="credential">Entra ID credential for Azure OpenAI; <see cref="DefaultAzureCredential"/> when null.</param>
    /// <param name="httpClient">
    /// HTTP client for the service calls, e.g. from IHttpClientFactory or a test. Set its Timeout to
    /// infinite: the per-attempt limit is Llm:NetworkTimeoutSeconds.
    /// </param>
    public static AgentModelProvider Create(
        LlmOptions options,
        SimulationOptions simulation,
        TokenCredential? credential = null,
        HttpClient? httpClient = null)
    {
        var problems = LlmOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions), problems);
        }

        var slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        if (options.Provider == LlmProvider.Simulated)
        {
            var simulated = new ConcurrencyLimitingChatClient(new SimulatedChatClient(simulation), slots);
            return new AgentModelProvider(
                options, slots, _ => simulated, embeddings: null, $"simulated model (seed {simulation.Seed})", simulated);
        }

        var connection = Connect(options, credential, httpClient);
        var context = new ProviderContext(
            connection.ProviderName,
            LlmEndpoint.Display(connection.Endpoint),
            Model: "",
            connection.CredentialHint,
            options.MaxRetries,
            TimeSpan.FromSeconds(options.NetworkTimeoutSeconds),
            options.ApiKey?.Trim());

        IChatClient CreateClient(string model) => new ConcurrencyLimitingChatClient(
            new ProviderErrorChatClient(connection.Client.GetChatClient(model).AsIChatClient(), context with { Model = model }),
            slots);

        var embeddings = string.IsNullOrWhiteSpace(options.EmbeddingModel)
            ? null
            : new ConcurrencyLimitingEmbeddingGenerator(
                connection.Client.GetEmbeddingClient(options.EmbeddingModel.Trim()).AsIEmbeddingGenerator(), slots);

        var description = $"{connection.Label} {options.Model} at {context.EndpointHost} ({connection.AuthLabel})"
            + string.Concat(options.AgentModels.Select(p => $"; {p.Key}: {p.Value}"))
            + (embeddings is null ? "" : $"; embeddings: {options.EmbeddingModel}");
        return new AgentModelProvider(options, slots, CreateClient, embeddings, description, simulatedClient: null);
    }

    public AgentModel GetModel(ModelSlot slot)
    {
        if (_simulatedClient is not null)
        {
            return _models.GetOrAdd(
                SimulatedChatClient.ModelId,
                id => new Lazy<AgentModel>(() => new AgentModel(_simulatedClient, id, Prices.Get(id), Simulated: true))).Value;
        }

        var model = ModelFor(slot);
        return _models.GetOrAdd(
            model,
            name => new Lazy<AgentModel>(() => new AgentModel(_createClient(name), name, Prices.Get(name), Simulated: false))).Value;
    }

    /// <summary>The model name for a slot: the slot's key, else its agent's, else the default model.</summary>
    public string ModelFor(ModelSlot slot)
    {
        if (IsSimulated)
        {
            return SimulatedChatClient.ModelId;
        }

        // Underscore form too, because dots are awkward in environment variable names.
        string[] keys = [slot.Key, slot.Key.Replace('.', '_'), slot.Agent.ToString()];
        foreach (var key in keys)
        {
            if (_agentModels.TryGetValue(key, out var configured) && !string.IsNullOrWhiteSpace(configured))
            {
                return configured.Trim();
            }
        }

        return _defaultModel;
    }

    public void Dispose()
    {
        _simulatedClient?.Dispose();
        foreach (var model in _models.Values.Where(m => m.IsValueCreated && !m.Value.Simulated))
        {
            model.Value.Client.Dispose();
        }

        Embeddings?.Dispose();
        _slots.Dispose();
    }

    private static Connection Connect(LlmOptions options, TokenCredential? credential, HttpClient? httpClient)
    {
        _ = LlmEndpoint.TryParse(options.Endpoint, out var parsed); // validated already
        var clientOptions = new OpenAIClientOptions
        {
            // The only retry layer: 408, 429 and 5xx, waiting at least Retry-After.
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
            NetworkTimeout = TimeSpan.FromSeconds(options.NetworkTimeoutSeconds),
            UserAgentApplicationId = "CoScientist",
        };
        if (httpClient is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }

        var hasKey = !string.IsNullOrWhiteSpace(options.ApiKey);
        if (options.Provider == LlmProvider.AzureOpenAI)
        {
            var endpoint = LlmEndpoint.ForAzure(parsed);
            clientOptions.Endpoint = endpoint;
            AuthenticationPolicy authentication = options.UseEntraId
                ? new BearerTokenPolicy(credential ?? new DefaultAzureCredential(), EntraIdScope)
                : ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(options.ApiKey!.Trim()), AzureApiKeyHeader);
            return new Connection(
                NewOpenAIClient(authentication, clientOptions),
                endpoint,
                "Azure OpenAI",
                "azure-openai",
                options.UseEntraId ? "Entra ID" : "API key",
                options.UseEntraId
                    ? "check the Entra ID identity and its 'Cognitive Services OpenAI User' role on the resource"
                    : "check Llm:ApiKey");
        }

        var openAIEndpoint = LlmEndpoint.ForOpenAI(string.IsNullOrWhiteSpace(options.Endpoint) ? null : parsed);
        clientOptions.Endpoint = openAIEndpoint;
        AuthenticationPolicy openAIAuthentication = hasKey
            ? ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(options.ApiKey!.Trim()))
            : new NoAuthenticationPolicy();
        var isOpenAI = openAIEndpoint.Host.Equals(LlmEndpoint.OpenAIDefault.Host, StringComparison.OrdinalIgnoreCase);
        return new Connection(
            NewOpenAIClient(openAIAuthentication, clientOptions),
            openAIEndpoint,
            isOpenAI ? "OpenAI" : "OpenAI-compatible endpoint",
            isOpenAI ? "openai" : "openai-compatible",
            hasKey ? "API key" : "no key",
            hasKey ? "check Llm:ApiKey" : "Llm:ApiKey is not set");
    }

    // The AuthenticationPolicy constructor is marked experimental, but it is the documented way to
    // use Entra ID against the Azure OpenAI v1 endpoint and the only way to send no key at all.
#pragma warning disable OPENAI001
    private static OpenAIClient NewOpenAIClient(AuthenticationPolicy authentication, OpenAIClientOptions options) =>
        new(authentication, options);
#pragma warning restore OPENAI001

    private static IEnumerable<string> ConfiguredModels(LlmOptions options) =>
        new[] { options.Model, options.EmbeddingModel }
            .Concat(options.AgentModels.Values)
            .Where(m => !string.IsNullOrWhiteSpace(m))
            .Select(m => m!.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase);

    private sealed record Connection(
        OpenAIClient Client,
        Uri Endpoint,
        string ProviderName,
        string Label,
        string AuthLabel,
        string CredentialHint);
}
