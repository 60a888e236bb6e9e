using Microsoft.Extensions.AI;

namespace CoScientist.Core.Llm;

/// <summary>The chat model that serves one <see cref="ModelSlot"/>, with what it costs.</summary>
/// <param name="Client">The chat client; concurrency caps and HTTP retries are already applied by the provider.</param>
/// <param name="ModelId">Model or deployment name, as reported in usage and cost statistics.</param>
/// <param name="Price">Token prices for cost accounting.</param>
/// <param name="Simulated">True for the offline simulated model, whose outputs are labelled as such.</param>
public sealed record AgentModel(IChatClient Client, string ModelId, ModelPrice Price, bool Simulated);
