using System.Text.Json;
using CoScientist.Core.Llm;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;
using CoScientist.Hosting.Estimates;
using CoScientist.Llm;
using CoScientist.Simulation;
using Microsoft.Extensions.Options;

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

    [Fact]
    public async Task Estimate_SameRequest_AgreesWithTheServersEstimateSlotBySlot()
    {
        // cosci estimate and the API's estimate (the workbench form) rehearse the same run the same way.
        var (exit, stdout, stderr) = await CliRunner.InvokeAsync("estimate", "--goal", "Find new uses for metformin", "--max-proposals", "6", "--seed", "4", "--json");
        Assert.True(exit == 0, stderr);
        var cli = JsonDocument.Parse(stdout).RootElement;

        using var models = AgentModelProvider.Create(new LlmOptions { Provider = LlmProvider.Simulated }, new SimulationOptions());
        var (request, problems) = new RunRequestRules(Options.Create(new RunLimitsOptions())).Check(new RunRequestInput("Find new uses for metformin", MaxProposals: 6, Seed: 4));
        Assert.Empty(problems);
        var server = await new RunEstimator(models, Options.Create(new SupervisorOptions()), Options.Create(new SimulationOptions())).EstimateAsync(request!, TestContext.Current.CancellationToken);

        Assert.Equal(server.Calls, cli.GetProperty("calls").GetInt32());
        Assert.Equal(server.InputTokens, cli.GetProperty("inputTokens").GetInt64());
        Assert.Equal(server.OutputTokens, cli.GetProperty("outputTokens").GetInt64());
        Assert.Equal(server.Method, cli.GetProperty("method").GetString());
        var slots = cli.GetProperty("slots").EnumerateArray().Select(s => (s.GetProperty("slot").GetString()!, s.GetProperty("calls").GetInt32(), s.GetProperty("inputTokens").GetInt64())).ToList();
        Assert.Equal(server.Slots.Select(s => (s.Slot, s.Calls, s.InputTokens)), slots);
    }
}
