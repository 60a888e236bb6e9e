namespace CoScientist.Core.Runs;

/// <summary>
/// What an id from outside (a route, an upload's folder) must look like before it reaches storage:
/// 1 to 64 characters, ASCII letters, digits, '-', '_' and '.', starting with a letter or digit.
/// Every id the engine makes fits; table keys forbid '/', '\', '#', '?'.
/// </summary>
public static class RunIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength }
        && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
