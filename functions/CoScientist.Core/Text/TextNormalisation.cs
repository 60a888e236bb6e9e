using System.Globalization;
using System.Text;

namespace CoScientist.Text;

/// <summary>
/// One normal form for text from outside (goals, feedback, proposals, model answers, articles)
/// before it is matched or placed in a prompt, so that nothing hides between or behind the letters
/// a check looks for:
/// <list type="bullet">
/// <item>invisible characters removed: zero-width spaces and joiners, bidirectional controls, soft
/// hyphens, tag characters, variation selectors, control characters other than line breaks and tabs;</item>
/// <item>compatibility forms folded as NFKC folds them: fullwidth and small forms, mathematical and
/// circled letters and digits, the many widths of space, hyphen and dash variants;</item>
/// <item>Cyrillic, Greek and Cherokee letters that look like Latin ones (a Cyrillic "Р" in "PMID") folded
/// to the Latin letter, in words that mix them with Latin letters or digits or are made of them only;</item>
/// <item>unpaired surrogates replaced with U+FFFD.</item>
/// </list>
/// Hand-written rather than <see cref="string.Normalize(NormalizationForm)"/>: the product runs with
/// InvariantGlobalization, in which normalisation leaves non-ASCII text unchanged.
/// </summary>
public static class TextNormalisation
{
    // Cyrillic and Greek capitals and small letters that render like a Latin letter.
    private static readonly Dictionary<int, char> Confusables = new()
    {
        [0x0410] = 'A', [0x0412] = 'B', [0x0415] = 'E', [0x041A] = 'K', [0x041C] = 'M', [0x041D] = 'H', [0x041E] = 'O',
        [0x0420] = 'P', [0x0421] = 'C', [0x0422] = 'T', [0x0425] = 'X', [0x0405] = 'S', [0x0406] = 'I', [0x0408] = 'J',
        [0x0430] = 'a', [0x0435] = 'e', [0x043E] = 'o', [0x0440] = 'p', [0x0441] = 'c', [0x0443] = 'y', [0x0445] = 'x',
        [0x0455] = 's', [0x0456] = 'i', [0x0458] = 'j', [0x04BB] = 'h', [0x0501] = 'd', [0x051B] = 'q', [0x051D] = 'w',
        [0x0391] = 'A', [0x0392] = 'B', [0x0395] = 'E', [0x0396] = 'Z', [0x0397] = 'H', [0x0399] = 'I', [0x039A] = 'K',
        [0x039C] = 'M', [0x039D] = 'N', [0x039F] = 'O', [0x03A1] = 'P', [0x03A4] = 'T', [0x03A5] = 'Y', [0x03A7] = 'X',
        [0x03BF] = 'o', [0x03BD] = 'v', [0x03B9] = 'i', [0x03BA] = 'k', [0x03C1] = 'p', [0x03C5] = 'u',
        [0x13A0] = 'D', [0x13A2] = 'R', [0x13AA] = 'G', [0x13B7] = 'M', [0x13DA] = 'S', [0x13DE] = 'L',
    };

    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runes = new List<Rune>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // EnumerateRunes yields U+FFFD for an unpaired surrogate.
            if (!IsInvisible(rune))
            {
                runes.Add(Fold(rune));
            }
        }

        // A word (letters and digits) is folded to Latin when it already mixes in a Latin letter or
        // digit, or when every letter of it has a Latin lookalike: a real Cyrillic or Greek word
        // nearly always has letters without one, and stays as written.
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < runes.Count)
        {
            if (!Rune.IsLetterOrDigit(runes[i]))
            {
                result.Append(runes[i].ToString());
                i++;
                continue;
            }

            var end = i;
            while (end < runes.Count && Rune.IsLetterOrDigit(runes[end]))
            {
                end++;
            }

            var word = runes.GetRange(i, end - i);
            var fold = word.Any(r => Confusables.ContainsKey(r.Value))
                && (word.Any(r => r.IsAscii) || word.All(r => Confusables.ContainsKey(r.Value)));
            foreach (var rune in word)
            {
                result.Append(fold && Confusables.TryGetValue(rune.Value, out var latin) ? latin.ToString() : rune.ToString());
            }

            i = end;
        }

        return result.ToString();
    }

    /// <summary>The NFKC fold of the compatibility characters that matter for markup and identifiers.</summary>
    private static Rune Fold(Rune rune) => rune.Value switch
    {
        >= 0xFF01 and <= 0xFF5E => new Rune(rune.Value - 0xFEE0), // fullwidth ASCII
        0xFE64 => new Rune('<'),
        0xFE65 => new Rune('>'),
        0xFE63 => new Rune('-'),
        0xFE66 => new Rune('='),
        0xFE5F => new Rune('#'),
        0xFE55 => new Rune(':'),
        0xFE52 => new Rune('.'),
        >= 0x1D400 and <= 0x1D6A3 => MathLetter(rune.Value - 0x1D400), // mathematical bold, italic, script, ... letters
        >= 0x1D7CE and <= 0x1D7FF => new Rune('0' + ((rune.Value - 0x1D7CE) % 10)), // mathematical digits
        >= 0x24B6 and <= 0x24CF => new Rune('A' + (rune.Value - 0x24B6)), // circled capitals
        >= 0x24D0 and <= 0x24E9 => new Rune('a' + (rune.Value - 0x24D0)), // circled small letters
        >= 0x2460 and <= 0x2468 => new Rune('1' + (rune.Value - 0x2460)), // circled digits
        0x00A0 or (>= 0x2000 and <= 0x200A) or 0x202F or 0x205F or 0x3000 => new Rune(' '),
        (>= 0x2010 and <= 0x2015) or 0x2212 => new Rune('-'),
        0x2024 => new Rune('.'),
        _ => rune,
    };

    private static Rune MathLetter(int offset)
    {
        var index = offset % 52;
        return new Rune(index < 26 ? 'A' + index : 'a' + (index - 26));
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

            // Variation selectors and fillers that render as nothing.
            _ => rune.Value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x180E or 0x034F,
        };
    }
}
