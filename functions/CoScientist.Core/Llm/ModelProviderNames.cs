namespace CoScientist.Core.Llm;

/// <summary>
/// The one vocabulary of model provider names, as <c>--model</c>, the <c>Llm:Provider</c> setting and the
/// HTTP API's <c>model</c> field take them.
/// </summary>
public static class ModelProviderNames
{
    public const string Simulated = "simulated";
    public const string AzureOpenAI = "azure-openai";
    public const string OpenAI = "openai";

    /// <summary>The canonical names, in the order they are offered to users.</summary>
    public static readonly IReadOnlyList<string> All = [Simulated, AzureOpenAI, OpenAI];

    /// <summary>The canonical name for a name or alias (case-insensitive); null when it names no provider.</summary>
    public static string? Normalize(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "simulated" => Simulated,
        "azure-openai" or "azureopenai" or "azure" => AzureOpenAI,
        "openai" or "openai-compatible" => OpenAI,
        _ => null,
    };

    /// <summary>The error text for a name that is not a provider.</summary>
    public static string Unknown(string? name) => $"'{name}' is not a model provider: use {string.Join(", ", All)}.";
}
