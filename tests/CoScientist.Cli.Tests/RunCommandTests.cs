using System.Text.Json;

namespace CoScientist.Cli.Tests;

public sealed class RunCommandTests
{
    private const string Goal = "Propose drugs approved for other indications that could be repurposed to treat acute myeloid leukemia";

    [Fact]
    public async Task Run_Json_PrintsSummaryWithEveryAgentAndWritesResults()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "cosci-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, stdout, stderr) = await CliRunner.InvokeAsync("run", "--goal", Goal, "--model", "simulated", "--max-proposals", "10", "--seed", "3", "--json", "--out", outDir);

            Assert.True(exit == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            Assert.Equal("completed", root.GetProperty("status").GetString());
            Assert.True(root.GetProperty("simulated").GetBoolean());
            Assert.StartsWith("run-", root.GetProperty("runId").GetString(), StringComparison.Ordinal);
            Assert.Equal(10, root.GetProperty("proposals").GetInt32());
            Assert.True(root.GetProperty("matches").GetInt32() > 10);
            var agents = root.GetProperty("agents").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            Assert.Equal(["Evolution", "Generation", "MetaReview", "Proximity", "Ranking", "Reflection", "Supervisor"], agents.Keys.Order());
            Assert.All(agents, a => Assert.True(a.Value > 0, $"{a.Key} did nothing"));
            var top = root.GetProperty("top").EnumerateArray().ToList();
            Assert.NotEmpty(top);
            Assert.True(top[0].GetProperty("elo").GetDouble() > top[^1].GetProperty("elo").GetDouble());
            Assert.All(top, t =>
            {
                var interval = t.GetProperty("interval");
                Assert.True(interval.GetProperty("low").GetDouble() < interval.GetProperty("rating").GetDouble());
                Assert.True(interval.GetProperty("high").GetDouble() > interval.GetProperty("rating").GetDouble());
            });
            Assert.True(root.GetProperty("tokens").GetInt64() > 0);
            Assert.True(root.GetProperty("costUsd").GetDecimal() > 0);

            Assert.Contains("Simulated output", await File.ReadAllTextAsync(Path.Combine(outDir, "overview.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "proposals"), "*.md"));
            using var export = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "run.json"), TestContext.Current.CancellationToken));
            Assert.Equal(root.GetProperty("matches").GetInt32(), export.RootElement.GetProperty("matches").GetArrayLength());
            // run.json: an interval per ranked proposal, wider for those with fewer games.
            var ranking = export.RootElement.GetProperty("ranking").EnumerateArray()
                .Select(r => (Games: r.GetProperty("games").GetInt32(), Width: r.GetProperty("interval").GetProperty("high").GetDouble() - r.GetProperty("interval").GetProperty("low").GetDouble()))
                .ToList();
            var fewest = ranking.MinBy(r => r.Games);
            var most = ranking.MaxBy(r => r.Games);
            Assert.True(fewest.Games == most.Games || fewest.Width > most.Width, $"{fewest} vs {most}");
            Assert.Contains("| Rank | Elo | 95% interval |", await File.ReadAllTextAsync(Path.Combine(outDir, "overview.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
            var firstMatch = export.RootElement.GetProperty("matches")[0];
            Assert.Equal(1200, firstMatch.GetProperty("ratingABefore").GetDouble());
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Run_WithoutAnyLlmConfigured_UsesSimulatedModelAndSaysSo()
    {
        var (exit, stdout, stderr) = await CliRunner.InvokeAsync("run", "--goal", Goal, "--max-proposals", "4", "--json");

        Assert.Equal(0, exit);
        Assert.Contains("simulated model", stderr, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("simulated").GetBoolean());
    }

    [Fact]
    public async Task Run_WithoutJson_PrintsLeaderboardTable()
    {
        var (exit, stdout, _) = await CliRunner.InvokeAsync("run", "--goal", Goal, "--max-proposals", "4", "--model", "simulated");

        Assert.Equal(0, exit);
        Assert.Contains("completed", stdout, StringComparison.Ordinal);
        Assert.Contains("Elo", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnsafeGoal_ExitsOneWithTheRefusal()
    {
        var (exit, _, stderr) = await CliRunner.InvokeAsync("run", "--goal", "Make a nerve agent more persistent", "--model", "simulated", "--max-proposals", "4", "--json");

        Assert.Equal(ExitCodes.RunFailed, exit);
        Assert.Contains("refused", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty goal", "the research goal is empty", "run", "--goal", "   ")]
    [InlineData("no goal", "a research goal is required", "run")]
    [InlineData("both goals", "either --goal or --goal-file", "run", "--goal", "x", "--goal-file", "/tmp/x")]
    [InlineData("missing goal file", "cannot read the goal file", "run", "--goal-file", "/nonexistent/goal.md")]
    [InlineData("zero budget", "--budget-usd must be more than 0 and at most 1000 (got 0)", "run", "--goal", "g", "--budget-usd", "0")]
    [InlineData("negative budget", "--budget-usd must be more than 0 and at most 1000 (got -5)", "run", "--goal", "g", "--budget-usd", "-5")]
    [InlineData("budget over the server maximum", "--budget-usd must be more than 0 and at most 1000 (got 5000). That is more than this server's maximum, set by RunLimits:MaxBudgetUsd.", "run", "--goal", "g", "--budget-usd", "5000")]
    [InlineData("matches over the server maximum", "--max-matches must be between 1 and 5000 (got 100000). That is more than this server's maximum, set by RunLimits:MaxMatches.", "run", "--goal", "g", "--max-matches", "100000")]
    [InlineData("tokens over the server maximum", "--max-tokens must be at most 200000000 (got 999999999999). That is more than this server's maximum, set by RunLimits:MaxTokens.", "run", "--goal", "g", "--max-tokens", "999999999999")]
    [InlineData("estimate over the server maximum", "RunLimits:MaxProposals", "estimate", "--goal", "g", "--max-proposals", "501")]
    [InlineData("zero proposals", "--max-proposals must be between", "run", "--goal", "g", "--max-proposals", "0")]
    [InlineData("negative matches", "--max-matches must be between 1 and 5000 (got -1)", "run", "--goal", "g", "--max-matches", "-1")]
    [InlineData("zero tokens", "--max-tokens must be positive", "run", "--goal", "g", "--max-tokens", "0")]
    [InlineData("unknown model", "unknown model 'gpt-17'", "run", "--goal", "g", "--model", "gpt-17")]
    [InlineData("not a number", "max-proposals", "run", "--goal", "g", "--max-proposals", "many")]
    [InlineData("azure without endpoint", "Llm:Endpoint", "run", "--goal", "g", "--model", "azure-openai")]
    [InlineData("openai without model", "Llm:Model", "run", "--goal", "g", "--model", "openai")]
    [InlineData("estimate unknown model", "unknown model", "estimate", "--goal", "g", "--model", "nope")]
    [InlineData("unknown option", "--frobnicate", "run", "--goal", "g", "--frobnicate")]
    public async Task Run_BadInput_ExitsTwoWithOneLineNamingTheProblem(string scenario, string expected, params string[] args)
    {
        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(args);

        Assert.True(exit == ExitCodes.Usage, $"{scenario}: exit {exit}, stderr: {stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Run_MisspelledProviderSetting_ExitsTwoNamingTheSetting()
    {
        var (exit, _, stderr) = await CliRunner.InvokeAsync(new Dictionary<string, string?> { ["Llm:Provider"] = "azzure" }, "run", "--goal", "g");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("'Llm:Provider'", stderr, StringComparison.Ordinal);
        Assert.Contains("'azzure' is not a model provider: use simulated, azure-openai, openai", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Run_EmptyGoalFile_ExitsTwo()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (exit, _, stderr) = await CliRunner.InvokeAsync("run", "--goal-file", file);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("is empty", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Run_SecretsInSettings_NeverAppearInOutput()
    {
        var settings = new Dictionary<string, string?> { ["Llm:ApiKey"] = "sk-very-secret-value", ["Llm:Endpoint"] = "https://example.openai.azure.com/" };
        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(settings, "run", "--goal", "g", "--model", "azure-openai");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.DoesNotContain("sk-very-secret-value", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AsProcess_SameSeedGivesSameTop_AndBadInputExitsNonZero()
    {
        var first = await CliRunner.RunProcessAsync("run", "--goal", Goal, "--model", "simulated", "--max-proposals", "6", "--seed", "5", "--json");
        var second = await CliRunner.RunProcessAsync("run", "--goal", Goal, "--model", "simulated", "--max-proposals", "6", "--seed", "5", "--json");
        var bad = await CliRunner.RunProcessAsync("run", "--goal", "");

        Assert.True(first.Exit == 0, first.Error);
        static string Top(string json) => JsonDocument.Parse(json).RootElement.GetProperty("top").GetRawText();
        Assert.Equal(Top(first.Out), Top(second.Out));
        Assert.Equal(ExitCodes.Usage, bad.Exit);
        Assert.StartsWith("error: ", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoBudgetGiven_RunsWithTheServerDefaultsVisibleInRunJson()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "cosci-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var settings = new Dictionary<string, string?> { ["RunLimits:DefaultBudgetUsd"] = "3.5", ["RunLimits:DefaultMaxTokens"] = "4000000" };
            var (exit, _, stderr) = await CliRunner.InvokeAsync(settings, "run", "--goal", Goal, "--model", "simulated", "--max-proposals", "4", "--json", "--out", outDir);

            Assert.True(exit == 0, stderr);
            using var export = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "run.json"), TestContext.Current.CancellationToken));
            var budget = export.RootElement.GetProperty("run").GetProperty("budget");
            Assert.Equal(3.5m, budget.GetProperty("maxCostUsd").GetDecimal());
            Assert.Equal(4_000_000, budget.GetProperty("maxTokens").GetInt64());
            Assert.Equal(TimeSpan.FromDays(1), TimeSpan.Parse(budget.GetProperty("maxWallTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(20, budget.GetProperty("maxMatches").GetInt32());
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Run_ProposalsOverAConfiguredServerMaximum_ExitsTwoNamingTheLimit()
    {
        var settings = new Dictionary<string, string?> { ["RunLimits:MaxProposals"] = "10", ["RunLimits:DefaultMaxProposals"] = "8" };

        var (exit, _, stderr) = await CliRunner.InvokeAsync(settings, "run", "--goal", Goal, "--max-proposals", "11");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--max-proposals must be between 2 and 10 (got 11). That is more than this server's maximum, set by RunLimits:MaxProposals.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadRunLimitsSetting_ExitsTwoNamingTheKey()
    {
        var settings = new Dictionary<string, string?> { ["RunLimits:DefaultBudgetUsd"] = "5000" };

        var (exit, _, stderr) = await CliRunner.InvokeAsync(settings, "run", "--goal", Goal);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("RunLimits:DefaultBudgetUsd must be more than 0 and at most RunLimits:MaxBudgetUsd (1000) (got 5000).", stderr, StringComparison.Ordinal);
    }
}
