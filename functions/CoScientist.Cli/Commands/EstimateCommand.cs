using CoScientist.Api.Contracts;
using CoScientist.Hosting.Estimates;
using CoScientist.Hosting.Local;
using CoScientist.Hosting.Results;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CoScientist.Cli.Hosting;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using CoScientist.Simulation;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using Spectre.Console;

namespace CoScientist.Cli.Commands;

/// <summary>What <c>cosci estimate</c> reports.</summary>
public sealed record CostEstimate(string Provider, int Calls, long InputTokens, long OutputTokens, decimal CostUsd, IReadOnlyList<SlotEstimateView> Slots, string Method);

/// <summary>
/// <c>cosci estimate</c>: LLM calls, tokens and cost a configuration will spend, measured by a
/// simulated run with the same goal and budgets and priced at the configured models' prices,
/// before any money is spent.
/// </summary>
internal static class EstimateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("estimate", "Estimate calls, tokens and cost of a run before spending anything (runs the simulated model).");
        foreach (var option in RunSettings.All)
        {
            command.Add(option);
        }

        command.SetAction((parse, ct) => ExecuteAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var settings = RunSettings.Read(parse, environment);
        var configuration = environment.BuildConfiguration();

        // The target configuration is validated and priced, but never called.
        var (target, _) = EngineHost.ReadLlmOptions(configuration, settings.Provider);
        using var pricing = AgentModelProvider.Create(target, new SimulationOptions { Seed = settings.Request.Seed });

        // A rehearsal: always the simulated model in memory, whatever storage is configured.
        await using var engine = EngineHost.Create(configuration, settings.Engine with { Provider = LlmProvider.Simulated, InMemory = true }, environment.Error);
        var run = await engine.Get<LocalRunner>().RunAsync(settings.Request, cancellationToken: cancellationToken);
        var snapshot = await RunSnapshot.LoadAsync(engine.Get<RunStore>(), run.Id, cancellationToken: cancellationToken);

        var slots = RunEstimator.PriceSlots(snapshot, pricing);
        var estimate = new CostEstimate(
            pricing.Description,
            slots.Sum(s => s.Calls),
            slots.Sum(s => s.InputTokens),
            slots.Sum(s => s.OutputTokens),
            slots.Sum(s => s.CostUsd),
            slots,
            RunEstimator.Method);

        if (settings.AsJson)
        {
            await environment.Out.WriteLineAsync(JsonSerializer.Serialize(estimate, JsonDefaults.Indented));
            return ExitCodes.Success;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(environment.Out), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var table = new Table().AddColumns("Slot", "Model", "Calls", "Input tokens", "Output tokens", "Cost (USD)");
        foreach (var s in slots)
        {
            table.AddRow(s.Slot, Markup.Escape(s.Model), Fmt(s.Calls), Fmt(s.InputTokens), Fmt(s.OutputTokens), s.CostUsd.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        table.AddRow("[bold]total[/]", "", Fmt(estimate.Calls), Fmt(estimate.InputTokens), Fmt(estimate.OutputTokens), $"[bold]{estimate.CostUsd.ToString("0.0000", CultureInfo.InvariantCulture)}[/]");
        console.MarkupLine($"Estimate for {Markup.Escape(estimate.Provider)}:");
        console.Write(table);
        console.MarkupLine(Markup.Escape(estimate.Method));
        return ExitCodes.Success;
    }

    private static string Fmt(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
