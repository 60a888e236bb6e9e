using CoScientist.Hosting.Local;
using CoScientist.Hosting.Results;
using System.CommandLine;
using System.Text.Json;
using CoScientist.Cli.Display;
using CoScientist.Cli.Hosting;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Results;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Cli.Commands;

/// <summary><c>cosci run</c>: one whole run on this machine, with a live display, results written to a folder.</summary>
internal static class RunCommand
{
    public static readonly Option<DirectoryInfo?> Out = new("--out") { Description = "Folder for overview.md, proposals/*.md and run.json." };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("run", "Run the co-scientist on a research goal, start to finish.");
        foreach (var option in RunSettings.All)
        {
            command.Add(option);
        }

        command.Add(EngineSettings.Storage);
        command.Add(EngineSettings.SimulatedLatencyMs);
        command.Add(Out);
        command.SetAction((parse, ct) => ExecuteAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var settings = RunSettings.Read(parse, environment);
        var outDirectory = ReadOut(parse);

        var engineSettings = settings.Engine with
        {
            StorageConnection = EngineSettings.ReadStorage(parse),
            SimulatedLatencyMilliseconds = EngineSettings.ReadLatency(parse),
        };
        await using var engine = await EngineHost.StartAsync(environment, engineSettings, cancellationToken);
        var runner = engine.Get<LocalRunner>();
        RunRecord run;
        using (var progress = new RunProgress(engine.Get<RunStore>(), environment, enabled: !settings.AsJson))
        {
            run = await runner.RunAsync(
                settings.Request,
                onProgress: progress.ObserveAsync,
                cancellationToken: cancellationToken);
            await progress.CompleteAsync(run.Id, cancellationToken);
        }

        return await ReportAsync(engine, run, outDirectory, settings.AsJson, environment, cancellationToken);
    }

    public static string? ReadOut(ParseResult parse)
    {
        var outDirectory = parse.GetValue(Out)?.FullName;
        if (outDirectory is not null && File.Exists(outDirectory))
        {
            throw new UsageException($"--out '{outDirectory}' is a file, not a folder.");
        }

        return outDirectory;
    }

    /// <summary>Writes the results folder (when asked) and the summary, and turns the run's end into the exit code.</summary>
    public static async Task<int> ReportAsync(EngineHost engine, RunRecord run, string? outDirectory, bool asJson, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var export = await RunExport.LoadAsync(engine.Get<RunStore>(), run.Id, cancellationToken);
        if (outDirectory is not null)
        {
            await ResultsWriter.WriteAsync(export, outDirectory, cancellationToken);
        }

        var summary = RunSummary.From(export, outDirectory);
        if (asJson)
        {
            await environment.Out.WriteLineAsync(JsonSerializer.Serialize(summary, JsonDefaults.Indented));
        }
        else
        {
            ResultsTable.Write(summary, environment);
        }

        if (run.Status == RunStatus.Failed)
        {
            await environment.Error.WriteLineAsync($"run {run.Id} failed: {Display.TerminalText.Safe(run.StopReason)}");
            return ExitCodes.RunFailed;
        }

        return ExitCodes.Success;
    }
}
