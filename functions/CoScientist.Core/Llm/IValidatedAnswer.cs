namespace CoScientist.Core.Llm;

/// <summary>
/// A model answer that can check rules the JSON schema cannot express (non-empty text, ranges,
/// allowed labels). Problems found are sent back to the model in a repair turn.
/// </summary>
public interface IValidatedAnswer
{
    IEnumerable<string> Validate();
}
