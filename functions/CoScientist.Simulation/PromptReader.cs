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

    public static IReadOnlyList<ReadProposal> Proposals(string prompt, string tag = "proposal")
    {
        var pattern = new Regex($"<{tag} id=\"([^\"]*)\"(?: label=\"([AB])\")?>(.*?)</{tag}>", RegexOptions.Singleline);
        return
        [
            .. pattern.Matches(prompt).Select(m => new ReadProposal(
                WebUtility.HtmlDecode(m.Groups[1].Value),
                m.Groups[2].Success ? m.Groups[2].Value : null,
                m.Groups[3].Value,
                Quality(m.Groups[3].Value),
                m.Groups[3].Value.Contains(SimulatedMarkers.Unsafe, StringComparison.Ordinal))),
        ];
    }

    public static double Quality(string text)
    {
        var match = QualityMarker().Match(text);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : UnknownQuality;
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

    [GeneratedRegex("<goal>(.*?)</goal>", RegexOptions.Singleline)]
    private static partial Regex GoalTag();

    [GeneratedRegex(@"latent quality (\d\.\d+)")]
    private static partial Regex QualityMarker();

    [GeneratedRegex(@"Speak as (.+?)(?:,| in) turn")]
    private static partial Regex SpeakerPattern();
}

/// <summary>Text the simulated model puts in what it writes, so its outputs are labelled and its latent state survives storage.</summary>
internal static class SimulatedMarkers
{
    public const string Unsafe = "[simulated: unsafe procedure]";

    public static string Quality(double quality) =>
        $"(Simulated model output; latent quality {quality.ToString("0.000", CultureInfo.InvariantCulture)}.)";
}
