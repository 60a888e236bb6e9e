using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CoScientist.Core.Agents;

/// <summary>
/// Prompt templates are Markdown files beside their agent, embedded in the assembly and loaded
/// by name. <c>{{name}}</c> marks a value to fill in; a template asking for a value nobody gave
/// is a bug, so it throws rather than sending a prompt with a hole in it. <c>{{&gt; name}}</c>
/// includes another template (the shared data rule every agent's instructions state).
/// </summary>
public static partial class PromptLibrary
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Load(string name) => Cache.GetOrAdd(name, static n =>
    {
        var assembly = typeof(PromptLibrary).Assembly;
        using var stream = assembly.GetManifestResourceStream($"CoScientist.Prompts.{n}.md")
            ?? throw new InvalidOperationException($"No prompt template named '{n}'. Known: {string.Join(", ", Names(assembly))}");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Trim();
        return Include().Replace(text, match => Load(match.Groups[1].Value));
    });

    public static string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var template = Load(name);
        return Placeholder().Replace(template, match =>
        {
            var key = match.Groups[1].Value;
            return values.TryGetValue(key, out var value)
                ? value
                : throw new InvalidOperationException($"Prompt '{name}' needs a value for '{key}'.");
        });
    }

    private static IEnumerable<string> Names(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("CoScientist.Prompts.", StringComparison.Ordinal))
            .Select(n => n["CoScientist.Prompts.".Length..^".md".Length]);

    [GeneratedRegex(@"\{\{([a-zA-Z][a-zA-Z0-9]*)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{\{>\s*([a-z][a-z0-9-]*)\s*\}\}")]
    private static partial Regex Include();
}
