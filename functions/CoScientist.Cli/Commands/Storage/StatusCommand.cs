using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CoScientist.Cli.Display;
using CoScientist.Cli.Hosting;
using CoScientist.Hosting.Status;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Orchestration;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Cli.Commands.Storage;

/// <summary><c>cosci status</c>: where a run on shared storage stands, read by anyone at any time.</summary>
internal static class StatusCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var runId = RunIdArgument.Create();
        var command = new Command("status", "Show a run's status, work per agent, poison messages and cost.")
        {
            runId, EngineSettings.Storage, RunSettings.Json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var id = RunIdArgument.Read(parse, runId);
            var settings = new EngineSettings { StorageConnection = EngineSettings.ReadStorage(parse) };
            await using var engine = await EngineHost.OpenStorageAsync(environment, settings, "status", ct);
            // An unknown run has no orchestration either; loading the report then names it.
            var orchestration = await engine.Get<IRunOrchestrations>().GetStateAsync(id, ct);
            var report = await RunStatusReport.LoadAsync(engine.Get<RunStore>(), await engine.Get<PoisonQueues>().SummarizeAsync(id, ct), id, orchestration, ct);
            if (parse.GetValue(RunSettings.Json))
            {
                await environment.Out.WriteLineAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented));
            }
            else
            {
                await WriteAsync(report, environment.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteAsync(RunStatusReport report, TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        // The goal, stop reason and model name come from storage and, first, from outside: never raw to a terminal.
        await output.WriteLineAsync($"run {report.RunId}: {report.Status}, round {report.Round}{(report.StopReason is null ? "" : $" ({TerminalText.Safe(report.StopReason)})")}");
        await output.WriteLineAsync($"goal: {TerminalText.Safe(report.Goal)}");
        await output.WriteLineAsync(report.Orchestration is { } orchestration
            ? $"orchestration: {orchestration.Status}{(orchestration.Phase is null ? "" : $" ({TerminalText.Safe(orchestration.Phase)})")}{(orchestration.Failure is null ? "" : $": {TerminalText.Safe(orchestration.Failure)}")}"
            : "orchestration: none (the run was never started on this storage's task hub)");
        await output.WriteLineAsync($"model: {TerminalText.Safe(report.Model)}{(report.Simulated ? " (simulated)" : "")}");
        await output.WriteLineAsync(report.Literature ? "literature: the configured sources and the attached context" : "literature: off (the attached context only)");
        await output.WriteLineAsync(string.Create(invariant, $"proposals {report.Proposals}, reviews {report.Reviews}, matches {report.Matches}; {report.Tokens:N0} tokens, ${report.CostUsd:0.0000}"));
        await output.WriteLineAsync($"{"agent",-14}{"pending",9}{"running",9}{"done",9}{"failed",9}{"cancelled",11}");
        foreach (var (agent, counts) in report.Agents)
        {
            await output.WriteLineAsync($"{agent,-14}{counts.Pending,9}{counts.Running,9}{counts.Completed,9}{counts.Failed,9}{counts.Cancelled,11}");
        }

        var poison = report.Poison;
        var more = poison.Truncated ? " or more" : "";
        if (poison.ForRun == 0 && poison.Unreadable == 0)
        {
            await output.WriteLineAsync("poison messages: none");
            return;
        }

        await output.WriteLineAsync($"poison messages: {poison.ForRun}{more} for this run"
            + string.Concat(poison.ByQueue.Select(q => $"; {q.Value} on {q.Key}"))
            + (poison.Unreadable > 0 ? $"; {poison.Unreadable}{more} unreadable (malformed, no run id)" : ""));
    }
}
