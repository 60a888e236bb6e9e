using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CoScientist.Simulation;

/// <summary>
/// Seals the latent quality the simulated model writes into a proposal, so that it trusts only the qualities it
/// wrote itself: the marker carries a keyed hash (HMAC-SHA256) over the quality and the proposal's title. Text
/// from anyone else (a scientist's proposal, a goal, feedback, an upload) cannot carry a valid seal, so a typed
/// marker reads as unknown quality, exactly like an honest proposal without one; a genuine marker copied into
/// another proposal is valid only under that proposal's title too. A keyed hash rather than stripping markers
/// from input: the product need not know the simulation's markers, and no spelling of a marker slips through.
/// </summary>
internal sealed partial class QualitySeal
{
    /// <summary>
    /// The key when <see cref="SimulationOptions.MarkerKey"/> is not set. Fixed, so that runs replay and every
    /// process of a deployment reads the others' proposals; whoever reads this source could forge with it.
    /// </summary>
    private const string DevelopmentKey = "CoScientist simulated model: latent quality seal (development key)";

    /// <summary>Hex characters of the seal kept in the marker: 64 bits, beyond guessing in any run.</summary>
    private const int SealLength = 16;

    private readonly byte[] _key;

    public QualitySeal(string? key) =>
        _key = Encoding.UTF8.GetBytes(string.IsNullOrEmpty(key) ? DevelopmentKey : key);

    /// <summary>The marker for a proposal of this quality and title, as the simulated model writes it.</summary>
    public string Mark(double quality, string title)
    {
        var value = quality.ToString("0.000", CultureInfo.InvariantCulture);
        return $"(Simulated model output; latent quality {value}, seal {Seal(value, title)}.)";
    }

    /// <summary>
    /// The quality a proposal's text (a proposal block of a prompt: its <c># title</c> line first) carries under a
    /// valid seal; <see cref="PromptReader.UnknownQuality"/> when it carries none.
    /// </summary>
    public double Read(string proposalText)
    {
        var title = TitleLine().Match(proposalText);
        if (!title.Success)
        {
            return PromptReader.UnknownQuality;
        }

        foreach (Match marker in Marker().Matches(proposalText))
        {
            var expected = Encoding.ASCII.GetBytes(Seal(marker.Groups[1].Value, title.Groups[1].Value));
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(marker.Groups[2].Value)))
            {
                return double.Parse(marker.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return PromptReader.UnknownQuality;
    }

    private string Seal(string quality, string title)
    {
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(quality + "\n" + Canonical(title)));
        return Convert.ToHexStringLower(hash)[..SealLength];
    }

    /// <summary>
    /// The title's letters and digits: the prompt shows it NFKC-normalised, without invisible characters and with
    /// angle brackets as entities, and this form is the same for the title as written and as shown.
    /// </summary>
    private static string Canonical(string title)
    {
        var shown = WebUtility.HtmlDecode(title.Normalize(NormalizationForm.FormKC));
        return string.Concat(shown.Where(char.IsLetterOrDigit)).ToUpperInvariant();
    }

    [GeneratedRegex(@"^# (.*)$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();

    [GeneratedRegex(@"latent quality (\d\.\d{3}), seal ([0-9a-f]{16})\b")]
    private static partial Regex Marker();
}
