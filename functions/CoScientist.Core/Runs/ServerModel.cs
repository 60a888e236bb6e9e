using CoScientist.Core.Llm;

namespace CoScientist.Core.Runs;

/// <summary>
/// The one model provider this server runs every run on. A request may name a provider
/// (<c>model</c>), but only to confirm it: a server has one provider, set by <c>Llm:Provider</c>.
/// </summary>
/// <param name="Provider">One of <see cref="Providers"/>: <c>simulated</c>, <c>azure-openai</c> or <c>openai</c>.</param>
/// <param name="Description">Provider and model as shown to users and stored on runs; no secrets.</param>
/// <param name="Simulated">True when every agent is served by the simulated model.</param>
public sealed record ServerModel(string Provider, string Description, bool Simulated)
{
    public const string SimulatedProvider = ModelProviderNames.Simulated;
    public const string AzureOpenAIProvider = ModelProviderNames.AzureOpenAI;
    public const string OpenAIProvider = ModelProviderNames.OpenAI;

    /// <summary>The provider names a request may give, as <c>cosci run --model</c> takes them.</summary>
    public static readonly IReadOnlyList<string> Providers = ModelProviderNames.All;

    /// <summary>The server model of the provider this process runs every run on.</summary>
    public static ServerModel From(IAgentModelProvider models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return new(models.ProviderName, models.Description, models.IsSimulated);
    }

    /// <summary>The simulated model, as <c>cosci serve</c> runs it when no provider is configured.</summary>
    public static ServerModel SimulatedModel(string description = "simulated model") => new(SimulatedProvider, description, true);

    /// <summary>The canonical provider name for a name or alias (as <c>--model</c> accepts them); null when unknown.</summary>
    public static string? Normalize(string? name) => ModelProviderNames.Normalize(name);

    /// <summary>
    /// Why a run request's <c>model</c> cannot be used on this server, or null when it names this
    /// server's provider: a server has one provider, and naming another is refused rather than
    /// silently ignored.
    /// </summary>
    public string? ProblemWith(string model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return "must not be empty (omit it to use the server's provider).";
        }

        var wanted = Normalize(model);
        if (wanted is null)
        {
            return $"unknown model '{model}': choose {string.Join(", ", Providers)}.";
        }

        return wanted == Provider
            ? null
            : $"this server runs every run on the '{Provider}' provider, so '{wanted}' cannot be chosen per run; omit model, or use a server configured with Llm:Provider={wanted}.";
    }
}
