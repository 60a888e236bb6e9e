using System.Text.Json;
using CoScientist.Durability.Tests.Infrastructure;
using CoScientist.Core.Runs;

namespace CoScientist.Durability.Tests;

/// <summary><c>cosci run --storage</c>, <c>start</c>, <c>status</c>, <c>resume</c> and <c>export</c> on Azurite, and their errors.</summary>
[Trait("Category", "Integration")]
public sealed class StorageCommandsTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_WithStorage_LeavesTheRunsProposalsReviewsAndMatchesInTheTables()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);

        var (exit, output, error) = await storage.CosciAsync("run", "--goal", SharedStorageRun.Goal, "--max-proposals", "6", "--seed", "3", "--json");

        Assert.True(exit == 0, error);
        using var summary = JsonDocument.Parse(output);
        var runId = summary.RootElement.GetProperty("runId").GetString()!;
        Assert.Equal("completed", summary.RootElement.GetProperty("status").GetString());
        var stored = await RunAudit.AssertIntactAsync(storage.Store, runId, Ct);
        Assert.Equal(summary.RootElement.GetProperty("proposals").GetInt32(), stored.Proposals.Count);
        Assert.Equal(summary.RootElement.GetProperty("matches").GetInt32(), stored.Matches.Count);
        Assert.NotEmpty(stored.Reviews);
    }

    [Fact]
    public async Task Status_GoalWithTerminalEscapes_IsPrintedWithTheEscapesVisible()
    {
        // Stored before the input rules refused such text, or written by another tool: status must still not pass it on.
        var storage = new SharedStorageRun(azurite.ConnectionString);
        var runId = await storage.StartAsync(proposals: 4, seed: 1);
        await storage.Store.MutateRunAsync(runId, r => r with { Goal = r.Goal with { Text = "Slow fibrosis\u001b]0;owned\u0007\u001b[2J\u009b31m\u202Egnp.exe\nsecond line" } }, Ct);

        var (exit, output, error) = await storage.CosciAsync("status", runId);

        Assert.True(exit == 0, error);
        Assert.Contains("goal: Slow fibrosis\\u001B]0;owned\\u0007\\u001B[2J\\u009B31m\\u202Egnp.exe\\nsecond line", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output, c => char.IsControl(c) && c != '\n' && c != '\r');
        Assert.DoesNotContain('\u202E', output);
    }

    [Fact]
    public async Task StartStatusResumeExport_WorkARunToItsEnd_AndExportMatchesTheFormatOfRunOut()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);
        var runId = await storage.StartAsync(proposals: 6, seed: 8);

        var pending = await storage.StatusAsync(runId);
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(0, pending.GetProperty("proposals").GetInt32());

        var resumed = await storage.CosciAsync("resume", runId, "--json");
        Assert.True(resumed.Exit == 0, resumed.Error);
        var done = await storage.StatusAsync(runId);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("agents").GetProperty("Ranking").GetProperty("completed").GetInt32() > 0);
        Assert.True(done.GetProperty("costUsd").GetDecimal() > 0);

        var exported = Directory.CreateTempSubdirectory("cosci-export-").FullName;
        var fromRun = Directory.CreateTempSubdirectory("cosci-run-").FullName;
        try
        {
            var export = await storage.CosciAsync("export", runId, "--out", exported);
            Assert.True(export.Exit == 0, export.Error);
            var run = await storage.CosciAsync("run", "--goal", SharedStorageRun.Goal, "--max-proposals", "6", "--seed", "8", "--json", "--out", fromRun);
            Assert.True(run.Exit == 0, run.Error);

            // Same files, same JSON shape; and the same seed gave the same run.
            Assert.Equal(Files(fromRun), Files(exported));
            using var a = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(exported, "run.json"), Ct));
            using var b = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(fromRun, "run.json"), Ct));
            Assert.Equal(Names(b.RootElement), Names(a.RootElement));
            foreach (var part in new[] { "proposals", "reviews", "matches", "metaReviews", "tasks" })
            {
                Assert.True(a.RootElement.GetProperty(part).GetArrayLength() > 0, $"{part} is empty");
            }

            var match = a.RootElement.GetProperty("matches")[0];
            foreach (var rating in new[] { "ratingABefore", "ratingBBefore", "ratingAAfter", "ratingBAfter" })
            {
                Assert.True(match.GetProperty(rating).GetDouble() > 0, rating);
            }

            Assert.Equal(
                b.RootElement.GetProperty("ranking").EnumerateArray().Select(r => r.GetProperty("proposal").GetProperty("title").GetString()),
                a.RootElement.GetProperty("ranking").EnumerateArray().Select(r => r.GetProperty("proposal").GetProperty("title").GetString()));
        }
        finally
        {
            Directory.Delete(exported, recursive: true);
            Directory.Delete(fromRun, recursive: true);
        }
    }

    [Fact]
    public async Task Resume_OfAPausedRun_ResumesItAndWorksItToTheEnd()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);
        var runId = await storage.StartAsync(proposals: 4, seed: 1);
        await storage.Store.MutateRunAsync(runId, r => r with { Status = RunStatus.Paused }, Ct);

        var (exit, output, error) = await storage.CosciAsync("resume", runId, "--json");

        Assert.True(exit == 0, error);
        Assert.Contains("\"status\": \"completed\"", output, StringComparison.Ordinal);
        await RunAudit.AssertIntactAsync(storage.Store, runId, Ct);
    }

    [Theory]
    [InlineData("status", "No run with id 'run-nope'.")]
    [InlineData("resume", "No run with id 'run-nope'.")]
    [InlineData("export", "export needs --out DIR")]
    public async Task CommandsOnAnUnknownRun_OrWithoutTheirOptions_AreOneLineUsageErrors(string command, string message)
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);

        var (exit, output, error) = await storage.CosciAsync(command, "run-nope");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Export_OfAnUnknownRun_WritesNothing()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);
        var target = Path.Combine(Path.GetTempPath(), "cosci-export-" + Guid.NewGuid().ToString("N"));

        var (exit, _, error) = await storage.CosciAsync("export", "run-nope", "--out", target);

        Assert.Equal(2, exit);
        Assert.Contains("No run with id 'run-nope'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    private static string[] Files(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal)];

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
