using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Literature;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Results;
using CoScientist.Core.Reviews;

namespace CoScientist.Core.Tests.Results;

public sealed class LiteratureReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RemovedCitation Invented = new("PMID 31415926", "background", CitationChecker.NotRetrieved);

    private static async Task<RunExport> ExportAsync(bool unsafeB = false)
    {
        var builder = RunBuilder.Planned().Entrants("P-a", "P-b");
        builder.Proposal(TestData.Proposal("P-a") with
        {
            Articles = [new ArticleReference("pmid:1", "Losartan in NASH", "https://pubmed.ncbi.nlm.nih.gov/1/", "pubmed")],
            RemovedCitations = [Invented],
        });
        builder.Proposal(TestData.Proposal("P-b") with { RemovedCitations = [Invented with { Reference = "PMID 27182818" }] });
        builder.Review(TestData.Review("full-a", "P-a", kind: ReviewKind.Full, round: 2) with
        {
            Articles = [new ArticleReference("pmid:2", "AT1R trial", null, "pubmed")],
            RemovedCitations = [new RemovedCitation("Nakamura et al., 2019", "summary", CitationChecker.NotRetrieved)],
        });
        if (unsafeB)
        {
            builder.Review(TestData.Review("full-b", "P-b", kind: ReviewKind.Full, round: 2, rejection: RejectionReason.Unsafe, verdict: ReviewVerdict.Reject) with
            {
                RemovedCitations = [new RemovedCitation("PMID 999", "summary", CitationChecker.NotRetrieved)],
            });
        }

        var store = await builder.SaveAsync();
        await store.TryAddLiteratureAsync(new RetrievedArticle { RunId = "run-1", Article = FakeLiterature.Article("pmid:1") with { Source = "pubmed" }, FoundBy = "r002-generate-01", Round = 2 }, Ct);
        await store.TryAddLiteratureAsync(new RetrievedArticle { RunId = "run-1", Article = FakeLiterature.Article("pmid:3") with { Source = "pubmed" }, FoundBy = "scan-1", ScanId = "scan-1", Round = 3, BearsOn = ["P-a"] }, Ct);
        var overview = new ResearchOverview
        {
            RunId = "run-1",
            Summary = "Where things stand.",
            NewLiterature =
            [
                new LiteratureUpdate(
                    new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero),
                    new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero),
                    [
                        new NewLiteratureArticle(new ArticleReference("pmid:3", "Title of pmid:3", "https://example.org/pmid:3", "pubmed"), 2026, ["P-a"]),
                        new NewLiteratureArticle(new ArticleReference("pmid:4", "A new direction", null, "pubmed"), null, []),
                    ],
                    ["P-a"],
                    ["P-c"]),
            ],
        };
        var snapshot = await CoScientist.Core.Supervisor.RunSnapshot.LoadAsync(store, "run-1", cancellationToken: Ct);
        return RunExport.From(snapshot, overview, [], await store.ListLiteratureAsync("run-1", Ct));
    }

    [Fact]
    public async Task Overview_NewLiteratureSection_ListsThePapersWhatTheyBearOnAndWhatWasDone()
    {
        var export = await ExportAsync();

        var markdown = MarkdownReport.Overview(export);

        var a = export.Ranking.Single(r => r.Proposal.Id == "P-a");
        var link = $"[{a.Proposal.Title}](proposals/{MarkdownReport.FileName(a)})";
        Assert.Contains("## New literature since 2025-03-01\n\nA literature scan on 2026-06-01 found 2 new article(s).\n\n", markdown, StringComparison.Ordinal);
        Assert.Contains($"- [Title of pmid:3](https://example.org/pmid:3) (pmid:3) (2026): bears on {link}\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- A new direction (pmid:4): bears on none of the leading proposals\n", markdown, StringComparison.Ordinal);
        Assert.Contains($"Re-reviewed with the new articles: {link}.", markdown, StringComparison.Ordinal);
        Assert.Contains("New proposals from the direction they open: P-c.", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("## Summary", StringComparison.Ordinal) < markdown.IndexOf("## New literature since", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Overview_SaysWhatWasRetrievedAndHowManyCitationsTheCheckRemoved()
    {
        var markdown = MarkdownReport.Overview(await ExportAsync());

        Assert.Contains("**Literature:** 2 articles retrieved for this run (2 pubmed); proposals and reviews cite only these.", markdown, StringComparison.Ordinal);
        Assert.Contains("**Citation check:** 3 reference(s) naming no article retrieved for this run were removed", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proposal_ListsItsArticlesAndTheCitationsRemoved_AndEachReviews()
    {
        var export = await ExportAsync();
        var ranked = export.Ranking.Single(r => r.Proposal.Id == "P-a");

        var page = MarkdownReport.Proposal(ranked, export);

        Assert.Contains("## Relevant articles\n\n- [Losartan in NASH](https://pubmed.ncbi.nlm.nih.gov/1/) (pmid:1)\n", page, StringComparison.Ordinal);
        Assert.Contains("## Citations removed\n\n- `PMID 31415926` in background: not among the articles retrieved for this run\n", page, StringComparison.Ordinal);
        Assert.Contains("Articles: AT1R trial (pmid:2)\n", page, StringComparison.Ordinal);
        Assert.Contains("Citations removed: `Nakamura et al., 2019` in summary: not among the articles retrieved for this run\n", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_CarriesEveryRetrievedArticle_AndWithholdsAnUnsafeProposalsRemovedCitations()
    {
        var export = await ExportAsync(unsafeB: true);

        Assert.Equal(["pmid:1", "pmid:3"], export.Literature!.Select(r => r.Article.Id));
        Assert.Equal("scan-1", export.Literature![1].ScanId);
        Assert.Empty(export.Proposals.Single(p => p.Id == "P-b").RemovedCitations);
        Assert.Empty(export.Reviews.Single(r => r.Id == "full-b").RemovedCitations);
        Assert.Contains("**Citation check:** 2 reference(s)", MarkdownReport.Overview(export), StringComparison.Ordinal);
    }
}
