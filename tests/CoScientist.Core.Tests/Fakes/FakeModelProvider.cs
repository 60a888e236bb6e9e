using CoScientist.Core.Llm;
using Microsoft.Extensions.AI;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>Serves every slot with one scripted client and records which slots were asked for.</summary>
public sealed class FakeModelProvider(
    IChatClient client,
    ModelPrice? price = null,
    IEmbeddingGenerator<string, Embedding<float>>? embeddings = null,
    bool simulated = false) : IAgentModelProvider
{
    private readonly List<ModelSlot> _slots = [];
    private readonly Lock _gate = new();

    public const string ModelId = "test-model";

    public IReadOnlyList<ModelSlot> Slots
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots];
            }
        }
    }

    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings => embeddings;

    public bool IsSimulated => simulated;

    public string ProviderName => simulated ? ModelProviderNames.Simulated : ModelProviderNames.OpenAI;

    public string Description => simulated ? "simulated model (test)" : "test model";

    public AgentModel GetModel(ModelSlot slot)
    {
        lock (_gate)
        {
            _slots.Add(slot);
        }

        return new AgentModel(client, ModelId, price ?? ModelPrice.Free, simulated);
    }
}
