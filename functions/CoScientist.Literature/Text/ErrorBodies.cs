using CoScientist.Core.Literature;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace CoScientist.Literature.Text;

/// <summary>
/// Reads the API's own message out of an error answer, whatever its shape: a JSON error object
/// (<c>{"error": ..., "message": ...}</c>, Crossref's message list), NCBI's <c>&lt;ERROR&gt;</c>,
/// an arXiv error feed, an HTML error page or plain text.
/// </summary>
public static partial class ErrorBodies
{
    private const int MaxLength = 300;

    /// <summary>A one-line description of <paramref name="body"/>; never empty.</summary>
    public static string Describe(string? body, string? mediaType = null)
    {
        var text = body?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "empty answer";
        }

        var described = LooksLikeJson(text, mediaType) ? FromJson(text)
            : LooksLikeHtml(text, mediaType) ? FromHtml(text)
            : text.StartsWith('<') ? FromXml(text)
            : null;
        return Shorten(described ?? FirstLine(text));
    }

    /// <summary>The message of a JSON error object, or null when the JSON says nothing recognisable.</summary>
    public static string? FromJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The message of a JSON error object, or null.</summary>
    public static string? FromJson(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.String)
        {
            return root.GetString();
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var name in (string[])["error", "errMsg", "message", "detail", "description", "title"])
        {
            if (root.TryGetProperty(name, out var value) && MessageOf(value) is { Length: > 0 } message && !parts.Contains(message))
            {
                parts.Add(message);
            }
        }

        return parts.Count == 0 ? null : string.Join(": ", parts);
    }

    /// <summary>The text of NCBI's <c>&lt;ERROR&gt;</c> element anywhere in <paramref name="root"/>, or null.</summary>
    public static string? NcbiError(XElement root)
    {
        var error = root.Name.LocalName == "ERROR" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "ERROR");
        return error is null ? null : Markup.CollapseWhitespace(error.Value) is { Length: > 0 } message ? message : "error without a message";
    }

    /// <summary>The summary of an arXiv error feed entry (title "Error"), or null when the feed holds none.</summary>
    public static string? ArxivError(XElement feed)
    {
        var error = feed.Elements().Where(e => e.Name.LocalName == "entry").FirstOrDefault(entry =>
            entry.Elements().Any(e => e.Name.LocalName == "title" && e.Value.Trim().Equals("Error", StringComparison.OrdinalIgnoreCase))
            || entry.Elements().Any(e => e.Name.LocalName == "id" && e.Value.Contains("/api/errors", StringComparison.Ordinal)));
        if (error is null)
        {
            return null;
        }

        var summary = error.Elements().FirstOrDefault(e => e.Name.LocalName == "summary")?.Value;
        return Markup.CollapseWhitespace(summary) is { Length: > 0 } message ? message : "arXiv returned an error feed";
    }

    private static string? MessageOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()?.Trim(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Object => FromJson(value),
        JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Select(MessageOf).Where(m => !string.IsNullOrEmpty(m))),
        _ => null,
    };

    private static string? FromHtml(string text)
    {
        foreach (var pattern in (Regex[])[HtmlTitle(), HtmlHeading()])
        {
            var match = pattern.Match(text);
            if (match.Success && Markup.ToPlainText(match.Groups["text"].Value) is { Length: > 0 } found)
            {
                return $"an HTML page: {Markup.CollapseWhitespace(found)}";
            }
        }

        return Markup.ToPlainText(text) is { Length: > 0 } plain ? $"an HTML page: {FirstLine(plain)}" : "an HTML page";
    }

    private static string? FromXml(string text)
    {
        try
        {
            var root = SafeXml.Parse(text).Root;
            if (root is null)
            {
                return null;
            }

            return NcbiError(root) ?? ArxivError(root) ?? (Markup.ToPlainText(root) is { Length: > 0 } plain ? $"<{root.Name.LocalName}>: {FirstLine(plain)}" : null);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static bool LooksLikeJson(string text, string? mediaType) =>
        mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || text[0] is '{' or '[';

    private static bool LooksLikeHtml(string text, string? mediaType) =>
        mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    private static string Shorten(string text)
    {
        var line = Markup.CollapseWhitespace(text);
        return line.Length <= MaxLength ? line : line[..MaxLength] + "…";
    }

    [GeneratedRegex(@"<title[^>]*>(?<text>.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlTitle();

    [GeneratedRegex(@"<h1[^>]*>(?<text>.*?)</h1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlHeading();
}
