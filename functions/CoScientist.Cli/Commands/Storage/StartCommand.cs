using System.CommandLine;
using System.Text.Json;
using CoScientist.Cli.Hosting;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Runs;

namespace CoScientist.Cli.Commands.Storage;

/// <summary><c>cosci start</c>: creates a run on shared storage, schedules its first step and returns; workers do the rest.</summary>
internal static class StartCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("start", "Create a run on shared storage and return at once, printing its id; `cosci worker` processes do the work.");
        foreach (var option in RunSettings.All.Where(o => o != RunSettings.Concurrency))
        {
            command.Add(option);
        }

        command.Add(EngineSettings.Storage);
        command.SetAction((parse, ct) => ExecuteAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var settings = RunSettings.Read(parse, environment);
        var engineSettings = settings.Engine with { StorageConnection = EngineSettings.ReadStorage(parse) };
        await using var engine = await EngineHost.OpenStorageAsync(environment, engineSettings, "start", cancellationToken);
        if (engine.ProviderDefaulted)
        {
            await environment.Error.WriteLineAsync("No LLM is configured: the run is marked simulated. Workers must use the same model settings.");
        }

        var run = await engine.Get<RunService>().StartAsync(settings.Request, cancellationToken);
        if (settings.AsJson)
        {
            var started = new { runId = run.Id, status = run.Status.ToString().ToLowerInvariant(), model = run.ModelDescription, simulated = run.Simulated };
            await environment.Out.WriteLineAsync(JsonSerializer.Serialize(started, JsonDefaults.Indented));
        }
        else
        {
            await environment.Out.WriteLineAsync(run.Id);
        }

        return ExitCodes.Success;
    }
}
