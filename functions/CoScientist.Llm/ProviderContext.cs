using CoScientist.Core.Llm;

namespace CoScientist.Llm;

/// <summary>What error messages may say about one model's connection: never the key itself.</summary>
internal sealed record ProviderContext(
    string ProviderName,
    string EndpointHost,
    string Model,
    string CredentialHint,
    int MaxRetries,
    TimeSpan NetworkTimeout,
    string? Secret)
{
    public string Describe() => $"{ProviderName} at {EndpointHost} (model {Model})";

    /// <summary>Removes the key from text quoted from the provider, in case an error echoes it.</summary>
    public string Redact(string text) =>
        string.IsNullOrEmpty(Secret) ? text : text.Replace(Secret, "***", StringComparison.Ordinal);

    public bool Mentions(string text) =>
        !string.IsNullOrEmpty(Secret) && text.Contains(Secret, StringComparison.Ordinal);

    // Records print every property by default; the secret must never reach a log that way.
    public override string ToString() => Describe();
}
