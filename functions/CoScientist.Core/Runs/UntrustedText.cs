using System.Globalization;

namespace CoScientist.Core.Runs;

/// <summary>
/// The rule every text field from outside passes on the way in (API bodies, goal files, the CLI):
/// text is characters, not commands. Control characters other than newline and tab (terminal escape
/// sequences start with one), and unpaired UTF-16 surrogates (not characters at all), are refused,
/// so nothing stored can later act on a terminal, a log or a page that shows it.
/// </summary>
public static class UntrustedText
{
    /// <summary>Why <paramref name="value"/> cannot be accepted as text (one sentence, for a 400), or null when it can.</summary>
    public static string? Problem(string? value)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains an unpaired surrogate (U+{(int)c:X4} at position {i + 1}), which is not a character; send valid Unicode text.");
            }

            // CR is accepted as part of a CRLF line ending only.
            if (char.IsControl(c) && c is not ('\n' or '\t') && !(c == '\r' && i + 1 < value.Length && value[i + 1] == '\n'))
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains a control character (U+{(int)c:X4} at position {i + 1}); only newline and tab are allowed in text.");
            }
        }

        return null;
    }
}
