using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Literature;
using CoScientist.Core.Messaging;
using CoScientist.Core.Proposals;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Supervisor;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoScientist.Core.Tests.Literature;

public sealed class LiteratureScanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset ScanTime = new(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);

    // Bears on P-1 (losartan, angiotensin, receptor); shares only goal words with P-2.
    private static readonly Article Losartan = Paper("pmid:900001", "Angiotensin receptor blockade by losartan reverses liver fibrosis", 2026);

    // Bears on no leader: a direction the run has not explored.
    private static readonly Article Senolytics = Paper("pmid:900002", "Senolytic clearance of senescent fibroblasts in liver fibrosis", 2025);

    private readonly RunStore _store = new(new EmbeddedTableStore());
    private readonly FakeTimeProvider _clock = new(ScanTime);
    private readonly RecordingRunOrchestrations _orchestrations = new();
    private readonly FakeLiterature _source = new();

    private static Article Paper(string id, string title, int? year, DateOnly? published = null) =>
        new(id, title, $"{title}. An abstract.", ["A. Author"], year, $"https://pubmed.ncbi.nlm.nih.gov/{id[5..]}/", "pubmed", null, published);

    private LiteratureScan Scan(ILiteratureSourceFactory? factory = null, LiteratureScanOptions? options = null) => new(
        _store,
        _orchestrations,
        factory ?? new SingleLiteratureSourceFactory(_source),
        Options.Create(options ?? new LiteratureScanOptions()),
        Options.Create(new SupervisorOptions()),
        _clock,
        NullLogger<LiteratureScan>.Instance);

    /// <summary>An ended run with scanning on, started 2025-03-01, with two leading proposals and one article retrieved during the run.</summary>
    private async Task<RunRecord> EndedRunAsync(string id = "run-1", bool scanning = true, RunStatus status = RunStatus.Completed, DateTimeOffset? lastScan = null)
    {
        var run = TestData.Run(id: id, plan: TestData.SafePlan, round: 6, status: status) with { Scanning = scanning, LastScanAt = lastScan, Finalizing = true, CompletedAt = TestData.Now.AddHours(1) };
        Assert.True(await _store.TryCreateRunAsync(run, Ct));
        await _store.SaveProposalAsync(TestData.Proposal("P-1", runId: id, title: "Losartan blocks AT1R on stellate cells", statement: "Losartan inhibits angiotensin receptor signalling in hepatic stellate cells."), Ct);
        await _store.SaveProposalAsync(TestData.Proposal("P-2", runId: id, title: "Statins against fibrosis", statement: "Atorvastatin lowers cholesterol synthesis in stellate cells."), Ct);
        await _store.SaveReviewAsync(TestData.Review("init-P-1", "P-1", runId: id), Ct);
        await _store.SaveReviewAsync(TestData.Review("init-P-2", "P-2", runId: id), Ct);
        await _store.SaveMatchAsync(TestData.Match("r003-match-01", "P-1", "P-2", "P-1", round: 3, runId: id), Ct);
        await _store.TryAddLiteratureAsync(new RetrievedArticle { RunId = id, Article = Paper("pmid:800001", "Losartan and angiotensin in fibrosis", 2026), FoundBy = "r002-generate-01", Round = 2 }, Ct);
        return run;
    }

    private async Task<RunRecord> RunOf(string id = "run-1") => (await _store.GetRunAsync(id, Ct))!.Value;

    [Fact]
    public async Task RunAsync_NewerPapers_AreRecordedAndTheRunIsReopenedForAScanRound()
    {
        await EndedRunAsync();
        _source.ForAnyQuery = [Losartan, Senolytics];

        var report = await Scan().RunAsync(Ct);

        var result = Assert.Single(report.Runs);
        Assert.Null(result.Error);
        Assert.True(result.Reopened);
        Assert.Equal(TestData.Now, result.Since);
        Assert.Equal(["pmid:900001", "pmid:900002"], result.NewArticles.Select(a => a.Id));
        Assert.Equal(["P-1"], result.ReviewedProposalIds);
        Assert.Equal(2, result.NewProposals);

        var run = await RunOf();
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.False(run.Finalizing);
        Assert.Null(run.CompletedAt);
        Assert.Equal(ScanTime, run.LastScanAt);
        Assert.Equal(12, run.Budget.MaxProposals);
        var scan = Assert.Single(run.Scans);
        Assert.Equal("scan-20260601-030000", scan.Id);
        Assert.Equal(TestData.Now, scan.Since);
        Assert.Equal(["P-1: pmid:900001"], scan.Reviews.Select(r => $"{r.ProposalId}: {string.Join(", ", r.ArticleIds)}"));
        Assert.Equal(["pmid:900002"], scan.DirectionArticleIds);
        Assert.Null(scan.PlannedRound);

        var found = await _store.GetLiteratureAsync("run-1", "pmid:900001", Ct);
        Assert.Equal(("scan-20260601-030000", 6, ScanTime), (found!.ScanId, found.Round, found.RetrievedAt));
        Assert.Equal(["P-1"], found.BearsOn);
        Assert.Empty((await _store.GetLiteratureAsync("run-1", "pmid:900002", Ct))!.BearsOn);

        // Its last orchestration ended with the run: a new one must plan the scan's round.
        Assert.Equal(["run-1"], _orchestrations.Started);
    }

    [Fact]
    public async Task RunAsync_Twice_TheSecondScanAddsNothing_EvenWithTheSamePapersStillNew()
    {
        await EndedRunAsync();
        _source.ForAnyQuery = [Losartan, Senolytics];
        await Scan().RunAsync(Ct);

        // The scan round ends; the same papers come back, and by year they are still "newer".
        await _store.MutateRunAsync("run-1", r => r with { Status = RunStatus.Completed, Finalizing = true }, Ct);
        var literature = await _store.ListLiteratureAsync("run-1", Ct);
        var starts = _orchestrations.Started.Count;
        _clock.Advance(TimeSpan.FromMinutes(5));

        var again = Assert.Single((await Scan().RunAsync(Ct)).Runs);

        Assert.Empty(again.NewArticles);
        Assert.False(again.Reopened);
        Assert.Equal(2, again.Found);
        Assert.Equal(literature.Count, (await _store.ListLiteratureAsync("run-1", Ct)).Count);
        var run = await RunOf();
        Assert.Single(run.Scans);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(ScanTime.AddMinutes(5), run.LastScanAt);
        Assert.Equal(starts, _orchestrations.Started.Count);
    }

    [Fact]
    public async Task RunAsync_OnlyPapersNewerThanTheLastScanAndUnknownToTheRun_AreNew()
    {
        await EndedRunAsync(lastScan: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        _source.ForAnyQuery =
        [
            Paper("pmid:800001", "Known: retrieved during the run", 2026),
            Paper("pmid:700001", "Published the year before the last scan", 2025),
            Paper("pmid:700002", "No year at all", null),
            Paper("pmid:700003", "Dated before the last scan", 2026, new DateOnly(2026, 2, 1)),
            Paper("pmid:700004", "Dated after the last scan", 2026, new DateOnly(2026, 4, 1)),
            Paper("pmid:700005", "Only a year, the year of the last scan", 2026),
        ];

        var result = Assert.Single((await Scan().RunAsync(Ct)).Runs);

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), result.Since);
        Assert.Equal(["pmid:700004", "pmid:700005"], result.NewArticles.Select(a => a.Id));
        Assert.Null(await _store.GetLiteratureAsync("run-1", "pmid:700001", Ct));
    }

    [Theory]
    [InlineData(2026, null, true)]
    [InlineData(2025, null, false)]
    [InlineData(null, null, false)]
    [InlineData(2026, "2026-01-31", false)]
    [InlineData(2026, "2026-02-01", true)]
    [InlineData(2025, "2026-03-01", true)]
    public void IsNewer_ByDateWhenKnown_ElseByYear(int? year, string? published, bool newer)
    {
        var article = Paper("pmid:1", "t", year, published is null ? null : DateOnly.Parse(published, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(newer, LiteratureScan.IsNewer(article, new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task RunAsync_RunsWithoutScanningOrNotEnded_AreLeftAlone()
    {
        await EndedRunAsync("run-off", scanning: false);
        await EndedRunAsync("run-busy", status: RunStatus.Running);
        await EndedRunAsync("run-failed", status: RunStatus.Failed);
        await EndedRunAsync("run-stopped", status: RunStatus.Stopped);
        _source.ForAnyQuery = [Losartan];

        var report = await Scan().RunAsync(Ct);

        Assert.Equal(["run-stopped"], report.Runs.Select(r => r.RunId));
        Assert.Null((await RunOf("run-off")).LastScanAt);
        Assert.Null(await _store.GetLiteratureAsync("run-busy", Losartan.Id, Ct));
    }

    [Fact]
    public async Task RunAsync_QueriesAreTheGoalThePlanTopicsAndTheLeadersTitles()
    {
        await EndedRunAsync();

        var result = Assert.Single((await Scan().RunAsync(Ct)).Runs);

        Assert.Equal(["slows fibrosis liver", "hepatic stellate", "losartan blocks at1r stellate", "statins fibrosis"], result.Queries);
        Assert.Equal(result.Queries, _source.Queries);
    }

    [Fact]
    public async Task RunAsync_NoLiteratureSource_ScansNothing()
    {
        await EndedRunAsync();

        var report = await Scan(new SingleLiteratureSourceFactory(NoLiterature.Instance)).RunAsync(Ct);

        Assert.Empty(report.Sources);
        Assert.Empty(report.Runs);
        Assert.Null((await RunOf()).LastScanAt);
    }

    [Fact]
    public async Task RunAsync_SourceFails_TheRunIsReportedAndLeftForNextTime()
    {
        await EndedRunAsync();
        await EndedRunAsync("run-2");
        var failing = new FailsFor("hepatic stellate");

        var report = await Scan(new SingleLiteratureSourceFactory(failing)).RunAsync(Ct);

        Assert.Equal(2, report.Failed);
        Assert.All(report.Runs, r => Assert.Contains("down", r.Error, StringComparison.Ordinal));
        Assert.Null((await RunOf()).LastScanAt);
        Assert.Equal(RunStatus.Completed, (await RunOf()).Status);
    }

    [Fact]
    public async Task RunAsync_PapersAnInterruptedScanRecorded_AreHandedToTheRunNextTime()
    {
        await EndedRunAsync();
        await _store.TryAddLiteratureAsync(new RetrievedArticle { RunId = "run-1", Article = Losartan, FoundBy = "scan-20260501-000000", ScanId = "scan-20260501-000000", Round = 6, BearsOn = ["P-1"] }, Ct);

        var result = Assert.Single((await Scan().RunAsync(Ct)).Runs);

        Assert.True(result.Reopened);
        Assert.Empty(_source.Queries);
        var scan = Assert.Single((await RunOf()).Scans);
        Assert.Equal("scan-20260501-000000", scan.Id);
        Assert.Equal(["P-1: pmid:900001"], scan.Reviews.Select(r => $"{r.ProposalId}: {string.Join(", ", r.ArticleIds)}"));
        Assert.Equal(0, scan.NewProposals);
    }

    [Fact]
    public async Task RunAsync_NoNewProposalsWanted_OnlyReviews()
    {
        await EndedRunAsync();
        _source.ForAnyQuery = [Losartan, Senolytics];

        var result = Assert.Single((await Scan(options: new LiteratureScanOptions { NewProposals = 0 }).RunAsync(Ct)).Runs);

        Assert.Equal(0, result.NewProposals);
        Assert.Equal(10, (await RunOf()).Budget.MaxProposals);
    }

    [Fact]
    public async Task Planner_ReopenedRun_PlansTheScanRoundOnce_ThenGoesOnAsUsual()
    {
        await EndedRunAsync();
        await _store.TryAddTaskAsync(TestData.Task("r001-plan-01", TaskKind.Plan, 1), Ct);
        _source.ForAnyQuery = [Losartan, Senolytics];
        await Scan().RunAsync(Ct);
        var snapshot = await RunSnapshot.LoadAsync(_store, "run-1", cancellationToken: Ct);

        var plan = new RoundPlanner(new SupervisorOptions()).Plan(snapshot, ScanTime);

        Assert.Equal("scan-20260601-030000", plan.ScanPlanned);
        Assert.Equal(7, plan.Round);
        Assert.False(plan.Finalizing);
        var review = Assert.Single(plan.Tasks, t => t.Kind == TaskKind.Review);
        Assert.Equal(Reviews.ReviewKind.Full, review.Input.ReviewKind);
        Assert.Equal(["P-1"], review.Input.ProposalIds);
        Assert.Equal(["pmid:900001"], review.Input.ArticleIds);
        var generate = plan.Tasks.Where(t => t.Kind == TaskKind.Generate).ToList();
        Assert.Equal(2, generate.Count);
        Assert.All(generate, t => Assert.Equal(("literature", "pmid:900002"), (t.Input.Strategy, Assert.Single(t.Input.ArticleIds))));
        Assert.Equal(3, plan.Tasks.Count);

        var planned = snapshot.Run with { Scans = [.. snapshot.Run.Scans.Select(s => s with { PlannedRound = 7 })] };
        await _store.UpdateRunAsync(planned, snapshot.RunETag, Ct);
        var next = new RoundPlanner(new SupervisorOptions()).Plan(await RunSnapshot.LoadAsync(_store, "run-1", cancellationToken: Ct), ScanTime);
        Assert.Null(next.ScanPlanned);
        Assert.DoesNotContain(next.Tasks, t => t.Input.ArticleIds.Count > 0);
    }

    private sealed class FailsFor(string query) : ILiteratureSource
    {
        public Task<IReadOnlyList<Article>> SearchAsync(string q, int maxResults, CancellationToken cancellationToken = default) =>
            q == query ? throw new HttpRequestException("the source is down") : Task.FromResult<IReadOnlyList<Article>>([]);
    }
}
