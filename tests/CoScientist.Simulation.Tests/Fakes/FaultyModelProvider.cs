using CoScientist.Core.Llm;
using Microsoft.Extensions.AI;

namespace CoScientist.Simulation.Tests.Fakes;

/// <summary>
/// The simulated model behind a fault injector: some calls throw a transient error, and answers
/// for one schema can be replaced by malformed text. Faults are decided by a seeded random source.
/// </summary>
internal sealed class FaultyModelProvider(int seed, double transientRate, string? malformedSchema = null) : IAgentModelProvider
{
    private readonly SimulatedModelProvider _inner = new(new SimulationOptions { Seed = seed });
    private readonly Random _faults = new(seed);
    private readonly Lock _gate = new();

    public int TransientFaults { get; private set; }

    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings => null;

    public bool IsSimulated => true;

    public string ProviderName => _inner.ProviderName;

    public string Description => _inner.Description;

    public AgentModel GetModel(ModelSlot slot)
    {
        var model = _inner.GetModel(slot);
        return model with { Client = new FaultyClient(model.Client, this) };
    }

    private bool NextTransient()
    {
        lock (_gate)
        {
            var fault = _faults.NextDouble() < transientRate;
            TransientFaults += fault ? 1 : 0;
            return fault;
        }
    }

    private sealed class FaultyClient(IChatClient inner, FaultyModelProvider owner) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (owner.NextTransient())
            {
                throw new HttpRequestException("simulated 503 from the provider");
            }

            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            var schema = (options?.ResponseFormat as ChatResponseFormatJson)?.SchemaName;
            return schema is not null && schema == owner.MalformedSchema
                ? new ChatResponse(new ChatMessage(ChatRole.Assistant, "{\"verdict\": \"pass\", \"scores\": ")) { Usage = response.Usage }
                : response;
        }
    }

    private string? MalformedSchema => malformedSchema;
}
