using Microsoft.Extensions.AI;

namespace CoScientist.Core.Llm;

/// <summary>
/// Gives each agent its model. Implemented by the LLM provider layer (Azure OpenAI, any
/// OpenAI-compatible endpoint, or the simulated model).
/// </summary>
public interface IAgentModelProvider
{
    /// <summary>The model for a slot: the slot's own setting, else its agent's, else the default.</summary>
    AgentModel GetModel(ModelSlot slot);

    /// <summary>The embedding generator, or null when none is configured (Proximity then uses a lexical measure).</summary>
    IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; }

    /// <summary>True when every slot is served by the simulated model.</summary>
    bool IsSimulated { get; }

    /// <summary>The provider's canonical name (<see cref="ModelProviderNames"/>).</summary>
    string ProviderName { get; }

    /// <summary>Provider and model as shown to users and stored on runs; never a secret.</summary>
    string Description { get; }
}
