using System.Text;
using System.Text.RegularExpressions;

namespace CoScientist.Core.Results;

/// <summary>
/// Text from outside (goals, titles, proposal and review text, article titles and URLs) placed in the Markdown the
/// product writes: it stays text in any renderer. Brackets, angle brackets and backslashes are escaped, so it can
/// open no link, image, autolink, reference definition or raw HTML; a scheme a renderer might linkify on its own
/// (<c>ftp:</c>, <c>tel:</c>, ...) or one that runs code (<c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>) has its
/// colon escaped. The only live links are the report's own, and an outside URL only when it is http or https.
/// </summary>
public static partial class MarkdownText
{
    /// <summary>Link schemes kept live; any other (javascript:, data:, vbscript:, file:, ...) is shown as text.</summary>
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    /// <summary>Outside text for running prose or a multi-line section (its lines and emphasis kept).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '[' or ']' or '<' or '>' or '|')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return RiskyScheme().Replace(escaped.ToString(), @"${scheme}\:");
    }

    /// <summary>Outside text where one line is expected (a heading, a table cell, a link's text): line breaks become spaces.</summary>
    public static string Line(string? text) =>
        Escape(text?.ReplaceLineEndings(" "));

    /// <summary>Outside text as inline code, with a fence longer than any run of backticks inside it.</summary>
    public static string Code(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ");
        var longest = Backticks().Matches(line).Select(m => m.Length).DefaultIfEmpty(0).Max();
        var fence = new string('`', longest + 1);

        // A space inside the fence only where the text itself starts or ends with a backtick (CommonMark strips one).
        var pad = line.StartsWith('`') || line.EndsWith('`') ? " " : "";
        return $"{fence}{pad}{line}{pad}{fence}";
    }

    /// <summary>
    /// A link to an outside URL when it is an absolute http or https URL, written so that nothing in it can end the
    /// destination early; otherwise the text alone, with the URL shown as text after it.
    /// </summary>
    public static string ExternalLink(string text, string? url)
    {
        if (url is null)
        {
            return Line(text);
        }

        if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && IsAllowedLink(url))
        {
            return $"[{Line(text)}]({Destination(uri.AbsoluteUri)})";
        }

        return $"{Line(text)} ({Line(url)})";
    }

    /// <summary>A link of the report's own (a relative path it wrote) with outside text.</summary>
    public static string InternalLink(string text, string relativePath) =>
        IsAllowedLink(relativePath) ? $"[{Line(text)}]({Destination(relativePath)})" : Line(text);

    /// <summary>
    /// True for a link destination that may stay live: http, https and mailto, or a relative reference. Browsers
    /// drop tabs and newlines inside a scheme and ignore leading spaces and controls, so those are removed before
    /// the scheme is read.
    /// </summary>
    public static bool IsAllowedLink(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        var cleaned = new string([.. url.Where(c => c > ' ' && !char.IsControl(c))]);
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        // A colon after a '/', '?' or '#' is in the path, query or fragment of a relative reference.
        var firstDelimiter = cleaned.IndexOfAny(['/', '?', '#']);
        if (firstDelimiter >= 0 && firstDelimiter < colon)
        {
            return true;
        }

        var scheme = cleaned[..colon];
        return AllowedSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A destination that cannot end early or be decoded into another: spaces and controls percent-encoded, the rest
    /// escaped (an escaped '&amp;' starts no entity, so "javascript&amp;#58;" never becomes a scheme).
    /// </summary>
    private static string Destination(string url)
    {
        var text = new StringBuilder(url.Length + 8);
        foreach (var c in url)
        {
            if (c <= ' ' || char.IsControl(c))
            {
                text.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            if (c is '\\' or '(' or ')' or '<' or '>' or '&' or '"' or '\'')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    // Schemes a renderer may turn into a live link by itself, or that run code when followed.
    [GeneratedRegex(@"(?<scheme>\b(?:javascript|vbscript|data|file|ftp|tel|xmpp|blob))\s*:(?!\s)", RegexOptions.IgnoreCase)]
    private static partial Regex RiskyScheme();

    [GeneratedRegex("`+")]
    private static partial Regex Backticks();
}
