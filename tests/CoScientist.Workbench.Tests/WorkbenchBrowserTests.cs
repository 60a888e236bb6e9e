using System.Text.Json;
using CoScientist.Workbench.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoScientist.Workbench.Tests;

/// <summary>
/// The workbench in a real headless Chromium against a real <c>cosci serve</c> on Azurite: a scientist
/// starts a simulated run from the form, watches it, steers it, reads a proposal and downloads the results.
/// </summary>
[Trait("Category", "Browser")]
public sealed class WorkbenchBrowserTests(Chromium chromium, AzuriteFixture azurite)
{
    // Markup in the goal must show as text, never as an element.
    private const string Goal = "Propose drugs approved for other indications that could be repurposed to treat <em>acute myeloid leukemia</em>";

    private static readonly ViewportSize Laptop = new() { Width = 1366, Height = 860 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Workbench_SimulatedRunFromTheForm_IsWatchedSteeredReadAndDownloaded()
    {
        await using var server = await ServeProcess.StartAsync(azurite.ConnectionString, latencyMs: 120, cancellationToken: Ct);
        await using var context = await chromium.NewContextAsync(Laptop);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(server.Url + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs", Exact = true })).ToBeVisibleAsync();

        // 1. The start form: the estimate comes first, then the run.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Start a run" }).ClickAsync();
        await page.GetByLabel("Research goal").FillAsync(Goal);
        await page.GetByLabel("Preferences").FillAsync("favour approved drugs");
        await page.GetByLabel("Max proposals").FillAsync("10");
        await page.GetByLabel("Seed").FillAsync("1");
        // Literature off for this run: the agents read only its attached context.
        var literature = page.GetByLabel("Search the literature");
        await Expect(literature).ToBeCheckedAsync();
        await literature.UncheckAsync();
        var start = page.GetByRole(AriaRole.Button, new() { Name = "Start the run" });
        await Expect(start).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate cost" }).ClickAsync();
        await Expect(page.GetByTestId("estimate-summary")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"[\d,]+ calls, [\d,]+ tokens .* about \$\d+\.\d{4}"));
        await Expect(start).ToBeEnabledAsync();
        await ScreenshotAsync(page, "new-run-estimate-laptop");
        await start.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#/runs/"));
        var runId = Uri.UnescapeDataString(page.Url.Split("#/runs/")[1]);

        // 2. Live: the simulated label, the goal as text, the leaderboard and the Elo chart filling in while it runs.
        await Expect(page.GetByTestId("simulated-label")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Goal);
        Assert.Equal(0, await page.Locator("h1 em").CountAsync());
        await Expect(page.Locator("#run-literature")).ToHaveTextAsync("off: the attached context only");
        using (var created = JsonDocument.Parse(await ApiAsync(page, $"/api/runs/{runId}")))
        {
            Assert.False(created.RootElement.GetProperty("literature").GetBoolean());
        }

        var chart = page.Locator("#elo-chart");
        await Expect(chart).ToHaveAttributeAsync("data-matches", new System.Text.RegularExpressions.Regex("^[1-9]"), new() { Timeout = 90_000 });
        var statusWhileRanking = await page.Locator("#run-status .badge").TextContentAsync();
        Assert.Contains(statusWhileRanking, new[] { "running", "pending" });
        Assert.True(await page.GetByTestId("leaderboard").Locator("tbody tr").CountAsync() >= 2);
        Assert.NotEqual("0", await chart.GetAttributeAsync("data-series"));

        // 3. Steering: pause, the scientist's proposal, review, feedback, favourite.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(page.Locator("#run-status .badge")).ToHaveTextAsync("paused");

        await page.GetByLabel("Title").FillAsync("Scientist's own: <b>venetoclax</b> with azacitidine");
        await page.GetByLabel("Hypothesis (two or three sentences)").FillAsync("Venetoclax sensitises AML blasts to azacitidine by BCL-2 inhibition; the combination should raise remission rates in older patients.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add proposal" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("it is reviewed and ranked like the others");
        await Expect(page.GetByTestId("leaderboard")).ToContainTextAsync("Scientist's own: <b>venetoclax</b> with azacitidine");

        var target = await page.Locator("#review-proposal option").Last.GetAttributeAsync("value");
        await page.GetByLabel("Proposal", new() { Exact = true }).SelectOptionAsync(target!);
        await page.GetByLabel("Review").FillAsync("The mechanism is plausible but the dosing schedule needs a phase 1 safety run-in.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add review" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync($"added to {target}");

        await page.GetByLabel("Feedback", new() { Exact = true }).FillAsync("Prefer oral drugs.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync();
        await Expect(page.Locator("#run-feedback")).ToContainTextAsync("Prefer oral drugs.");

        var star = page.GetByTestId("leaderboard").Locator("button.fav").First;
        await star.ClickAsync();
        await Expect(page.GetByTestId("leaderboard").Locator("button.fav[aria-pressed=true]")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "run-live-paused-laptop");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await ScreenshotAsync(page, "run-live-paused-phone");
        await page.SetViewportSizeAsync(Laptop.Width, Laptop.Height);

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume", Exact = true }).ClickAsync();
        await Expect(page.Locator("#run-status .badge")).Not.ToHaveTextAsync("paused");
        await Expect(page.Locator("#notice")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Run (running|completed)\.$"));

        // 4. Completion: the overview (sandboxed), the lineage, the set-aside list; the favourite survived.
        await Expect(page.Locator("#run-status .badge")).ToHaveTextAsync("completed", new() { Timeout = 150_000 });
        // The notice the resume left ("Run running.") follows the run: it now says it completed.
        await Expect(page.Locator("#notice")).ToHaveTextAsync("Run completed.");

        // The leaderboard's 95% interval, as the API gives it and cosci shows it (whole Elo points).
        using (var board = JsonDocument.Parse(await ApiAsync(page, $"/api/runs/{runId}/proposals")))
        {
            var leader = board.RootElement.GetProperty("proposals")[0];
            var interval = leader.GetProperty("interval");
            static string Whole(JsonElement e) => Math.Round(e.GetDouble(), MidpointRounding.AwayFromZero).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
            var leaderRow = page.GetByTestId("leaderboard").Locator("tbody tr").First;
            await Expect(page.GetByTestId("leaderboard").Locator("thead th").Nth(4)).ToHaveTextAsync("95% interval");
            await Expect(leaderRow).ToContainTextAsync(leader.GetProperty("title").GetString()!);
            await Expect(leaderRow.Locator("td").Nth(4)).ToHaveTextAsync($"{Whole(interval.GetProperty("low"))}–{Whole(interval.GetProperty("high"))}");
        }

        var overview = page.FrameLocator("iframe.overview-frame");
        await Expect(overview.Locator("body")).ToContainTextAsync(runId, new() { Timeout = 20_000 });
        Assert.Equal("", await page.Locator("iframe.overview-frame").GetAttributeAsync("sandbox"));
        await page.Locator("iframe.overview-frame").ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotDirectory, "overview-laptop.png") });
        await Expect(page.GetByTestId("leaderboard").Locator("button.fav[aria-pressed=true]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("leaderboard")).ToContainTextAsync("scientist");
        // This goal and seed evolve proposals and judge two unsafe (the simulated model is deterministic).
        using var lineage = JsonDocument.Parse(await ApiAsync(page, $"/api/runs/{runId}/lineage"));
        var edges = lineage.RootElement.GetProperty("edges").GetArrayLength();
        Assert.True(edges > 0, "the run evolved no proposal");
        await Expect(page.Locator("#lineage-graph")).ToHaveAttributeAsync("data-edges", $"{edges}");
        await Expect(page.Locator("#lineage-graph canvas").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("lineage-edges").Locator("li")).ToHaveCountAsync(edges);
        using var setAside = JsonDocument.Parse(await ApiAsync(page, $"/api/runs/{runId}/set-aside"));
        var setAsideCount = setAside.RootElement.GetProperty("total").GetInt32();
        Assert.True(setAsideCount > 0, "the run set no proposal aside");
        await Expect(page.GetByTestId("set-aside").Locator("tbody tr")).ToHaveCountAsync(setAsideCount);
        await Expect(page.GetByTestId("set-aside")).ToContainTextAsync("review: reject (unsafe)");
        await Expect(page.GetByTestId("set-aside")).ToContainTextAsync("(withheld: judged unsafe)");

        await ScreenshotAsync(page, "run-completed-laptop");

        // Refused: an ended run can neither pause nor take a proposal; the page says what the API said.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("The run cannot pause.");
        await page.GetByLabel("Title").FillAsync("Too late");
        await page.GetByLabel("Hypothesis (two or three sentences)").FillAsync("After the end.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add proposal" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("The run takes no more input.");

        // 5. Downloads: each file comes with the run's name and its content.
        foreach (var (file, expected) in new[] { ("run.json", "\"ranking\""), ("results.md", "#"), ("citations.bib", ""), ("citations.ris", "") })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download " + file }).ClickAsync());
            Assert.Equal($"{runId}-{file}", download.SuggestedFilename);
            var saved = Path.Combine(Chromium.ScreenshotDirectory, "..", "downloads", download.SuggestedFilename);
            await download.SaveAsAsync(saved);
            var text = await File.ReadAllTextAsync(saved, Ct);
            Assert.Contains(expected, text, StringComparison.Ordinal);
            if (file == "run.json")
            {
                using var json = JsonDocument.Parse(text);
                Assert.Equal(runId, json.RootElement.GetProperty("run").GetProperty("id").GetString());
            }
        }

        // 6. A proposal: sections, reviews with scores, matches with the debate, ratings before and after.
        await page.GetByTestId("leaderboard").Locator("tbody tr").First.Locator("a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Proposal", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("simulated-label")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("review").First).ToContainTextAsync("correctness");
        var match = page.GetByTestId("match").First;
        await match.Locator("summary").ClickAsync();
        await Expect(match).ToContainTextAsync("→");
        await Expect(match.GetByRole(AriaRole.Heading, new() { Name = "Rationale" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("aims").Locator("li")).Not.ToHaveCountAsync(0);
        await ScreenshotAsync(page, "proposal-laptop");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await ScreenshotAsync(page, "proposal-phone");
        await page.SetViewportSizeAsync(Laptop.Width, Laptop.Height);

        // 7. Back to the list: the run with its counts and cost, the goal as text.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Runs" }).ClickAsync();
        var row = page.Locator("tbody tr").Filter(new() { HasText = "acute myeloid leukemia" });
        await Expect(row).ToContainTextAsync("completed");
        await Expect(row).ToContainTextAsync("simulated");
        await Expect(row).ToContainTextAsync("$");
        await Expect(row.Locator("a")).ToHaveTextAsync(Goal);
        await ScreenshotAsync(page, "runs-laptop");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await ScreenshotAsync(page, "runs-phone");

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Workbench_ServerWithApiKey_AsksOnce_AndSendsItAsAHeaderNeverInAUrl()
    {
        const string Key = "workbench-test-key-0123456789";
        await using var server = await ServeProcess.StartAsync(azurite.ConnectionString, latencyMs: 0, apiKey: Key, cancellationToken: Ct);
        await using var context = await chromium.NewContextAsync(Laptop);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var requests = new List<IRequest>();
        page.Request += (_, r) => requests.Add(r);

        await page.GotoAsync(server.Url + "/");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "API key" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Key", Exact = true }).FillAsync("not-the-key-at-all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(dialog.Locator("#key-error")).ToContainTextAsync("does not hold this server's API key");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Key", Exact = true }).FillAsync(Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs", Exact = true })).ToBeVisibleAsync();

        // Asked once: moving around the page does not ask again.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Start a run" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Runs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs", Exact = true })).ToBeVisibleAsync();
        await Expect(dialog).ToBeHiddenAsync();

        Assert.DoesNotContain(requests, r => r.Url.Contains(Key, StringComparison.Ordinal));
        var api = requests.Where(r => r.Url.Contains("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);
        var last = api[^1];
        Assert.Equal(Key, (await last.AllHeadersAsync())["x-api-key"]);
    }

    [Fact]
    public async Task Chromium_Missing_FailsSayingHowToInstallIt()
    {
        var missing = new Chromium("/nonexistent/chromium");
        await missing.InitializeAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => missing.NewContextAsync(Laptop));

        Assert.Contains("scripts/install-chromium.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/chromium", error.Message, StringComparison.Ordinal);
        await missing.DisposeAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Chromium.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.SendDiagnosticMessage($"screenshot: {path}");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
    }

    // Reads the API from inside the page, with whatever key the page holds.
    private static Task<string> ApiAsync(IPage page, string path) =>
        page.EvaluateAsync<string>("async (p) => { const r = await fetch(p, { headers: { 'x-api-key': sessionStorage.getItem('cosci.apiKey') || '' } }); return await r.text(); }", path);
}
