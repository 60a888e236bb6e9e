using System.Globalization;
using System.Text;

namespace CoScientist.Cli.Display;

/// <summary>
/// Text from outside (goals, feedback, file names, model output, exception messages) as it may be
/// written to a terminal: control characters, escape sequences and bidirectional overrides shown as
/// visible escapes (<c>\u001B</c>), so nothing stored can move the cursor, recolour, retitle or hide text.
/// </summary>
public static class TerminalText
{
    /// <summary><paramref name="text"/> with every character a terminal would act on made visible; newlines and tabs as <c>\n</c> and <c>\t</c>.</summary>
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // A pair is one character (an emoji, say): kept as it is.
                safe?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (!IsActive(c))
            {
                safe?.Append(c);
                continue;
            }

            safe ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            safe.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
            });
        }

        return safe?.ToString() ?? text;
    }

    /// <summary>Control characters (C0, DEL, C1), bidirectional embeddings, overrides and isolates, and lone surrogates.</summary>
    private static bool IsActive(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' || char.IsSurrogate(c);
}
