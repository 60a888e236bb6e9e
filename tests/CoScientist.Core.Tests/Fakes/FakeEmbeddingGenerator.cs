using Microsoft.Extensions.AI;

namespace CoScientist.Core.Tests.Fakes;

/// <summary>Embeds a text as the vector of the first key it contains; records the inputs.</summary>
public sealed class FakeEmbeddingGenerator(IReadOnlyDictionary<string, float[]> vectorsByKey) : IEmbeddingGenerator<string, Embedding<float>>
{
    public List<IReadOnlyList<string>> Calls { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        Calls.Add(texts);
        var embeddings = texts.Select(t =>
        {
            var key = vectorsByKey.Keys.FirstOrDefault(k => t.Contains(k, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"No vector for text: {t}");
            return new Embedding<float>(vectorsByKey[key]);
        });
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
