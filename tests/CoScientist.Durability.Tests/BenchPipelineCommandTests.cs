using System.Text.Json;
using CoScientist.Durability.Tests.Infrastructure;

namespace CoScientist.Durability.Tests;

/// <summary><c>cosci bench pipeline</c> on Azurite, small enough for the test suite.</summary>
[Trait("Category", "Integration")]
public sealed class BenchPipelineCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task BenchPipeline_Json_PrintsTheFiguresPerConcurrency()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);

        var (exit, output, error) = await storage.CosciAsync("bench", "pipeline", "--proposals", "3", "--latency-ms", "20", "--concurrency", "1", "2", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        Assert.True(report.GetProperty("stepsPerSecond").GetDouble() > 0);
        Assert.True(report.GetProperty("overheadMsMedian").GetDouble() > 0);
        Assert.True(report.GetProperty("overheadMsP95").GetDouble() >= report.GetProperty("overheadMsMedian").GetDouble());
        var efficiency = report.GetProperty("parallelEfficiency");
        Assert.Equal(["1", "2"], efficiency.EnumerateObject().Select(p => p.Name));
        Assert.All(efficiency.EnumerateObject(), p => Assert.InRange(p.Value.GetDouble(), 0.05, 1.05));
        Assert.All(report.GetProperty("runs").EnumerateArray(), r => Assert.Equal("completed", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task BenchPipeline_WithoutStorage_IsAUsageError()
    {
        var (exit, _, error) = await CosciWithoutStorageAsync("bench", "pipeline");

        Assert.Equal(2, exit);
        Assert.Contains("bench pipeline measures real storage", error, StringComparison.Ordinal);
    }

    private static async Task<(int, string, string)> CosciWithoutStorageAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CoScientist.Cli.CosciApp.InvokeAsync(args, new CoScientist.Cli.CliEnvironment(output, error, new Dictionary<string, string?> { ["Storage:ConnectionString"] = "" }, Interactive: false), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
