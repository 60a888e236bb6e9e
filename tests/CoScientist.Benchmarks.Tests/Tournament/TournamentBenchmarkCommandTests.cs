using System.Text.Json;
using CoScientist.Benchmarks.Tournament;

namespace CoScientist.Benchmarks.Tests.Tournament;

public sealed class TournamentBenchmarkCommandTests
{
    private static TournamentBenchmarkSettings Small(string? plot) => new()
    {
        Trials = 2,
        Sizes = [12],
        MaxBudgetPerProposal = 4,
        BaselineBudgetPerProposal = 8,
        ReferenceBudgetPerProposal = 2,
        GridStepPerProposal = 0.5,
        PlotPath = plot,
    };

    [Fact]
    public async Task RunAsync_Text_PrintsTheTableAndTheRatio()
    {
        using var output = new StringWriter();

        var exit = await TournamentBenchmarkCommand.RunAsync(Small(null), output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("| N | policy |", text, StringComparison.Ordinal);
        Assert.Contains("random pairs, Elo K=24", text, StringComparison.Ordinal);
        Assert.Contains("co-scientist policy", text, StringComparison.Ordinal);
        Assert.Contains("ratioVsRandomElo", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Json_GivesRowsAndRatio()
    {
        using var output = new StringWriter();

        await TournamentBenchmarkCommand.RunAsync(Small(null) with { Json = true }, output, TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(5, json.RootElement.GetProperty("rows").GetArrayLength());
        Assert.True(json.RootElement.TryGetProperty("ratioVsRandomElo", out _));
        Assert.Equal("randomEloK24", json.RootElement.GetProperty("rows")[0].GetProperty("policy").GetString());
    }

    [Fact]
    public async Task RunAsync_PlotPath_WritesTheSvg()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cosci-bench-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "recall.svg");
        try
        {
            using var output = new StringWriter();

            await TournamentBenchmarkCommand.RunAsync(Small(path), output, TestContext.Current.CancellationToken);

            var svg = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
            Assert.StartsWith("<?xml", svg, StringComparison.Ordinal);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains($"Plot written to {path}", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
