using CoScientist.Hosting.Local;
using CoScientist.Hosting.Results;
using System.CommandLine;
using CoScientist.Cli.Hosting;
using CoScientist.Core.Results;
using CoScientist.Core.Storage;

namespace CoScientist.Cli.Commands.Storage;

/// <summary><c>cosci export</c>: a run's results from shared storage, in the format of <c>cosci run --out</c>.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var runId = RunIdArgument.Create();
        var command = new Command("export", "Write a run's overview.md, proposals/*.md and run.json (proposals, reviews, matches with ratings, meta-reviews, tasks) to a folder.")
        {
            runId, EngineSettings.Storage, RunCommand.Out,
        };
        command.SetAction(async (parse, ct) =>
        {
            var id = RunIdArgument.Read(parse, runId);
            var outDirectory = RunCommand.ReadOut(parse) ?? throw new UsageException("export needs --out DIR: the folder to write the results to.");
            var settings = new EngineSettings { StorageConnection = EngineSettings.ReadStorage(parse) };
            await using var engine = await EngineHost.OpenStorageAsync(environment, settings, "export", ct);
            // Throws RunNotFoundException, before anything is written, for an unknown run.
            var export = await RunExport.LoadAsync(engine.Get<RunStore>(), id, ct);
            await ResultsWriter.WriteAsync(export, outDirectory, ct);
            await environment.Error.WriteLineAsync(
                $"run {id} ({export.Run.Status.ToString().ToLowerInvariant()}): {export.Proposals.Count} proposals, {export.Reviews.Count} reviews, {export.Matches.Count} matches written to {outDirectory}");
            return ExitCodes.Success;
        });
        return command;
    }
}
