using System.Globalization;
using System.Text;

namespace CoScientist.Text;

/// <summary>
/// One normal form for text from outside (goals, feedback, proposals, model answers, articles)
/// before it is matched or placed in a prompt: compatibility-normalised (NFKC, so a fullwidth
/// "＜" is "&lt;" and a fullwidth "ＰＭＩＤ" is "PMID"), with invisible characters removed
/// (zero-width spaces and joiners, bidirectional controls, soft hyphens, tag characters,
/// variation selectors, control characters other than line breaks and tabs) and unpaired
/// surrogates replaced, so that nothing hides between the letters a check looks for.
/// </summary>
public static class TextNormalisation
{
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var visible = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // EnumerateRunes yields U+FFFD for an unpaired surrogate, which NFKC can then accept.
            if (!IsInvisible(rune))
            {
                visible.Append(rune.ToString());
            }
        }

        var normalised = visible.ToString().Normalize(NormalizationForm.FormKC);
        return normalised.EnumerateRunes().Any(IsInvisible)
            ? string.Concat(normalised.EnumerateRunes().Where(r => !IsInvisible(r)).Select(r => r.ToString()))
            : normalised;
    }

    private static bool IsInvisible(Rune rune)
    {
        if (rune.Value is '\n' or '\r' or '\t')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Format or UnicodeCategory.Control => true,

            // Variation selectors (U+FE00–FE0F, U+E0100–E01EF) and fillers that render as nothing.
            _ => rune.Value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x180E or 0x034F,
        };
    }
}
