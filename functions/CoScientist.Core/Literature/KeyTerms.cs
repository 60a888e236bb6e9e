using System.Text.RegularExpressions;

namespace CoScientist.Core.Literature;

/// <summary>
/// The content words of a text, deterministically: search queries made from a proposal or a goal
/// (a scholarly API treats a long sentence as "all of these words" and finds nothing), and the
/// overlap that says whether a new paper bears on a proposal.
/// </summary>
public static partial class KeyTerms
{
    /// <summary>Words that carry no topic: function words, and the verbs and nouns every proposal uses.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "across", "after", "against", "all", "also", "among", "an", "and", "any", "are", "as", "at", "be", "been",
        "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "either", "for", "from",
        "had", "has", "have", "how", "if", "in", "into", "is", "it", "its", "may", "might", "more", "most", "much", "must", "no", "nor",
        "not", "of", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "should", "so", "some", "such", "than",
        "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
        "up", "upon", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "will",
        "with", "within", "without", "would", "you", "your", "via", "versus", "vs", "per", "thus", "hence", "therefore", "however",
        "propose", "proposal", "proposals", "proposed", "find", "identify", "explain", "explore", "develop", "design", "discover",
        "suggest", "study", "studies", "research", "novel", "new", "potential", "possible", "possibly", "approach", "approaches",
        "strategy", "strategies", "using", "used", "use", "based", "test", "tests", "testing", "testable", "hypothesis", "hypotheses",
        "evidence", "effect", "effects", "role", "roles", "show", "shows", "shown", "known", "whose", "simulated", "model", "models",
        "result", "results", "data", "analysis", "method", "methods", "treat", "treating", "treatment", "treatments", "therapy",
        "therapies", "drug", "drugs", "approved", "indication", "indications", "repurpose", "repurposed", "repurposing", "candidate",
        "candidates", "target", "targets", "targeting", "mechanism", "mechanisms", "through", "exploit", "patients", "patient",
        "reduce", "reduces", "increase", "increases", "improve", "improves", "better", "one", "two", "three", "first", "second",
        "well", "many", "several", "often", "depends", "depend", "healthy", "tissue", "tissues", "cells", "cell", "level", "levels",
    };

    /// <summary>The content words of <paramref name="text"/> in order of first appearance, lower-cased, each once.</summary>
    public static IReadOnlyList<string> Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>();
        foreach (Match match in Word().Matches(text.ToLowerInvariant()))
        {
            var word = match.Value.Trim('-', '\'');
            if (word.Length >= 3 && !StopWords.Contains(word) && !word.All(char.IsDigit) && seen.Add(word))
            {
                terms.Add(word);
            }
        }

        return terms;
    }

    /// <summary>A search query of at most <paramref name="maxTerms"/> content words of <paramref name="text"/>; empty when it has none.</summary>
    public static string Query(string? text, int maxTerms = 6) => string.Join(' ', Of(text).Take(maxTerms));

    /// <summary>How many content words two texts share.</summary>
    public static int Shared(IEnumerable<string> a, IEnumerable<string> b)
    {
        var set = a.ToHashSet(StringComparer.Ordinal);
        return b.Distinct(StringComparer.Ordinal).Count(set.Contains);
    }

    // Hyphenated words split, so "telomere-driven" matches "telomere".
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}']*")]
    private static partial Regex Word();
}
