using CoScientist.Core.Llm;
using Microsoft.Extensions.AI;

namespace CoScientist.Simulation;

/// <summary>Serves every agent with the simulated model, priced like a real model so offline runs rehearse budgets.</summary>
/// <param name="description">How runs record the model; by default the simulated model with its seed.</param>
public sealed class SimulatedModelProvider(SimulationOptions options, ModelPrice? price = null, string? description = null) : IAgentModelProvider
{
    /// <summary>By default the simulated model is priced like a small hosted model (USD per million tokens, input and output).</summary>
    public static readonly ModelPrice DefaultPrice = new(0.40m, 1.60m);

    private readonly AgentModel _model = new(new SimulatedChatClient(options), SimulatedChatClient.ModelId, price ?? DefaultPrice, Simulated: true);

    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings => null;

    public bool IsSimulated => true;

    public string ProviderName => ModelProviderNames.Simulated;

    public string Description { get; } = description ?? $"simulated model (seed {options.Seed})";

    public AgentModel GetModel(ModelSlot slot) => _model;
}
