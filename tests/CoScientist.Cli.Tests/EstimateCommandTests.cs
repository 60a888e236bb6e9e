using System.Text.Json;

namespace CoScientist.Cli.Tests;

public sealed class EstimateCommandTests
{
    [Fact]
    public async Task Estimate_ForAzureOpenAI_PricesSimulatedUsageAtTheConfiguredModelsWithoutCallingThem()
    {
        var settings = new Dictionary<string, string?>
        {
            // An endpoint nobody listens on: the estimate must not call it.
            ["Llm:Endpoint"] = "https://unreachable.invalid/",
            ["Llm:ApiKey"] = "test-key",
            ["Llm:Model"] = "gpt-4.1",
            ["Llm:AgentModels:Ranking.SingleTurn"] = "gpt-4.1-mini",
        };
        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(settings, "estimate", "--goal", "Find new uses for metformin", "--model", "azure-openai", "--max-proposals", "8", "--json");

        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.True(root.GetProperty("calls").GetInt32() > 8);
        Assert.True(root.GetProperty("costUsd").GetDecimal() > 0);
        var slots = root.GetProperty("slots").EnumerateArray().ToDictionary(s => s.GetProperty("slot").GetString()!, s => s);
        Assert.Equal("gpt-4.1-mini", slots["Ranking.SingleTurn"].GetProperty("model").GetString());
        Assert.Equal("gpt-4.1", slots["Generation"].GetProperty("model").GetString());

        // gpt-4.1 costs five times gpt-4.1-mini per token: the same usage must be priced accordingly.
        var generation = slots["Generation"];
        var expected = ((generation.GetProperty("inputTokens").GetInt64() * 2.0m) + (generation.GetProperty("outputTokens").GetInt64() * 8.0m)) / 1_000_000m;
        Assert.Equal(Math.Round(expected, 6), generation.GetProperty("costUsd").GetDecimal());
    }

    [Fact]
    public async Task Estimate_Simulated_PrintsATable()
    {
        var (exit, stdout, _) = await CliRunner.InvokeAsync("estimate", "--goal", "Find new uses for metformin", "--max-proposals", "4");

        Assert.Equal(0, exit);
        Assert.Contains("total", stdout, StringComparison.Ordinal);
        Assert.Contains("Generation", stdout, StringComparison.Ordinal);
    }
}
