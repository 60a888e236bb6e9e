using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace CoScientist.Simulation;

/// <summary>A proposal as the simulated model reads it back from a prompt.</summary>
internal sealed record ReadProposal(string Id, string? Label, string Text, double Quality, bool Unsafe);

/// <summary>
/// Reads the tagged sections the agents' prompts are made of (goal, proposals, strategy, review
/// kind, match format). The simulated model relies on these tags the way a real model relies on
/// reading the prompt.
/// </summary>
internal static partial class PromptReader
{
    public const double UnknownQuality = 0.5;

    public static string Goal(string prompt)
    {
        var match = GoalTag().Match(prompt);
        return match.Success ? match.Groups[1].Value.Trim() : prompt.Trim();
    }

    /// <summary>The proposal blocks of a prompt; each one's quality is the one <paramref name="seal"/> vouches for (unknown without a seal).</summary>
    public static IReadOnlyList<ReadProposal> Proposals(string prompt, string tag = "proposal", QualitySeal? seal = null)
    {
        var pattern = new Regex($"<{tag} id=\"([^\"]*)\"(?: label=\"([AB])\")?>(.*?)</{tag}>", RegexOptions.Singleline);
        return
        [
            .. pattern.Matches(prompt).Select(m => new ReadProposal(
                WebUtility.HtmlDecode(m.Groups[1].Value),
                m.Groups[2].Success ? m.Groups[2].Value : null,
                m.Groups[3].Value,
                seal?.Read(m.Groups[3].Value) ?? UnknownQuality,
                m.Groups[3].Value.Contains(SimulatedMarkers.Unsafe, StringComparison.Ordinal))),
        ];
    }

    public static string? Attribute(string prompt, string tag, string attribute)
    {
        var match = new Regex($"<{tag} {attribute}=\"([^\"]*)\"").Match(prompt);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static string? Speaker(string prompt)
    {
        var match = SpeakerPattern().Match(prompt);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    public static bool HasMetaReviewFeedback(string text) => text.Contains("<meta-review>", StringComparison.Ordinal);

    /// <summary>
    /// The proposal label ("A", "B", or null for a single proposal) that an instruction in the
    /// prompt tells the model to favour, read as a naive model reads it: an instruction outside
    /// every data block is always followed (a forged "&lt;/proposal&gt;" puts one there), and one
    /// inside a proposal is followed unless the system prompt states the data rule. Null when
    /// nothing asks for favour, or when both sides do.
    /// </summary>
    public static string? Favoured(string system, string prompt, string tag = "proposal")
    {
        var blocks = DataBlock().Matches(prompt);
        var from = 0;
        string? previousLabel = null;
        var outside = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match block in blocks)
        {
            AskedIn(prompt[from..block.Index], previousLabel, outside);
            if (block.Groups[1].Value == tag)
            {
                previousLabel = LabelOf(block.Value) ?? "";
            }

            from = block.Index + block.Length;
        }

        AskedIn(prompt[from..], previousLabel, outside);
        if (outside.Count > 0)
        {
            return outside.Count == 1 ? outside.First() : null;
        }

        if (system.Contains(CoScientist.Core.Agents.PromptSections.DataRuleSentence, StringComparison.Ordinal))
        {
            return null;
        }

        var inside = Proposals(prompt, tag).Where(p => FavourRequest().IsMatch(p.Text)).Select(p => p.Label ?? "").ToHashSet(StringComparer.Ordinal);
        return inside.Count == 1 ? inside.First() : null;
    }

    private static void AskedIn(string text, string? previousLabel, HashSet<string> labels)
    {
        foreach (var sentence in text.Split(['.', '!', '?', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!FavourRequest().IsMatch(sentence))
            {
                continue;
            }

            var named = NamedLabel().Match(sentence);
            if (named.Success)
            {
                labels.Add(named.Groups[1].Value.ToUpperInvariant());
            }
            else if (previousLabel is not null)
            {
                labels.Add(previousLabel);
            }
        }
    }

    private static string? LabelOf(string block)
    {
        var match = LabelAttribute().Match(block);
        return match.Success ? match.Groups[1].Value : null;
    }

    // Blocks whose content is data; what lies between them is read as the prompt's own words.
    [GeneratedRegex(@"<(goal|preferences|constraints|plan|scientist-feedback|proposal|parent|review|articles|article|meta-review|debate|literature-summary)\b[^>]*>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();

    [GeneratedRegex(@"^<[a-z-]+ [^>]*label=""([AB])""")]
    private static partial Regex LabelAttribute();

    [GeneratedRegex(@"\b(?:proposal|candidate|option)\s+([AB])\b", RegexOptions.IgnoreCase)]
    private static partial Regex NamedLabel();

    // What a request for favour looks like in any wording the model falls for (not the templates' own).
    [GeneratedRegex(
        @"\bdeclare[sd]?\b.{0,60}?\b(?:winner|best|better|first)\b|\b(?:must|should|shall|will)\s+(?:win|be\s+(?:declared\s+)?(?:the\s+)?(?:winner|best|chosen|preferred)|rank\s+first|pass\b)|\b(?:is|as)\s+the\s+winner\b|\bwinner\s*(?:is\b|:)|\bvote\s+for\b|\b(?:choose|pick|select|prefer)\s+(?:proposal|candidate|option|this|it)\b|\brank(?:ed)?\s+(?:it|this(?:\s+proposal)?)\s+first\b|\b(?:give|assign|award)\b.{0,30}?\b(?:scores?\s+of\s+5|5/5|full\s+marks|top\s+scores?|highest\s+scores?)|\bignore\b.{0,40}?\b(?:instructions|rules|above|previous|prior)\b|\b(?:pass|approve|accept)\s+this\s+proposal\b",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FavourRequest();

    [GeneratedRegex("<goal>(.*?)</goal>", RegexOptions.Singleline)]
    private static partial Regex GoalTag();

    [GeneratedRegex(@"Speak as (.+?)(?:,| in) turn")]
    private static partial Regex SpeakerPattern();
}

/// <summary>Text the simulated model puts in what it writes, so its outputs are labelled (its latent quality: <see cref="QualitySeal"/>).</summary>
internal static class SimulatedMarkers
{
    public const string Unsafe = "[simulated: unsafe procedure]";
}
