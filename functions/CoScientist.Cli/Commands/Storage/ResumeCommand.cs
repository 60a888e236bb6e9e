using System.CommandLine;
using CoScientist.Cli.Display;
using CoScientist.Cli.Hosting;
using CoScientist.Hosting;
using CoScientist.Hosting.Local;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Cli.Commands.Storage;

/// <summary>
/// <c>cosci resume</c>: works a run on shared storage to its end in this process, whether it was
/// paused, or left running by processes that stopped or crashed.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var runId = RunIdArgument.Create();
        var command = new Command("resume", "Work a run on shared storage to its end (a paused run is resumed first).")
        {
            runId, EngineSettings.Storage, RunSettings.Model, RunSettings.Concurrency, EngineSettings.SimulatedLatencyMs, RunSettings.Json, RunCommand.Out,
        };
        command.SetAction(async (parse, ct) =>
        {
            var id = RunIdArgument.Read(parse, runId);
            var outDirectory = RunCommand.ReadOut(parse);
            var asJson = parse.GetValue(RunSettings.Json);
            var settings = new EngineSettings
            {
                Provider = RunSettings.ParseProvider(parse.GetValue(RunSettings.Model)),
                StorageConnection = EngineSettings.ReadStorage(parse),
                Concurrency = EngineSettings.ReadConcurrency(parse, RunSettings.Concurrency),
                SimulatedLatencyMilliseconds = EngineSettings.ReadLatency(parse),
            };
            await using var engine = await EngineHost.OpenStorageAsync(environment, settings, "resume", ct, CoScientistHost.Runner with { RequireSharedStorage = true });
            var store = engine.Get<RunStore>();
            var run = (await store.GetRunAsync(id, ct))?.Value ?? throw new RunNotFoundException(id);
            if (!run.Status.IsTerminal())
            {
                // Resuming a running run restarts its heartbeat, which re-issues tasks whose workers died.
                await engine.Get<RunService>().ResumeAsync(id, ct);
                using var progress = new RunProgress(store, environment, enabled: !asJson);
                run = await engine.Get<LocalRunner>().ResumeAsync(id, progress.ObserveAsync, ct);
                await progress.CompleteAsync(id, ct);
            }
            else
            {
                await environment.Error.WriteLineAsync($"run {id} has already ended ({run.Status.ToString().ToLowerInvariant()}).");
            }

            return await RunCommand.ReportAsync(engine, run, outDirectory, asJson, environment, ct);
        });
        return command;
    }
}
