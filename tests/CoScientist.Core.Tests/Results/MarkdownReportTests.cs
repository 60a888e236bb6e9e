using System.Net;
using System.Text.RegularExpressions;
using CoScientist.Core.Literature;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Results;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Tests.Fakes;
using Markdig;

namespace CoScientist.Core.Tests.Results;

/// <summary>
/// Text from outside, wherever it enters the Markdown the product writes (overview, proposal pages, Specific Aims,
/// the run export), stays text once a renderer that allows raw HTML and autolinks turns it into HTML: no
/// javascript:, data: or vbscript: link, no image, no markup; only http, https, mailto and relative links live.
/// </summary>
public sealed partial class MarkdownReportTests
{
    private const string Marker = "HOSTILE";

    /// <summary>Every trick at once, on several lines: links, images, autolinks, reference definitions, raw HTML, entities.</summary>
    private const string Payload = Marker + " [click](javascript:alert(1)) ![pixel](https://tracker.example/p.png) <javascript:alert(2)>"
        + " <script>alert(3)</script> <img src=x onerror=alert(4)> [d](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:msgbox(5))"
        + " [e](java&#x09;script:alert(6)) [f](<javascript:alert(7)>) ftp://files.example/x tel:+123 \\[g](javascript:alert(8))"
        + " ` <img src=y> `` | cell |\n[x][ref] ![y][ref]\n\n[ref]: javascript:alert(9)\n<iframe src=\"javascript:alert(10)\"></iframe>\n"
        + "<a href=\"javascript:alert(11)\">a</a> [ok](https://example.org/fine) <vbscript:msgbox(12)>";

    // A permissive renderer, as a Markdown viewer may be: raw HTML passed through, bare URLs linked.
    private static readonly MarkdownPipeline Permissive = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static TheoryData<string> Places() =>
    [
        "goal", "stop reason", "summary", "area title", "area description", "suggested experiment", "open question", "collaborator",
        "title", "statement", "background", "unmet need", "solution", "goal item", "hypothesis", "reasoning", "study step",
        "article title", "article url", "removed citation", "review summary", "status reason", "parent id",
        "new article title", "new article url", "aims title", "aims introduction", "aim", "aims impact",
    ];

    [Theory]
    [MemberData(nameof(Places))]
    public async Task Export_HostileTextInOnePlace_NoUnsafeLinkImageOrMarkupWhenRendered(string place)
    {
        var export = await ExportAsync(place);

        var markdown = Everything(export);
        var html = Markdown.ToHtml(markdown, Permissive);

        Assert.Contains(Marker, html, StringComparison.Ordinal);
        foreach (Match attribute in UrlAttribute().Matches(html))
        {
            var url = WebUtility.HtmlDecode(attribute.Groups["url"].Value);
            Assert.True(attribute.Groups["name"].Value == "href" && IsSafe(url), $"{place}: {attribute.Value} survived");
        }

        Assert.DoesNotMatch(Markup(), html);
    }

    [Fact]
    public void ExternalLink_WebUrlWithParenthesesAndEntities_StaysOneLiveLinkToTheSameUrl()
    {
        var markdown = MarkdownText.ExternalLink("A [paper]", "https://example.org/a_(b)?x=1&amp=2 ");

        var html = Markdown.ToHtml(markdown, Permissive);

        Assert.Equal("<p><a href=\"https://example.org/a_(b)?x=1&amp;amp=2\">A [paper]</a></p>\n", html);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData(" JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("javascript&#58;alert(1)")]
    [InlineData("file:///etc/passwd")]
    public void ExternalLink_NotAWebUrl_ShownAsText(string url)
    {
        var html = Markdown.ToHtml(MarkdownText.ExternalLink("Paper", url), Permissive);

        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
        Assert.StartsWith("<p>Paper (", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_TextWithBackticks_StaysOneCodeSpan()
    {
        var html = Markdown.ToHtml("- " + MarkdownText.Code("PMID `` <img src=x> ` 1"), Permissive);

        Assert.Equal("<ul>\n<li><code>PMID `` &lt;img src=x&gt; ` 1</code></li>\n</ul>\n", html);
    }

    private static string Everything(RunExport export) =>
        string.Join("\n\n---\n\n", [MarkdownReport.Overview(export), .. export.Ranking.Select(r => MarkdownReport.Proposal(r, export)), .. export.SpecificAims.Select(MarkdownReport.SpecificAims)]);

    private static bool IsSafe(string url)
    {
        if (!url.Contains(':', StringComparison.Ordinal))
        {
            return url.StartsWith("proposals/", StringComparison.Ordinal);
        }

        return url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("mailto:", StringComparison.Ordinal);
    }

    private static async Task<RunExport> ExportAsync(string place)
    {
        string In(string name, string honest) => name == place ? Payload : honest;
        var builder = new RunBuilder(TestData.Run(plan: TestData.SafePlan, round: 4, status: RunStatus.Completed) with
        {
            Goal = new ResearchGoal(In("goal", TestData.GoalText), [], [], null),
            StopReason = In("stop reason", "All matches were played."),
        });
        builder.Task(TestData.Task("r001-plan-01", CoScientist.Core.Messaging.TaskKind.Plan, 1));
        builder.Proposal(TestData.Proposal("P-a") with
        {
            Title = In("title", "Losartan for NASH"),
            Statement = In("statement", "It works."),
            Background = In("background", "Known."),
            UnmetNeed = In("unmet need", "Patients."),
            ProposedSolution = In("solution", "Give it."),
            Goals = [In("goal item", "Show it.")],
            TestableHypotheses = [In("hypothesis", "It lowers fibrosis.")],
            Reasoning = In("reasoning", "Because."),
            StudySteps = [In("study step", "Dose mice.")],
            ParentIds = [In("parent id", "P-z")],
            Articles = [new ArticleReference("pmid:1", In("article title", "Losartan in NASH"), In("article url", "https://pubmed.ncbi.nlm.nih.gov/1/"), "pubmed")],
            RemovedCitations = [new RemovedCitation(In("removed citation", "PMID 31415926"), "background", CitationChecker.NotRetrieved)],
        });
        builder.Review(TestData.Review("init-P-a", "P-a"));
        builder.Review(TestData.Review("full-a", "P-a", kind: ReviewKind.Full, round: 2) with { Summary = In("review summary", "Sound.") });
        builder.Entrant("P-b");
        builder.Proposal(TestData.Proposal("P-c"));
        builder.Review(TestData.Review("init-P-c", "P-c", verdict: ReviewVerdict.Reject, rejection: RejectionReason.Incorrect) with { Summary = In("status reason", "Wrong mechanism.") });
        builder.Match(TestData.Match("r002-match-01", "P-a", "P-b", "P-a", round: 2));
        var overview = new ResearchOverview
        {
            RunId = "run-1",
            Summary = In("summary", "Where things stand."),
            Areas = [new ResearchArea(In("area title", "Angiotensin"), In("area description", "Blockers."), ["P-a"], [In("suggested experiment", "Mice.")])],
            OpenQuestions = [In("open question", "Which dose?")],
            PossibleCollaborators = [In("collaborator", "A hepatologist")],
            NewLiterature =
            [
                new LiteratureUpdate(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1),
                    [new NewLiteratureArticle(new ArticleReference("pmid:3", In("new article title", "New paper"), In("new article url", "https://example.org/3"), "pubmed"), 2026, ["P-a"])],
                    ["P-a"], []),
            ],
        };
        var aims = new SpecificAimsPage("P-a", In("aims title", "Losartan aims"), In("aims introduction", "Intro."),
            [new SpecificAim(In("aim", "Aim 1"), "H.", "A.", "E.")], In("aims impact", "Impact."), Simulated: false);
        return RunExport.From(await builder.SnapshotAsync(), overview, [aims]);
    }

    [GeneratedRegex(@"\b(?<name>href|src|action|formaction|srcset|poster|data)\s*=\s*""(?<url>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttribute();

    [GeneratedRegex(@"<(?!/?(?:p|a|em|strong|code|ul|ol|li|h[1-6]|table|thead|tbody|tr|th|td|hr|blockquote|br|del|sup|sub)\b)[a-z]", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();
}
