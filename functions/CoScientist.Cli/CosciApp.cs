using System.CommandLine;
using CoScientist.Cli.Commands;
using CoScientist.Cli.Commands.Storage;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Options;

namespace CoScientist.Cli;

/// <summary>The <c>cosci</c> command line: builds the commands and turns every user error into one line and exit code 2.</summary>
public static class CosciApp
{
    public static async Task<int> InvokeAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("cosci: an AI co-scientist. Seven agents generate, review, rank and evolve research proposals for your goal.")
        {
            RunCommand.Create(environment),
            StartCommand.Create(environment),
            WorkerCommand.Create(environment),
            StatusCommand.Create(environment),
            ResumeCommand.Create(environment),
            ExportCommand.Create(environment),
            ServeCommand.Create(environment),
            EstimateCommand.Create(environment),
            BenchCommand.Create(environment),
            EvalCommand.Create(environment),
            LiteratureCommand.Create(environment),
            ScanCommand.Create(environment),
            UploadCommand.Create(environment),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await environment.Error.WriteLineAsync($"error: {parse.Errors[0].Message}");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(
                // No ProcessTerminationTimeout: the program's own signal handlers cancel the token, and a
                // command that is shutting down (a worker finishing its steps in flight) is given the time
                // it needs instead of being cut off two seconds later with exit code 143.
                new InvocationConfiguration { Output = environment.Out, Error = environment.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                cancellationToken);
        }
        catch (Exception ex) when (ex is StorageUnavailableException)
        {
            await environment.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.RunFailed;
        }
        catch (Exception ex) when (ex is UsageException or RunRequestException or OptionsValidationException or RunNotFoundException)
        {
            var message = ex is OptionsValidationException options ? string.Join(" ", options.Failures) : ex.Message;
            await environment.Error.WriteLineAsync($"error: {message.ReplaceLineEndings(" ")}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("cancelled.");
            return 130;
        }
    }
}
