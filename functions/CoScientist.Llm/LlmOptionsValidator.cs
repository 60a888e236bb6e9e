using CoScientist.Core.Llm;
using Microsoft.Extensions.Options;

namespace CoScientist.Llm;

/// <summary>Checks <see cref="LlmOptions"/> and names the exact configuration key of each problem, never its secret value.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public const int MaxRetriesLimit = 10;

    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var problems = Validate(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>One line per problem; empty when the options are usable.</summary>
    public static IReadOnlyList<string> Validate(LlmOptions options)
    {
        var problems = new List<string>();
        const string Section = LlmOptions.SectionName;

        if (!Enum.IsDefined(options.Provider))
        {
            problems.Add($"{Section}:Provider must be one of {string.Join(", ", Enum.GetNames<LlmProvider>())}.");
            return problems;
        }

        if (options.MaxConcurrency < 1)
        {
            problems.Add($"{Section}:MaxConcurrency must be at least 1.");
        }

        if (options.MaxRetries is < 0 or > MaxRetriesLimit)
        {
            problems.Add($"{Section}:MaxRetries must be between 0 and {MaxRetriesLimit}.");
        }

        if (options.NetworkTimeoutSeconds < 1)
        {
            problems.Add($"{Section}:NetworkTimeoutSeconds must be at least 1.");
        }

        foreach (var (model, price) in options.Prices)
        {
            if (price is null || price.InputPerMillionUsd < 0 || price.OutputPerMillionUsd < 0)
            {
                problems.Add($"{Section}:Prices:{model} must have non-negative InputPerMillionUsd and OutputPerMillionUsd.");
            }
        }

        foreach (var (key, model) in options.AgentModels)
        {
            var agent = key.Split('.', '_')[0];
            if (!Enum.TryParse<AgentRole>(agent, ignoreCase: true, out _) || int.TryParse(agent, out _))
            {
                problems.Add(
                    $"{Section}:AgentModels:{key} does not start with an agent name ({string.Join(", ", Enum.GetNames<AgentRole>())}).");
            }
            else if (string.IsNullOrWhiteSpace(model))
            {
                problems.Add($"{Section}:AgentModels:{key} must name a model.");
            }
        }

        if (options.Provider == LlmProvider.Simulated)
        {
            return problems;
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            problems.Add($"{Section}:Model is required for provider {options.Provider}.");
        }

        var hasKey = !string.IsNullOrWhiteSpace(options.ApiKey);
        var hasEndpoint = !string.IsNullOrWhiteSpace(options.Endpoint);
        var endpointValid = LlmEndpoint.TryParse(options.Endpoint, out var endpoint);
        if (hasEndpoint && !endpointValid)
        {
            problems.Add($"{Section}:Endpoint must be an absolute http or https URI.");
        }

        if (options.Provider == LlmProvider.AzureOpenAI)
        {
            if (!hasEndpoint)
            {
                problems.Add(
                    $"{Section}:Endpoint is required for provider AzureOpenAI (https://<resource>.openai.azure.com/openai/v1/).");
            }

            if (!hasKey && !options.UseEntraId)
            {
                problems.Add($"{Section}:ApiKey or {Section}:UseEntraId=true is required for provider AzureOpenAI.");
            }

            if (hasKey && options.UseEntraId)
            {
                problems.Add($"{Section}:ApiKey and {Section}:UseEntraId=true are exclusive; set only one.");
            }

            // Bearer tokens are only ever sent over TLS (the client library refuses otherwise).
            if (options.UseEntraId && endpointValid && endpoint.Scheme != Uri.UriSchemeHttps)
            {
                problems.Add($"{Section}:Endpoint must use https when {Section}:UseEntraId=true.");
            }
        }
        else
        {
            if (options.UseEntraId)
            {
                problems.Add($"{Section}:UseEntraId applies only to provider AzureOpenAI.");
            }

            // Local servers (Ollama, llama.cpp, vLLM on this machine) need no key; anything reachable
            // over the network is assumed to want one, so a forgotten key fails here rather than as a 401.
            var local = hasEndpoint && endpointValid && endpoint.IsLoopback;
            if (!hasKey && !local)
            {
                problems.Add(
                    $"{Section}:ApiKey is required for provider OpenAI unless {Section}:Endpoint is a local (loopback) server.");
            }
        }

        return problems;
    }
}
