using CoScientist.Core.Llm;
using Microsoft.Extensions.AI;

namespace CoScientist.Llm;

/// <summary>Holds embedding calls to the same shared concurrency cap as the provider's chat calls.</summary>
public sealed class ConcurrencyLimitingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, SemaphoreSlim slots)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }
}
