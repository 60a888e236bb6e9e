using System.Net;
using System.Text.RegularExpressions;
using Markdig;

namespace CoScientist.Api.Rendering;

/// <summary>The overview's Markdown as the API serves it, and as an HTML page.</summary>
public static partial class OverviewHtml
{
    // Raw HTML in the Markdown is shown as text, never passed through: the goal and all model
    // output end up in this page, and neither may inject markup or script.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>
    /// The report links proposals as files (<c>proposals/01-P-x.md</c>, as <c>cosci run --out</c> writes them);
    /// served at <c>/api/runs/{id}/overview</c>, <c>proposals/P-x</c> resolves to the proposal's resource.
    /// </summary>
    public static string ForApi(string markdown) => FileLink().Replace(markdown, "](proposals/${id})");

    public static string Page(string markdown, string title)
    {
        var body = Markdown.ToHtml(markdown, Pipeline);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + $"<title>{WebUtility.HtmlEncode(title)}</title>\n"
            + "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
            + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem}blockquote{border-left:4px solid #e0a000;margin:0;padding:.25rem 1rem;background:#fff8e0}</style>\n"
            + "</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    [GeneratedRegex(@"\]\(proposals/\d+-(?<id>[A-Za-z0-9._-]+)\.md\)")]
    private static partial Regex FileLink();
}
