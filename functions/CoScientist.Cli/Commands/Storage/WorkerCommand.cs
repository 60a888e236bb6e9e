using System.CommandLine;
using CoScientist.Cli.Hosting;
using CoScientist.Hosting;
using CoScientist.Hosting.Local;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Options;

namespace CoScientist.Cli.Commands.Storage;

/// <summary>
/// <c>cosci worker</c>: only the step handlers, as competing consumers of the storage's queues.
/// Any number of workers, on any machines, share the runs on one storage account.
/// </summary>
internal static class WorkerCommand
{
    private static readonly Option<int?> Concurrency = new("--concurrency") { Description = "Agent steps this worker runs at once (default 8)." };
    private static readonly Option<string?> ExitWhenDone = new("--exit-when-done") { Description = "Exit once this run has ended (default: work until stopped with Ctrl-C or SIGTERM)." };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("worker", "Run agent steps from the storage's queues until stopped (Ctrl-C or SIGTERM); start as many as you like.")
        {
            EngineSettings.Storage, RunSettings.Model, EngineSettings.Queues, Concurrency, EngineSettings.SimulatedLatencyMs, ExitWhenDone,
        };
        command.SetAction((parse, ct) => ExecuteAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var settings = new EngineSettings
        {
            Provider = RunSettings.ParseProvider(parse.GetValue(RunSettings.Model)),
            StorageConnection = EngineSettings.ReadStorage(parse),
            Concurrency = EngineSettings.ReadConcurrency(parse, Concurrency),
            SimulatedLatencyMilliseconds = EngineSettings.ReadLatency(parse),
            QueueNames = EngineSettings.ReadQueues(parse),
        };
        var untilRun = parse.GetValue(ExitWhenDone)?.Trim();
        await using var engine = await EngineHost.OpenStorageAsync(environment, settings, "worker", cancellationToken, CoScientistHost.Worker);
        var store = engine.Get<RunStore>();
        if (untilRun is not null && await store.GetRunAsync(untilRun, cancellationToken) is null)
        {
            throw new RunNotFoundException(untilRun);
        }

        var host = engine.Get<LocalPipelineHost>();
        var options = engine.Get<IOptions<LocalHostOptions>>().Value;
        await environment.Error.WriteLineAsync(
            $"worker {Environment.ProcessId}: {options.ListenedQueues.Count} queues, {options.Concurrency} steps at once, model {engine.Models.Description}, storage {EngineHost.StorageEndpoint(engine.Storage!)}.");
        try
        {
            // --exit-when-done works as cosci run does: until the run has ended and its orchestration has
            // recorded the end, so the task hub is not left with the run's orchestration waiting for a worker.
            await (untilRun is null
                ? host.RunAsync(_ => Task.FromResult(false), cancellationToken)
                : engine.Get<LocalRunner>().ResumeAsync(untilRun, cancellationToken: cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping a worker is its normal end; unfinished steps go back to the queues.
        }

        await environment.Error.WriteLineAsync(
            $"worker {Environment.ProcessId}: stopped after {host.Handled} messages, {engine.Get<AgentStepHandler>().StepsExecuted} agent steps run, {host.Poisoned} messages moved to poison queues.");
        return ExitCodes.Success;
    }
}
