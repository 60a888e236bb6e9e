namespace CoScientist.Core.Runs;

/// <summary>What the scientist asks for: the goal in plain language, with preferences, constraints and optional context (an uploaded file's text, for example).</summary>
public sealed record ResearchGoal(
    string Text,
    IReadOnlyList<string> Preferences,
    IReadOnlyList<string> Constraints,
    string? AttachedContext = null)
{
    public const int MaxTextLength = 8_000;
    public const int MaxContextLength = 200_000;

    public static ResearchGoal Of(string text) => new(text, [], []);

    /// <summary>Problems with the goal, each naming what is wrong; empty when it can be used.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Text))
        {
            yield return "The research goal is empty.";
        }
        else if (Text.Length > MaxTextLength)
        {
            yield return $"The research goal is {Text.Length} characters long; the limit is {MaxTextLength}.";
        }

        if (AttachedContext is { Length: > MaxContextLength })
        {
            yield return $"The attached context is {AttachedContext.Length} characters long; the limit is {MaxContextLength}.";
        }

        if (Preferences.Any(string.IsNullOrWhiteSpace) || Constraints.Any(string.IsNullOrWhiteSpace))
        {
            yield return "Preferences and constraints must not be empty strings.";
        }
    }
}
