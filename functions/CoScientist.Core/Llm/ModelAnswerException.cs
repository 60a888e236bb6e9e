namespace CoScientist.Core.Llm;

/// <summary>
/// A model answer that cannot be used even after the bounded retries: malformed JSON, an answer
/// that breaks the schema's rules, or a refusal by the provider's content filter. The step that
/// asked fails visibly; retrying the whole message would only spend more tokens.
/// </summary>
public sealed class ModelAnswerException : Exception
{
    public ModelAnswerException(string message)
        : base(message)
    {
    }

    public ModelAnswerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelAnswerException()
    {
    }

    /// <summary>True when the provider's content filter refused to answer.</summary>
    public bool IsContentFilter { get; init; }
}
