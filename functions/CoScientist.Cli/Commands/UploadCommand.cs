using System.CommandLine;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using CoScientist.Api;
using CoScientist.Api.Validation;
using CoScientist.Azure;
using CoScientist.Cli.Hosting;
using CoScientist.Ingest;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoScientist.Cli.Commands;

/// <summary>
/// <c>cosci upload FILE --storage CONNECTION [--run RUNID]</c>: puts a file into the uploads container and
/// handles it exactly as the Functions app's blob trigger does (<see cref="UploadHandler"/>): a goal file
/// starts a run, a data file feeds the run, an unusable file is quarantined with its reason (exit 1).
/// </summary>
internal static class UploadCommand
{
    private static readonly Argument<FileInfo> File = new("FILE")
    {
        Description = "A goal file (.json as POST /api/runs, or .md with YAML front matter) or, with --run, a data file (.csv, .tsv, .md, .txt, .json).",
    };

    private static readonly Option<string?> Run = new("--run")
    {
        Description = "The run a data file feeds; the file is uploaded as runs/RUNID/FILE.",
    };

    private static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the outcome as JSON: action, blob, runId, detail.",
    };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("upload", "Upload a goal file (starts a run) or a data file for a run (--run), handled as the Functions app's upload trigger handles it.")
        {
            File,
            Run,
            EngineSettings.Storage,
            Json,
        };
        command.SetAction((parse, ct) => ExecuteAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var file = parse.GetValue(File)!;
        if (!file.Exists)
        {
            throw new UsageException($"cannot read '{file.FullName}': no such file.");
        }

        var runId = parse.GetValue(Run)?.Trim();
        if (runId is not null && !Ids.IsValid(runId))
        {
            throw new UsageException($"--run '{runId}' is not a run id (letters, digits, '-', '_' and '.', at most {Ids.MaxLength}).");
        }

        var configuration = environment.BuildConfiguration();
        var ingest = new IngestOptions();
        configuration.GetSection(IngestOptions.SectionName).Bind(ingest);
        if (ingest.Validate() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(IngestOptions.SectionName, typeof(IngestOptions), problems);
        }

        var settings = new EngineSettings { StorageConnection = EngineSettings.ReadStorage(parse) };
        await using var engine = await EngineHost.OpenStorageAsync(environment, settings, "upload", cancellationToken);
        var server = engine.Get<ServerModel>();
        var handler = new UploadHandler(
            engine.Get<AzureStorageClients>(),
            engine.Get<RunService>(),
            server,
            engine.Get<RunRequestRules>(),
            Options.Create(ingest),
            TimeProvider.System,
            NullLogger<UploadHandler>.Instance); // the outcome is printed below; a log line would say it twice

        // The blob trigger's path: the file lands in uploads, then the same handler takes it.
        var name = runId is null ? file.Name : $"{UploadContainers.RunFolder}{runId}/{file.Name}";
        await handler.Uploads.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await using (var content = file.OpenRead())
        {
            await handler.Uploads.GetBlobClient(name).UploadAsync(
                content,
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypeOf(file.Name) } },
                cancellationToken);
        }

        var outcome = await handler.HandleAsync(name, cancellationToken);
        if (parse.GetValue(Json))
        {
            var summary = new { action = outcome.Action.ToString().ToLowerInvariant(), blob = outcome.BlobName, runId = outcome.RunId, detail = outcome.Detail, quarantinedAs = outcome.QuarantineName };
            await environment.Out.WriteLineAsync(JsonSerializer.Serialize(summary, JsonDefaults.Indented));
        }
        else if (outcome.IsQuarantined)
        {
            await environment.Error.WriteLineAsync(
                $"quarantined: {outcome.Detail} (moved to {ingest.QuarantineContainer}/{outcome.QuarantineName}, reason in {outcome.QuarantineName}{UploadContainers.ReasonSuffix})");
        }
        else
        {
            await environment.Out.WriteLineAsync(outcome.ToString());
        }

        return outcome.Action is UploadAction.Started or UploadAction.Fed or UploadAction.AlreadyHandled ? ExitCodes.Success : ExitCodes.RunFailed;
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".md" or ".markdown" => "text/markdown; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".tsv" => "text/tab-separated-values; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
