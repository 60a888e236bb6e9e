using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CoScientist.Core.Results;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CoScientist.Api.Rendering;

/// <summary>The overview's Markdown as the API serves it, and as an HTML page.</summary>
public static partial class OverviewHtml
{
    private const string Style = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem}blockquote{border-left:4px solid #e0a000;margin:0;padding:.25rem 1rem;background:#fff8e0}";

    /// <summary>
    /// The page's Content-Security-Policy: no script at all, its one style block by hash, images from
    /// itself only, no forms, no framing. A link that slipped through could still not run anything.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; "
        + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
        var document = Markdown.Parse(markdown, Pipeline);
        DisarmLinks(document);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        var body = writer.ToString();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + $"<title>{WebUtility.HtmlEncode(title)}</title>\n"
            + "<meta name=\"referrer\" content=\"no-referrer\">\n"
            + $"<style>{Style}</style>\n"
            + "</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /// <summary>True for a link destination the page may keep live: the rule of the Markdown reports (<see cref="MarkdownText.IsAllowedLink"/>).</summary>
    public static bool IsAllowedLink(string? url) => MarkdownText.IsAllowedLink(url);

    /// <summary>
    /// Every link and image whose destination is not allowed becomes its text; the links kept open
    /// without handing over this page (<c>noopener</c>, no referrer, which could carry a function key).
    /// </summary>
    private static void DisarmLinks(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (IsAllowedLink(link.Url) && !link.IsImage)
            {
                link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener noreferrer");
                continue;
            }

            // Images too: the page has none of its own, and a remote one would report who read it.
            var child = link.FirstChild;
            while (child is not null)
            {
                var next = child.NextSibling;
                child.Remove();
                link.InsertBefore(child);
                child = next;
            }

            link.Remove();
        }

        // Walked by hand: Descendants<T> skips leaf inlines that sit directly in a paragraph.
        foreach (var autolink in document.Descendants<LeafBlock>().SelectMany(b => Inlines(b.Inline)).OfType<AutolinkInline>().ToList())
        {
            if (IsAllowedLink(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url))
            {
                autolink.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener noreferrer");
                continue;
            }

            autolink.ReplaceBy(new LiteralInline(autolink.Url));
        }
    }

    private static IEnumerable<Inline> Inlines(ContainerInline? container)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            yield return inline;
            if (inline is ContainerInline nested)
            {
                foreach (var inner in Inlines(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"\]\(proposals/\d+-(?<id>[A-Za-z0-9._-]+)\.md\)")]
    private static partial Regex FileLink();
}
