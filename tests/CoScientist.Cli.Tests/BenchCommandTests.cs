using System.Text.Json;

namespace CoScientist.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchTournament_Json_PrintsRowsAndTheRatioAgainstRandomElo()
    {
        var plot = Path.Combine(Path.GetTempPath(), $"cosci-plot-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, stdout, stderr) = await CliRunner.InvokeAsync("bench", "tournament", "--trials", "4", "--json", "--plot", plot);

            Assert.True(exit == 0, stderr);
            var root = JsonDocument.Parse(stdout).RootElement;
            Assert.True(root.TryGetProperty("ratioVsRandomElo", out _));
            Assert.True(root.GetProperty("rows").GetArrayLength() >= 10);
            // Position-biased judge with and without order swapping, recall and cost for each.
            var swapping = root.GetProperty("orderSwapping").EnumerateArray().ToList();
            Assert.Contains(swapping, r => r.GetProperty("bothOrders").GetString() == "none");
            Assert.Contains(swapping, r => r.GetProperty("bothOrders").GetString() != "none");
            Assert.All(swapping, r => Assert.True(r.TryGetProperty("topThreeRecallAtEnd", out _) && r.GetProperty("costPerMatch").GetDouble() >= 1));
            Assert.Equal(0.3, root.GetProperty("positionBias").GetDouble(), 9);
            // Stop rules: recall and cost where each fired, the default marked.
            var stops = root.GetProperty("stopRules").EnumerateArray().ToList();
            Assert.Contains(stops, r => r.GetProperty("rule").GetString()!.StartsWith("stability", StringComparison.Ordinal));
            Assert.Contains(stops, r => r.GetProperty("rule").GetString()!.StartsWith("separation", StringComparison.Ordinal) && r.GetProperty("isDefault").GetBoolean());
            Assert.All(stops, r => Assert.True(r.TryGetProperty("topThreeRecallAtStop", out _) && r.TryGetProperty("stopCostPerProposal", out _)));
            Assert.True(new FileInfo(plot).Length > 1000, "the plot was not written");
        }
        finally
        {
            File.Delete(plot);
        }
    }

    [Fact]
    public async Task BenchTournament_ZeroTrials_ExitsTwo()
    {
        var (exit, _, stderr) = await CliRunner.InvokeAsync("bench", "tournament", "--trials", "0");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--trials must be at least 1", stderr, StringComparison.Ordinal);
    }
}
