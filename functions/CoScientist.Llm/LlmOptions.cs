using CoScientist.Core.Llm;

namespace CoScientist.Llm;

/// <summary>Which kind of service answers the agents' LLM calls.</summary>
[System.ComponentModel.TypeConverter(typeof(LlmProviderConverter))]
public enum LlmProvider
{
    /// <summary>The deterministic offline model; needs no endpoint or key.</summary>
    Simulated,

    /// <summary>An Azure OpenAI resource through its OpenAI-compatible v1 endpoint.</summary>
    AzureOpenAI,

    /// <summary>Any OpenAI-compatible endpoint: OpenAI itself, Ollama, vLLM, llama.cpp.</summary>
    OpenAI,
}

/// <summary>Price of one model in US dollars per million tokens, as configured.</summary>
public sealed class PriceOptions
{
    public decimal InputPerMillionUsd { get; set; }

    public decimal OutputPerMillionUsd { get; set; }
}

/// <summary>Settings of the LLM provider layer, bound from the <c>Llm</c> configuration section.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public LlmProvider Provider { get; set; } = LlmProvider.Simulated;

    /// <summary>
    /// Service endpoint. For Azure OpenAI the resource's v1 endpoint
    /// (<c>https://&lt;resource&gt;.openai.azure.com/openai/v1/</c>; a bare resource URL gets
    /// <c>openai/v1/</c> appended). For OpenAI-compatible servers their base URL, e.g.
    /// <c>http://localhost:11434/v1/</c>; empty means api.openai.com.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>API key; never logged or shown.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Azure OpenAI only: authenticate with Microsoft Entra ID instead of a key.</summary>
    public bool UseEntraId { get; set; }

    /// <summary>Default model (Azure: deployment) name.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// Model per slot or agent, keyed by <see cref="ModelSlot.Key"/> (<c>Ranking.SingleTurn</c>, or
    /// <c>Ranking_SingleTurn</c> where dots are awkward, e.g. environment variables) or agent name (<c>Ranking</c>).
    /// </summary>
    public Dictionary<string, string> AgentModels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Embedding model (Azure: deployment) name; empty leaves Proximity on its lexical measure.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Prices per model name, merged over <see cref="ModelPriceTable.Defaults"/>.</summary>
    public Dictionary<string, PriceOptions> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Calls in flight at once across all models of the provider.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>HTTP retries for 408, 429 and 5xx answers, honouring Retry-After.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>How long one HTTP attempt may take before it is abandoned.</summary>
    public int NetworkTimeoutSeconds { get; set; } = 120;
}
