using System.Text.RegularExpressions;

namespace CoScientist.Core.Literature;

/// <summary>
/// Serves the run's attached context (an uploaded file, pasted notes) as literature: each
/// paragraph is one passage, found by the words it shares with the query.
/// </summary>
public sealed partial class AttachedContextLiterature(string? context) : ILiteratureSource
{
    private readonly IReadOnlyList<Article> _passages = Split(context);

    /// <summary>Every passage of the context: all of it is the run's own material, citable by id.</summary>
    public IReadOnlyList<Article> Passages => _passages;

    public Task<IReadOnlyList<Article>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        var terms = Words(query).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<Article> found =
        [
            .. _passages
                .Select(p => (Passage: p, Hits: Words(p.Abstract).Count(terms.Contains)))
                .Where(x => x.Hits > 0)
                .OrderByDescending(x => x.Hits)
                .ThenBy(x => x.Passage.Id, StringComparer.Ordinal)
                .Take(maxResults)
                .Select(x => x.Passage),
        ];
        return Task.FromResult(found);
    }

    private static List<Article> Split(string? context)
    {
        if (string.IsNullOrWhiteSpace(context))
        {
            return [];
        }

        return
        [
            .. ParagraphBreak().Split(context)
                .Select(p => p.Trim())
                .Where(p => p.Length >= 40)
                .Select((p, i) => new Article(
                    $"context-{i + 1}",
                    FirstSentence(p),
                    p,
                    [],
                    null,
                    null,
                    "attached context")),
        ];
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '\n']);
        var sentence = end > 0 ? text[..end] : text;
        return sentence.Length > 120 ? sentence[..120] + "…" : sentence;
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 3);

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
