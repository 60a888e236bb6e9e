using CoScientist.Core.Llm;

namespace CoScientist.Llm;

/// <summary>
/// The model service refused or failed a call after the HTTP retries: bad credentials, an unknown
/// model or deployment, an unreachable endpoint, or throttling and server errors that outlasted the
/// retries. The message names status, endpoint host and model, never a secret.
/// </summary>
public sealed class ModelProviderException : Exception
{
    public ModelProviderException(string message)
        : base(message)
    {
    }

    public ModelProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelProviderException()
    {
    }

    /// <summary>HTTP status of the last answer; 0 when the endpoint could not be reached.</summary>
    public int Status { get; init; }

    public string EndpointHost { get; init; } = "";

    public string ModelId { get; init; } = "";

    /// <summary>True for throttling, timeouts, server errors and unreachable endpoints: trying later may work.</summary>
    public bool IsTransient => Status is 0 or 408 or 429 or >= 500;
}
