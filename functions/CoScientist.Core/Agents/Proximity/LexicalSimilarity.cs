using System.Text.RegularExpressions;

namespace CoScientist.Core.Agents.Proximity;

/// <summary>
/// Offline similarity between proposals: cosine of TF-IDF vectors over content words, so words
/// every proposal shares (the section vocabulary) weigh little and distinctive terms weigh much.
/// </summary>
public static partial class LexicalSimilarity
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "that", "this", "from", "into", "will", "are", "was", "were", "which", "their",
        "these", "those", "such", "than", "then", "have", "has", "had", "been", "being", "its", "our", "can", "may",
        "not", "but", "also", "more", "most", "over", "under", "between", "within", "whether", "both", "each", "per",
    };

    public static IReadOnlyList<double[]> Vectors(IReadOnlyList<string> documents, out IReadOnlyList<string> vocabulary)
    {
        var tokenised = documents.Select(Tokens).ToList();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tokens in tokenised)
        {
            foreach (var term in tokens.Distinct(StringComparer.Ordinal))
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        var terms = documentFrequency.Keys.Order(StringComparer.Ordinal).ToList();
        var index = terms.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        vocabulary = terms;
        var n = documents.Count;
        return
        [
            .. tokenised.Select(tokens =>
            {
                var vector = new double[terms.Count];
                foreach (var group in tokens.GroupBy(t => t, StringComparer.Ordinal))
                {
                    var idf = Math.Log((1.0 + n) / (1.0 + documentFrequency[group.Key])) + 1.0;
                    vector[index[group.Key]] = (1 + Math.Log(group.Count())) * idf;
                }

                return vector;
            }),
        ];
    }

    public static double Cosine(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    internal static List<string> Tokens(string text) =>
    [
        .. WordPattern().Matches(text.ToLowerInvariant())
            .Select(m => m.Value)
            .Where(w => w.Length > 2 && !StopWords.Contains(w)),
    ];

    [GeneratedRegex(@"[\p{L}][\p{L}\p{N}\-]*")]
    private static partial Regex WordPattern();
}
