using CoScientist.Core.Literature;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CoScientist.Literature.Text;

/// <summary>
/// Turns what the APIs put in titles and abstracts (JATS, HTML-ish tags, MathML, entities, hard
/// line breaks) into the plain text the agents read.
/// </summary>
public static partial class Markup
{
    /// <summary>Elements whose text only repeats or annotates what is around them (a TeX copy of a formula).</summary>
    private static readonly HashSet<string> SkippedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "annotation", "annotation-xml", "alt-text", "object-id", "xref", "fn", "label", "table", "supplementary-material",
    };

    /// <summary>Elements that end a block of text: their text is kept on its own line.</summary>
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "sec", "title", "list-item", "list", "abstract", "disp-formula", "table-wrap", "caption", "div", "br", "li", "h1", "h2", "h3", "h4",
    };

    /// <summary>Whitespace (any kind, including line breaks) collapsed to single spaces, trimmed.</summary>
    public static string CollapseWhitespace(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Whitespace().Replace(text, " ").Trim();

    /// <summary>
    /// Plain text of a markup string such as a Crossref JATS abstract (<c>&lt;jats:p&gt;</c>) or a
    /// title with <c>&lt;i&gt;</c> or MathML: tags dropped, entities decoded, sections kept as
    /// lines, a section title joined to its text as <c>Title: text</c>, and a leading
    /// "Abstract" heading dropped.
    /// </summary>
    public static string ToPlainText(string? markup)
    {
        if (string.IsNullOrWhiteSpace(markup))
        {
            return "";
        }

        // Line breaks in markup are layout, not structure: blocks come from the tags.
        var text = SkippedElementPattern().Replace(markup.ReplaceLineEndings(" "), " ");
        text = TitleElementPattern().Replace(text, m => $"\n{TitleMarker}{m.Groups["text"].Value}\n");
        text = BlockTagPattern().Replace(text, "\n");
        text = AnyTagPattern().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return JoinLines(text.Split('\n'));
    }

    /// <summary>
    /// Plain text of an XML element: the text of its descendants with inline markup (<c>&lt;i&gt;</c>,
    /// <c>&lt;sup&gt;</c>, MathML) flattened, annotations skipped, blocks on their own lines.
    /// </summary>
    public static string ToPlainText(XElement? element)
    {
        if (element is null)
        {
            return "";
        }

        var builder = new StringBuilder();
        Append(element, builder);
        return JoinLines(builder.ToString().Split('\n'));
    }

    /// <summary>Text with a leading "Abstract" word (as OpenAlex keeps from the publisher's heading) removed.</summary>
    public static string WithoutAbstractHeading(string text)
    {
        var match = LeadingAbstractWord().Match(text);
        return match.Success ? text[match.Length..] : text;
    }

    private const char TitleMarker = '\u0001';

    private static void Append(XElement element, StringBuilder builder)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value.ReplaceLineEndings(" "));
                    break;
                case XElement child when SkippedElements.Contains(child.Name.LocalName):
                    builder.Append(' ');
                    break;
                case XElement child when IsTitle(child.Name.LocalName):
                    builder.Append('\n').Append(TitleMarker).Append(child.Value).Append('\n');
                    break;
                case XElement child when BlockElements.Contains(child.Name.LocalName):
                    builder.Append('\n');
                    Append(child, builder);
                    builder.Append('\n');
                    break;
                case XElement child:
                    Append(child, builder);
                    break;
            }
        }
    }

    /// <summary>Collapses each line, drops empty ones and a leading "Abstract" title, and joins a section title to the line after it.</summary>
    private static string JoinLines(IEnumerable<string> rawLines)
    {
        var lines = new List<string>();
        string? pendingTitle = null;
        foreach (var raw in rawLines)
        {
            var isTitle = raw.Contains(TitleMarker, StringComparison.Ordinal);
            var line = CollapseWhitespace(raw.Replace(TitleMarker, ' '));
            if (line.Length == 0)
            {
                continue;
            }

            if (isTitle)
            {
                if (lines.Count == 0 && pendingTitle is null && IsAbstractHeading(line))
                {
                    continue;
                }

                pendingTitle = pendingTitle is null ? line : $"{pendingTitle} {line}";
                continue;
            }

            lines.Add(pendingTitle is null ? line : $"{pendingTitle.TrimEnd(':', '.')}: {line}");
            pendingTitle = null;
        }

        if (pendingTitle is not null)
        {
            lines.Add(pendingTitle);
        }

        return string.Join('\n', lines);
    }

    private static bool IsTitle(string name) =>
        name.Equals("title", StringComparison.OrdinalIgnoreCase) || name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

    private static bool IsAbstractHeading(string line) =>
        line.TrimEnd(':', '.').Equals("abstract", StringComparison.OrdinalIgnoreCase)
        || line.TrimEnd(':', '.').Equals("summary", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<(?<tag>(?:[\w\-]+:)?(?:annotation-xml|annotation|alt-text|object-id|xref|fn|label|table|supplementary-material))(?=[\s/>])[^>]*?(?:/>|>.*?</\k<tag>\s*>)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SkippedElementPattern();

    [GeneratedRegex(@"<(?<tag>(?:[\w\-]+:)?(?:title|h[1-6]))(?=[\s/>])[^>]*>(?<text>.*?)</\k<tag>\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TitleElementPattern();

    [GeneratedRegex(@"</?(?:[\w\-]+:)?(?:p|sec|list-item|list|abstract|disp-formula|table-wrap|caption|div|br|li)(?=[\s/>])[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTagPattern();

    [GeneratedRegex(@"</?[A-Za-z][\w\-.:]*(?:\s[^<>]*)?/?>")]
    private static partial Regex AnyTagPattern();

    [GeneratedRegex(@"^\s*(?i:abstract)\b[\s:.]*(?=\p{Lu})")]
    private static partial Regex LeadingAbstractWord();
}
