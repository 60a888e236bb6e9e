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
